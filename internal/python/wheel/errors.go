package wheel

import "fmt"

// InvalidWheelError reports a wheel that must not be installed: a path that
// is unsafe or unexpected, a RECORD that does not describe the archive, or
// metadata that contradicts the file name. The wheel is broken or hostile;
// rebuilding or re-downloading it is the way out.
type InvalidWheelError struct {
	// Wheel is the wheel's file name.
	Wheel string
	// Path is the member at fault, empty when the wheel as a whole is.
	Path string
	// Reason says what is wrong.
	Reason string
}

func (e *InvalidWheelError) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("invalid wheel %s: %s", e.Wheel, e.Reason)
	}
	return fmt.Sprintf("invalid wheel %s: %q: %s", e.Wheel, e.Path, e.Reason)
}

// HashMismatchError reports a member whose content does not match the hash
// or size its wheel's RECORD gives. It is returned while the member is
// read, so the layer being written fails rather than holding the bytes.
type HashMismatchError struct {
	Wheel, Path string
	// Want is the RECORD's value, Got the content's, both "algo=digest"
	// or, for a size mismatch, byte counts.
	Want, Got string
}

func (e *HashMismatchError) Error() string {
	return fmt.Sprintf("verifying %q in wheel %s against its RECORD: want %s, got %s; the wheel is corrupt or was tampered with",
		e.Path, e.Wheel, e.Want, e.Got)
}

func invalid(wheel, path, format string, args ...any) error {
	return &InvalidWheelError{Wheel: wheel, Path: path, Reason: fmt.Sprintf(format, args...)}
}

// RequiresPythonError reports a wheel whose METADATA Requires-Python
// excludes the Python it is installed for (WithPython), as pip refuses it.
type RequiresPythonError struct {
	Wheel, Name, Version string
	// RequiresPython is METADATA's specifier, Python the target's version.
	RequiresPython, Python string
}

func (e *RequiresPythonError) Error() string {
	return fmt.Sprintf("%s %s (%s) requires Python %s (its METADATA's Requires-Python) and the image has Python %s: pin a version of %s that supports Python %s, or pick another --python",
		e.Name, e.Version, e.Wheel, e.RequiresPython, e.Python, e.Name, e.Python)
}
