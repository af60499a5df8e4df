package publish

import (
	"errors"

	"github.com/pyko-dev/pyko/internal/imageref"
)

// ErrUsage marks errors caused by a bad command-line value, so that the CLI
// can exit with status 2. Test for it with errors.Is.
var ErrUsage = errors.New("usage error")

// usageError is an error whose text is shown as is and which matches ErrUsage.
type usageError string

func (e usageError) Error() string { return string(e) }
func (e usageError) Unwrap() error { return ErrUsage }

// usage marks err as a usage error, keeping err in the chain.
type usage struct{ err error }

func (e usage) Error() string   { return e.err.Error() }
func (e usage) Unwrap() []error { return []error{ErrUsage, e.err} }

// Target is a parsed -o/--output value: an imageref.Ref of kind OCILayout,
// OCIArchive, DockerArchive or Daemon (a registry is pushed to with
// NewRegistry instead).
type Target = imageref.Ref

// outputKinds are the kinds of Target.
var outputKinds = []imageref.Kind{imageref.OCILayout, imageref.OCIArchive, imageref.DockerArchive, imageref.Daemon}

// outputs are the imageref options of an output: what it may be and how
// errors name it.
var outputs = []imageref.Option{imageref.Role("output"), imageref.Kinds(outputKinds...)}

// outputForms lists the forms of an output for usage messages.
var outputForms = "use " + imageref.Forms(outputKinds...)

// ParseTarget parses an output: "oci:DIR[:TAG]", "oci-archive:FILE",
// "docker-archive:FILE" or "daemon", by imageref's rules (paths may
// contain ':'). Errors match ErrUsage and wrap an *imageref.Error.
func ParseTarget(s string) (Target, error) {
	t, err := imageref.Parse(s, outputs...)
	if err != nil {
		return Target{}, usage{err}
	}
	return t, nil
}
