package requirements

import "fmt"

// LineError is an error in one line of a requirements file, or in what it
// asks for. File is the file's path relative to the directory of the file
// given to Parse ("requirements.txt", "requirements/base.txt").
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s line %d: %v", e.File, e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// errorf returns a LineError for the line of r.
func (r requirement) errorf(format string, args ...any) error {
	return &LineError{File: r.file, Line: r.line, Err: fmt.Errorf(format, args...)}
}
