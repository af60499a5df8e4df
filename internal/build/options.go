package build

import (
	"errors"
	"time"
)

// Options are the inputs of one build, as the CLI and [tool.pyko] give them.
type Options struct {
	// Dir is the project directory.
	Dir string
	// Base is the base image: a registry reference, oci:DIR[:TAG],
	// oci-archive:FILE or docker-archive:FILE.
	Base string
	// Tags name the image in registries, archives and the daemon.
	Tags []string
	// Push pushes the image to the registry of every tag.
	Push bool
	// Insecure lists registry hosts reached over plain HTTP.
	Insecure []string
	// Outputs are -o values: oci:DIR[:TAG], oci-archive:FILE,
	// docker-archive:FILE or daemon.
	Outputs []string
	// Platforms limits the build to these platforms (OS/ARCH[/VARIANT]).
	Platforms []string
	// User is UID[:GID] or a user name. Default 65532:65532.
	User string
	// Env and Labels are K=V pairs.
	Env, Labels []string
	// Entrypoint is a file, "-m module" or a JSON array.
	Entrypoint string
	// Compression is gzip (default) or zstd.
	Compression string
	// MetadataFile receives a JSON summary of the build.
	MetadataFile string
	// Created is the image's creation time and every file's modification
	// time: SOURCE_DATE_EPOCH, or the Unix epoch.
	Created time.Time
	// TempDir holds layer blobs while building. Default os.TempDir().
	TempDir string
	// DockerHost is the Docker Engine API address for the daemon output.
	DockerHost string
	// FlagSet tells whether a flag was given on the command line, so that
	// Merge lets it win over [tool.pyko]. Nil means none was.
	FlagSet func(flag string) bool
}

func (o *Options) flagSet() func(string) bool {
	if o.FlagSet == nil {
		return func(string) bool { return false }
	}
	return o.FlagSet
}

// UsageError is an error in what the user asked for, as opposed to a
// failure while building: the CLI exits with code 2 for it.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usagef(err error) error { return &UsageError{Err: err} }

// IsUsage reports whether err is a usage error.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}
