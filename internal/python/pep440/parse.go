package pep440

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalidVersion is wrapped by every error Parse returns.
var ErrInvalidVersion = errors.New("invalid PEP 440 version")

// MustParse is Parse for constants known to be valid; it panics otherwise.
func MustParse(s string) Version {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

// Parse parses and normalises a version by the spec's normalisation rules:
// surrounding whitespace and a leading "v" are dropped, case is ignored,
// ".", "-" and "_" separate segments interchangeably, "alpha", "beta", "c",
// "pre", "preview", "r" and "rev" are spellings of a, b, rc, rc, rc, post and
// post, a missing pre/post/dev number is 0, and "1.0-1" is "1.0.post1".
func Parse(s string) (Version, error) {
	t := trimSpace(s)
	for i := 0; i < len(t); i++ {
		if t[i] >= 0x80 {
			return Version{}, fmt.Errorf("parsing version %q: %w: non-ASCII character at offset %d", s, ErrInvalidVersion, i)
		}
	}
	p := scanner{s: strings.ToLower(t)}
	v, err := p.version()
	if err != nil {
		return Version{}, fmt.Errorf("parsing version %q: %w: %w", s, ErrInvalidVersion, err)
	}
	return v, nil
}

// scanner walks a trimmed, lower-cased, ASCII version string. The grammar is
// the spec's regular expression, written out: each optional part remembers
// where it started and gives the input back if it does not match in full.
type scanner struct {
	s string
	i int
}

func (p *scanner) version() (Version, error) {
	var v Version
	if p.s == "" {
		return v, errors.New("empty string")
	}
	p.accept("v")
	first, err := p.number("release")
	if err != nil {
		return v, err
	}
	if p.accept("!") {
		v.epoch = first
		if first, err = p.number("release after the epoch"); err != nil {
			return v, err
		}
	}
	v.release = []uint64{first}
	for p.peek(0) == '.' && isDigit(p.peek(1)) {
		p.i++
		n, err := p.number("release")
		if err != nil {
			return v, err
		}
		v.release = append(v.release, n)
	}
	if err := p.preRelease(&v); err != nil {
		return v, err
	}
	if err := p.postRelease(&v); err != nil {
		return v, err
	}
	if v.dev, err = p.labelled("dev"); err != nil {
		return v, err
	}
	if p.accept("+") {
		if v.local, err = p.localLabel(); err != nil {
			return v, err
		}
	}
	if p.i != len(p.s) {
		return v, fmt.Errorf("unexpected %q at offset %d", p.s[p.i:], p.i)
	}
	return v, nil
}

// preRelease reads [sep](alpha|a|beta|b|preview|pre|c|rc)[sep][N]. Longer
// spellings are tried first; no shorter choice could let the rest match.
func (p *scanner) preRelease(v *Version) error {
	start := p.i
	p.separator()
	for _, w := range []struct {
		word string
		kind preKind
	}{{"alpha", preAlpha}, {"a", preAlpha}, {"beta", preBeta}, {"b", preBeta},
		{"preview", preRC}, {"pre", preRC}, {"rc", preRC}, {"c", preRC}} {
		if p.accept(w.word) {
			v.pre = w.kind
			n, err := p.optionalNumber("pre-release")
			v.preN = n.n
			return err
		}
	}
	p.i = start
	return nil
}

// postRelease reads the implicit form -N, or [sep](post|rev|r)[sep][N].
func (p *scanner) postRelease(v *Version) error {
	if p.peek(0) == '-' && isDigit(p.peek(1)) {
		p.i++
		n, err := p.number("post-release")
		v.post = optNum{n, true}
		return err
	}
	var err error
	v.post, err = p.labelled("post", "rev", "r")
	return err
}

// labelled reads [sep]word[sep][N] for the first matching word.
func (p *scanner) labelled(words ...string) (optNum, error) {
	start := p.i
	p.separator()
	for _, w := range words {
		if p.accept(w) {
			return p.optionalNumber(w)
		}
	}
	p.i = start
	return optNum{}, nil
}

// optionalNumber reads [sep][N]; a missing number is an implicit 0.
func (p *scanner) optionalNumber(what string) (optNum, error) {
	p.separator()
	if !isDigit(p.peek(0)) {
		return optNum{0, true}, nil
	}
	n, err := p.number(what)
	return optNum{n, true}, err
}

// localLabel reads [a-z0-9]+([._-][a-z0-9]+)* and normalises each segment.
func (p *scanner) localLabel() ([]string, error) {
	var segs []string
	for {
		start := p.i
		for p.i < len(p.s) && (isDigit(p.s[p.i]) || p.s[p.i] >= 'a' && p.s[p.i] <= 'z') {
			p.i++
		}
		if p.i == start {
			return nil, fmt.Errorf("empty or invalid local version segment at offset %d (segments are letters and digits separated by '.', '-' or '_')", p.i)
		}
		segs = append(segs, normLocal(p.s[start:p.i]))
		if !p.separator() {
			return segs, nil
		}
	}
}
