// Package usage marks errors in what the user asked for (a flag, a
// [tool.pyko] key, a file or image they named), as opposed to failures
// while working: the CLI exits with code 2 for them and 1 for the rest.
package usage

import (
	"errors"
	"fmt"
)

// Error is a mistake in the user's request.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Wrap marks err as a usage error; nil stays nil.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Err: err}
}

// Errorf is fmt.Errorf marked as a usage error.
func Errorf(format string, args ...any) error { return &Error{Err: fmt.Errorf(format, args...)} }

// Is reports whether err, or an error it wraps, is a usage error.
func Is(err error) bool {
	var u *Error
	return errors.As(err, &u)
}
