package pep508

import (
	"fmt"
	"unicode/utf8"
)

// SyntaxError reports where a requirement or a marker stops following the
// grammar. Its message quotes the input and gives the 1-based column of the
// offending character; Pointer draws a caret under it for terminals.
type SyntaxError struct {
	// What is "requirement" or "marker": the thing being parsed.
	What string
	// Input is the whole text given to the parser.
	Input string
	// Offset is the byte offset of the fault in Input.
	Offset int
	// Msg says what was expected and what was found.
	Msg string
	// Err is the underlying error, such as a pep440 specifier error.
	Err error
}

func (e *SyntaxError) Error() string {
	msg := e.Msg
	if e.Err != nil {
		if msg == "" {
			msg = e.Err.Error()
		} else {
			msg += ": " + e.Err.Error()
		}
	}
	return fmt.Sprintf("parsing %s %q: column %d: %s", e.What, e.Input, e.Column(), msg)
}

// Unwrap returns the underlying error, if any.
func (e *SyntaxError) Unwrap() error { return e.Err }

// Column is the 1-based column of the fault, counted in characters.
func (e *SyntaxError) Column() int {
	off := min(max(e.Offset, 0), len(e.Input))
	return utf8.RuneCountInString(e.Input[:off]) + 1
}

// Pointer returns the input and, on a second line, a caret under the fault:
//
//	numpy >= ; python_version > "3"
//	         ^
func (e *SyntaxError) Pointer() string {
	pad := make([]byte, e.Column()-1)
	for i := range pad {
		pad[i] = ' '
	}
	return e.Input + "\n" + string(pad) + "^"
}
