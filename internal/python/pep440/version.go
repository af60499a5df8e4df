package pep440

import (
	"strconv"
	"strings"
)

// preKind is the kind of a pre-release, ordered as the spec orders them.
type preKind uint8

const (
	preNone preKind = iota
	preAlpha
	preBeta
	preRC
)

// label is the normalised spelling of the kind.
func (k preKind) label() string {
	switch k {
	case preAlpha:
		return "a"
	case preBeta:
		return "b"
	case preRC:
		return "rc"
	}
	return ""
}

// optNum is an optional segment number (post-release or dev-release): "1.0"
// and "1.0.post0" differ, so presence is kept apart from the value.
type optNum struct {
	n  uint64
	ok bool
}

// Version is a parsed PEP 440 version:
// [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local].
//
// Build one with Parse. The zero Version is "0". A Version is immutable and
// safe to copy; compare with Compare, never with ==.
type Version struct {
	epoch   uint64
	release []uint64 // as written, trailing zeros kept ("1.0.0" stays "1.0.0")
	pre     preKind
	preN    uint64
	post    optNum
	dev     optNum
	// local holds the normalised local segments: lower case, and numeric
	// segments without leading zeros, so that equal labels are equal strings.
	local []string
}

// Epoch returns the epoch, 0 when none is given.
func (v Version) Epoch() uint64 { return v.epoch }

// Release returns a copy of the release segment, trailing zeros included.
func (v Version) Release() []uint64 {
	if len(v.release) == 0 {
		return []uint64{0}
	}
	return append([]uint64(nil), v.release...)
}

// Major returns the first release number.
func (v Version) Major() uint64 { return v.releaseAt(0) }

// Minor returns the second release number, 0 when absent.
func (v Version) Minor() uint64 { return v.releaseAt(1) }

// Micro returns the third release number, 0 when absent.
func (v Version) Micro() uint64 { return v.releaseAt(2) }

func (v Version) releaseAt(i int) uint64 {
	if i < len(v.release) {
		return v.release[i]
	}
	return 0
}

// Pre returns the pre-release label ("a", "b" or "rc") and number, and
// whether the version has a pre-release segment at all.
func (v Version) Pre() (label string, n uint64, ok bool) {
	return v.pre.label(), v.preN, v.pre != preNone
}

// Post returns the post-release number and whether there is one.
func (v Version) Post() (uint64, bool) { return v.post.n, v.post.ok }

// Dev returns the development-release number and whether there is one.
func (v Version) Dev() (uint64, bool) { return v.dev.n, v.dev.ok }

// Local returns the normalised local version label ("ubuntu.1"), or "".
func (v Version) Local() string { return strings.Join(v.local, ".") }

// IsPrerelease reports whether v is a pre-release or a development release,
// the versions that specifiers exclude unless asked for.
func (v Version) IsPrerelease() bool { return v.pre != preNone || v.dev.ok }

// IsPostrelease reports whether v has a post-release segment.
func (v Version) IsPostrelease() bool { return v.post.ok }

// IsDevrelease reports whether v has a development-release segment.
func (v Version) IsDevrelease() bool { return v.dev.ok }

// Public returns v without its local version label.
func (v Version) Public() Version {
	v.local = nil
	return v
}

// String returns the normalised form, such as "1!1.0rc1.post2.dev3+abc.1".
// Parse(v.String()) gives back a Version equal to v.
func (v Version) String() string {
	var b strings.Builder
	if v.epoch != 0 {
		b.WriteString(strconv.FormatUint(v.epoch, 10))
		b.WriteByte('!')
	}
	if len(v.release) == 0 {
		b.WriteByte('0')
	}
	for i, n := range v.release {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.FormatUint(n, 10))
	}
	if v.pre != preNone {
		b.WriteString(v.pre.label())
		b.WriteString(strconv.FormatUint(v.preN, 10))
	}
	if v.post.ok {
		b.WriteString(".post")
		b.WriteString(strconv.FormatUint(v.post.n, 10))
	}
	if v.dev.ok {
		b.WriteString(".dev")
		b.WriteString(strconv.FormatUint(v.dev.n, 10))
	}
	if len(v.local) > 0 {
		b.WriteByte('+')
		b.WriteString(v.Local())
	}
	return b.String()
}
