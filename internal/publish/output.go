package publish

import (
	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/usage"
)

// outputKinds are the kinds of an -o/--output value (a registry is pushed
// to with NewRegistry instead).
var outputKinds = []imageref.Kind{imageref.OCILayout, imageref.OCIArchive, imageref.DockerArchive, imageref.Daemon}

// outputs are the imageref options of an output: what it may be and how
// errors name it.
var outputs = []imageref.Option{imageref.Role("output"), imageref.Kinds(outputKinds...)}

// outputForms lists the forms of an output for usage messages.
var outputForms = "use " + imageref.Forms(outputKinds...)

// ParseOutput parses an -o/--output value: "oci:DIR[:TAG]", "oci-archive:FILE",
// "docker-archive:FILE" or "daemon", by imageref's rules (paths may
// contain ':'). Errors are usage errors and wrap an *imageref.Error.
func ParseOutput(s string) (imageref.Ref, error) {
	t, err := imageref.Parse(s, outputs...)
	if err != nil {
		return imageref.Ref{}, usage.Wrap(err)
	}
	return t, nil
}
