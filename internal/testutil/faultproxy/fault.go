package faultproxy

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
)

// Kind is a way a response goes wrong.
type Kind int

const (
	// Status answers Fault.Code (with Fault.Header) instead of the
	// upstream's response.
	Status Kind = iota + 1
	// Drop sends the headers and half the body, then cuts the connection.
	Drop
	// LongLength declares more bytes than the body holds, sends the body,
	// then closes the connection.
	LongLength
	// ShortLength declares and sends half the body: a cut file that looks
	// whole.
	ShortLength
	// Corrupt flips one byte in the middle of the body.
	Corrupt
	// Stall sends the headers and half the body, then nothing until the
	// client gives up or the proxy closes.
	Stall
	// Reset closes the connection before any response.
	Reset
	// Hang neither forwards the request nor answers: the server took the
	// connection and went silent.
	Hang
)

func (k Kind) String() string {
	switch k {
	case Status:
		return "status"
	case Drop:
		return "drop"
	case LongLength:
		return "long-length"
	case ShortLength:
		return "short-length"
	case Corrupt:
		return "corrupt"
	case Stall:
		return "stall"
	case Reset:
		return "reset"
	case Hang:
		return "hang"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Fault is what happens to the responses a Rule matches.
type Fault struct {
	Kind Kind
	// Code and Header are the answer of a Status fault.
	Code   int
	Header http.Header
	// Times is how many matching requests get the fault, the first ones;
	// later ones pass. Zero: every one.
	Times int
}

func (f Fault) String() string {
	s := f.Kind.String()
	if f.Kind == Status {
		s = fmt.Sprintf("%d", f.Code)
	}
	if f.Times > 0 {
		s += fmt.Sprintf(" ×%d", f.Times)
	}
	return s
}

// Rule applies a Fault to the requests whose method and path match.
type Rule struct {
	method string // "" matches any
	path   *regexp.Regexp
	fault  Fault

	mu      sync.Mutex
	hits    int
	first   chan struct{} // closed at the first fault
	removed bool
}

// Hits is how many responses the rule has spoilt so far.
func (r *Rule) Hits() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits
}

// Hit is closed when the rule spoils its first response.
func (r *Rule) Hit() <-chan struct{} { return r.first }

// take reports whether the rule spoils a response to req, counting it.
func (r *Rule) take(req *http.Request) bool {
	if r.method != "" && r.method != req.Method || !r.path.MatchString(req.URL.Path) {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.removed || r.fault.Times > 0 && r.hits >= r.fault.Times {
		return false
	}
	r.hits++
	if r.hits == 1 {
		close(r.first)
	}
	return true
}
