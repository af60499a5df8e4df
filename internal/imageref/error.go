package imageref

import "fmt"

// Error is a value that Parse or Check does not accept.
type Error struct {
	// Role is what the value is, from the Role option: "output".
	Role string
	// Value is the value as given.
	Value string
	// Problem says what is wrong ("has no DIR"); empty for a value of no
	// known form.
	Problem string
	// Forms lists the accepted forms.
	Forms string
	// Err is go-containerregistry's reason a reference is invalid, or nil.
	Err error
}

// Error reads `unknown output "x": use FORMS` or
// `output "oci:" has no DIR: use FORMS`, with Err's text in parentheses.
func (e *Error) Error() string {
	msg := fmt.Sprintf("unknown %s %q", e.Role, e.Value)
	if e.Problem != "" {
		msg = fmt.Sprintf("%s %q %s", e.Role, e.Value, e.Problem)
	}
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg + ": use " + e.Forms
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }
