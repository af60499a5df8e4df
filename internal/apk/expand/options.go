package expand

import (
	"math"

	"github.com/pyko-dev/pyko/internal/apk"
)

// Defaults of the size guards.
const (
	// DefaultMaxControlSize bounds the signature and control streams, both
	// raw and decompressed: real ones are a few kilobytes.
	DefaultMaxControlSize int64 = 1 << 20
	// DefaultMaxDataSize bounds the raw data stream and what it
	// decompresses to, whatever size the package declares.
	DefaultMaxDataSize int64 = 4 << 30
	// ExpansionMargin is the fixed part of ExpansionCap. The tar headers
	// (about 1.5 KiB an entry with apk's PAX checksums) and padding are not
	// in the declared size: 16 MiB is ten thousand entries of headers.
	ExpansionMargin int64 = 16 << 20
)

// ExpansionCap is the most a package that declares installed bytes (its
// index I:, its .PKGINFO size) may decompress to: 2 × installed +
// ExpansionMargin. Real packages' data tars are 1.0 to 1.1 times their
// declared size plus their headers; twice leaves room for a size counted
// another way, and the margin covers headers and empty packages.
func ExpansionCap(installed int64) int64 {
	if installed < 0 {
		installed = 0
	}
	if installed > (math.MaxInt64-ExpansionMargin)/2 {
		return math.MaxInt64
	}
	return 2*installed + ExpansionMargin
}

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
// to its decompressed tar. Default DefaultMaxDataSize (4 GiB). The
// decompressed tar is also held to the ExpansionCap of the declared size.
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
