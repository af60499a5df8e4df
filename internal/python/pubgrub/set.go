package pubgrub

import "math/bits"

// set is a set of the versions of one package (bits 0 to n-1, most
// preferred first), plus two more members: bit n, "unlisted", stands for
// every version the Source did not list, and bit n+1, "absent", for the
// package not being selected at all.
//
// A positive term ("P is selected, at one of these versions") lacks the
// absent bit; a negative term ("P is not selected at any of these
// versions") has it. Unlisted plays the part of the versions a range holds
// that do not exist: "P>=9" is not empty when P has no such version, so the
// solver meets it when it decides P, and says "there is no version of
// P>=9", rather than at once. It is never picked.
type set struct {
	n     int // listed versions
	words []uint64
}

func newSet(n int) set { return set{n: n, words: make([]uint64, (n+2+63)/64)} }

// unlisted is the bit of the versions not listed.
func (s set) unlisted() int { return s.n }

// versionsOf returns the positive set of the given version indexes.
func versionsOf(n int, idx ...int) set {
	s := newSet(n)
	for _, i := range idx {
		s.words[i/64] |= 1 << (i % 64)
	}
	return s
}

// anyVersion is the positive set of every version, unlisted ones too.
func anyVersion(n int) set {
	s := newSet(n)
	for i := range n + 1 {
		s.words[i/64] |= 1 << (i % 64)
	}
	return s
}

func (s set) has(i int) bool { return s.words[i/64]&(1<<(i%64)) != 0 }

// absent reports whether the set admits the package not being selected:
// the set is a negative term.
func (s set) absent() bool { return s.has(s.n + 1) }

func (s set) and(o set) set {
	r := newSet(s.n)
	for i := range r.words {
		r.words[i] = s.words[i] & o.words[i]
	}
	return r
}

func (s set) not() set {
	r := newSet(s.n)
	for i := range r.words {
		r.words[i] = ^s.words[i]
	}
	// Clear the bits past "absent".
	if extra := len(r.words)*64 - (s.n + 2); extra > 0 {
		r.words[len(r.words)-1] &= ^uint64(0) >> extra
	}
	return r
}

func (s set) empty() bool {
	for _, w := range s.words {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s set) equal(o set) bool {
	for i := range s.words {
		if s.words[i] != o.words[i] {
			return false
		}
	}
	return true
}

// subset reports whether every member of s is in o.
func (s set) subset(o set) bool {
	for i := range s.words {
		if s.words[i]&^o.words[i] != 0 {
			return false
		}
	}
	return true
}

// disjoint reports whether s and o share no member.
func (s set) disjoint(o set) bool {
	for i := range s.words {
		if s.words[i]&o.words[i] != 0 {
			return false
		}
	}
	return true
}

// versions counts the listed versions in s.
func (s set) versions() int {
	c := 0
	for _, w := range s.words {
		c += bits.OnesCount64(w)
	}
	if s.absent() {
		c--
	}
	if s.has(s.unlisted()) {
		c--
	}
	return c
}

// first is the lowest version index in s (the most preferred), or -1.
func (s set) first() int {
	for wi, w := range s.words {
		if w != 0 {
			i := wi*64 + bits.TrailingZeros64(w)
			if i < s.n {
				return i
			}
			return -1
		}
	}
	return -1
}

// indexes lists the listed version indexes in s, in order.
func (s set) indexes() []int {
	var out []int
	for i := range s.n {
		if s.has(i) {
			out = append(out, i)
		}
	}
	return out
}

func (s set) or(o set) set { return s.not().and(o.not()).not() }

// full reports whether s holds every version and "absent": a term that
// says nothing.
func (s set) full() bool { return s.not().empty() }
