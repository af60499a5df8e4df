package publish

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrUsage marks errors caused by a bad command-line value, so that the CLI
// can exit with status 2. Test for it with errors.Is.
var ErrUsage = errors.New("usage error")

// usageError is an error whose text is shown as is and which matches ErrUsage.
type usageError string

func (e usageError) Error() string { return string(e) }
func (e usageError) Unwrap() error { return ErrUsage }

// Kind is the kind of file or local sink a Target names.
type Kind int

// The kinds of output accepted by -o/--output.
const (
	// OCILayout is an OCI image layout directory: oci:DIR[:TAG].
	OCILayout Kind = iota + 1
	// OCIArchive is a tar file holding an OCI image layout: oci-archive:FILE.
	OCIArchive
	// DockerArchive is a `docker save` tar file: docker-archive:FILE.
	DockerArchive
	// Daemon is the Docker Engine API at DOCKER_HOST: daemon.
	Daemon
)

// String returns the prefix that names the kind on the command line.
func (k Kind) String() string {
	switch k {
	case OCILayout:
		return "oci"
	case OCIArchive:
		return "oci-archive"
	case DockerArchive:
		return "docker-archive"
	case Daemon:
		return "daemon"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Target is a parsed -o/--output value.
type Target struct {
	Kind Kind
	// Path is the directory (OCILayout) or file (OCIArchive, DockerArchive).
	Path string
	// Tag is the optional TAG of oci:DIR:TAG, stored in the layout as the
	// org.opencontainers.image.ref.name annotation.
	Tag string
}

// String formats t the way ParseTarget reads it.
func (t Target) String() string {
	switch t.Kind {
	case Daemon:
		return "daemon"
	case OCILayout:
		if t.Tag != "" {
			return "oci:" + t.Path + ":" + t.Tag
		}
	}
	return t.Kind.String() + ":" + t.Path
}

// layoutTag is what skopeo and podman accept as the TAG of oci:DIR:TAG, the
// tag grammar of the distribution spec.
var layoutTag = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

const outputForms = "use oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE or daemon"

// ParseTarget parses an output: "oci:DIR[:TAG]", "oci-archive:FILE",
// "docker-archive:FILE" or "daemon". Errors match ErrUsage.
//
// A path may contain ':'. In oci:DIR:TAG the part after the last ':' is the
// TAG only if it is a valid tag (no '/', at most 128 characters of
// [A-Za-z0-9_.-], not starting with '.' or '-'); otherwise it belongs to DIR.
func ParseTarget(s string) (Target, error) {
	if s == "daemon" {
		return Target{Kind: Daemon}, nil
	}
	prefix, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Target{}, usageError(fmt.Sprintf("unknown output %q: %s", s, outputForms))
	}
	var t Target
	switch prefix {
	case "oci":
		t = Target{Kind: OCILayout, Path: rest}
		if i := strings.LastIndexByte(rest, ':'); i >= 0 && layoutTag.MatchString(rest[i+1:]) {
			t.Path, t.Tag = rest[:i], rest[i+1:]
		}
	case "oci-archive":
		t = Target{Kind: OCIArchive, Path: rest}
	case "docker-archive":
		t = Target{Kind: DockerArchive, Path: rest}
	default:
		return Target{}, usageError(fmt.Sprintf("unknown output %q: %s", s, outputForms))
	}
	if t.Path == "" {
		what := "FILE"
		if t.Kind == OCILayout {
			what = "DIR"
		}
		return Target{}, usageError(fmt.Sprintf("output %q has no %s: %s", s, what, outputForms))
	}
	return t, nil
}
