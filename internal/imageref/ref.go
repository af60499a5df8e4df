package imageref

import (
	"regexp"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// Ref is a parsed image location.
type Ref struct {
	Kind Kind
	// Path is the directory (OCILayout) or the file (OCIArchive,
	// DockerArchive); empty for the other kinds.
	Path string
	// Tag is the optional TAG of oci:DIR:TAG, which names an image inside
	// the layout (its org.opencontainers.image.ref.name annotation). A
	// registry reference keeps its tag in Reference.
	Tag string
	// Reference is the registry reference (Registry only).
	Reference name.Reference
}

// IsLocal reports whether r is a file or directory on this machine:
// an OCI layout, an oci-archive or a docker-archive.
func (r Ref) IsLocal() bool { return r.Kind.local() }

// String formats r the way Parse reads it: Parse(s).String() == s for
// every s that Parse accepts.
func (r Ref) String() string {
	switch r.Kind {
	case Registry:
		if r.Reference == nil {
			return ""
		}
		return r.Reference.String()
	case Daemon:
		return "daemon"
	case OCILayout:
		if r.Tag != "" {
			return "oci:" + r.Path + ":" + r.Tag
		}
	}
	return r.Kind.String() + ":" + r.Path
}

// layoutTag is what skopeo and podman accept as the TAG of oci:DIR:TAG,
// the tag grammar of the distribution spec.
var layoutTag = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// Parse reads an image location. Without options it accepts every Kind;
// errors are *Error, naming s and the accepted forms.
func Parse(s string, opts ...Option) (Ref, error) {
	c := makeConfig(opts)
	r, err := split(s, c)
	if err != nil {
		return Ref{}, err
	}
	if err := r.check(s, c); err != nil {
		return Ref{}, err
	}
	return r, nil
}

// Check reports whether Parse, given the same options, would accept r's
// parts: a kind it allows, with a path where the kind needs one. For a Ref
// built in code rather than parsed.
func (r Ref) Check(opts ...Option) error {
	return r.check(r.String(), makeConfig(opts))
}

// split finds the kind of s and its parts.
func split(s string, c config) (Ref, error) {
	if s == "daemon" {
		return Ref{Kind: Daemon}, nil
	}
	if prefix, rest, ok := strings.Cut(s, ":"); ok {
		if k, ok := kindOfPrefix(prefix); ok {
			return local(k, rest), nil
		}
	}
	if !c.allows(Registry) {
		return Ref{}, c.error(s, "", nil)
	}
	ref, err := name.ParseReference(s, c.nameOpts...)
	if err != nil {
		return Ref{}, c.error(s, "is not an image reference", err)
	}
	return Ref{Kind: Registry, Reference: ref}, nil
}

// local is the Ref of a prefixed path; in oci:DIR:TAG the part after the
// last ':' is the TAG only if it is a valid tag.
func local(k Kind, rest string) Ref {
	r := Ref{Kind: k, Path: rest}
	if k != OCILayout {
		return r
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && layoutTag.MatchString(rest[i+1:]) {
		r.Path, r.Tag = rest[:i], rest[i+1:]
	}
	return r
}

// check rejects a kind that c does not allow and a missing part.
func (r Ref) check(s string, c config) error {
	if !c.allows(r.Kind) {
		if w := r.Kind.what(); w != "" {
			return c.error(s, "cannot be "+w, nil)
		}
		return c.error(s, "", nil)
	}
	switch {
	case r.Kind == OCILayout && r.Path == "":
		return c.error(s, "has no DIR", nil)
	case r.Kind.local() && r.Path == "":
		return c.error(s, "has no FILE", nil)
	case r.Kind == Registry && r.Reference == nil:
		return c.error(s, "has no NAME", nil)
	}
	return nil
}
