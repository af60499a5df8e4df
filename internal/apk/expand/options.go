package expand

import "github.com/pyko-dev/pyko/internal/apk"

// Defaults of the size guards.
const (
	// DefaultMaxControlSize bounds the signature and control streams, both
	// raw and decompressed: real ones are a few kilobytes.
	DefaultMaxControlSize int64 = 1 << 20
	// DefaultMaxDataSize bounds the raw data stream and what it
	// decompresses to.
	DefaultMaxDataSize int64 = 4 << 30
)

type options struct {
	maxControl int64
	maxData    int64
	name       string
	expected   *apk.Package
}

// Option configures Expand.
type Option func(*options)

// WithMaxControlSize sets the signature and control stream guard. Default
// DefaultMaxControlSize (1 MiB).
func WithMaxControlSize(n int64) Option { return func(o *options) { o.maxControl = n } }

// WithMaxDataSize sets the data stream guard, applied to the raw stream and
// to its decompressed tar. Default DefaultMaxDataSize (4 GiB).
func WithMaxDataSize(n int64) Option { return func(o *options) { o.maxData = n } }

// WithName names the package file in errors. Default "package"; with
// WithExpected, the expected package's file name.
func WithName(name string) Option { return func(o *options) { o.name = name } }

// WithExpected gives the index entry the package must match. Expand then
// checks the control stream against its C: checksum before it parses
// .PKGINFO, and ends with VerifyAgainst. Since the signed index vouches for
// the package, a package signature by a key not in the keyring is then
// tolerated (Signed is false), as apk-tools does; a signature by a trusted
// key must still verify.
func WithExpected(p *apk.Package) Option { return func(o *options) { o.expected = p } }
