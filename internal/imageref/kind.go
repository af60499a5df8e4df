package imageref

import "fmt"

// Kind is the kind of place a Ref names.
type Kind int

// The kinds of Ref, in the order error messages list them.
const (
	// Registry is a registry reference: NAME[:TAG|@DIGEST].
	Registry Kind = iota + 1
	// OCILayout is an OCI image layout directory: oci:DIR[:TAG].
	OCILayout
	// OCIArchive is a tar file holding an OCI image layout: oci-archive:FILE.
	OCIArchive
	// DockerArchive is a `docker save` tar file: docker-archive:FILE.
	DockerArchive
	// Daemon is the Docker Engine API at DOCKER_HOST: daemon.
	Daemon
)

// AllKinds lists every Kind, in order.
var AllKinds = []Kind{Registry, OCILayout, OCIArchive, DockerArchive, Daemon}

// String returns the prefix that names the kind on the command line
// ("oci", "oci-archive", "docker-archive", "daemon"), or "registry".
func (k Kind) String() string {
	switch k {
	case Registry:
		return "registry"
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

// form is how usage messages write the kind.
func (k Kind) form() string {
	switch k {
	case Registry:
		return "NAME[:TAG|@DIGEST]"
	case OCILayout:
		return "oci:DIR[:TAG]"
	case OCIArchive, DockerArchive:
		return k.String() + ":FILE"
	}
	return k.String()
}

// what names a prefixed kind in "cannot be" errors. A registry reference,
// having no prefix, is not named: when Registry is not accepted, a value
// of no other form is an unknown one.
func (k Kind) what() string {
	switch k {
	case OCILayout:
		return "an OCI layout"
	case OCIArchive:
		return "an oci-archive"
	case DockerArchive:
		return "a docker-archive"
	case Daemon:
		return "the Docker daemon"
	}
	return ""
}

// local reports whether the kind is a file or directory.
func (k Kind) local() bool {
	return k == OCILayout || k == OCIArchive || k == DockerArchive
}

// kindOfPrefix returns the local kind a prefix names.
func kindOfPrefix(prefix string) (Kind, bool) {
	for _, k := range []Kind{OCILayout, OCIArchive, DockerArchive} {
		if k.String() == prefix {
			return k, true
		}
	}
	return 0, false
}

// Forms lists the forms of kinds for a usage message:
// "oci:DIR[:TAG], oci-archive:FILE or daemon".
func Forms(kinds ...Kind) string {
	s := ""
	for i, k := range kinds {
		switch {
		case i == 0:
		case i == len(kinds)-1:
			s += " or "
		default:
			s += ", "
		}
		s += k.form()
	}
	return s
}
