package apkrepo

// Option changes how packages and indexes are written. The defaults give
// what Wolfi's tooling writes today: packages and index signed with
// `.SIGN.RSA256.`, everything well-formed. Options that only concern an index
// are ignored by [WritePackage], and the other way round.
type Option func(*config)

type config struct {
	sha1Sig     bool
	indexSHA1   bool
	unsigned    bool
	description string

	// Bad inputs.
	tamperData   bool
	unsafePaths  bool
	declaredSize map[string]int64
	tamperIndex  bool
	indexSigner  *Key
}

func newConfig(opts []Option) *config {
	c := &config{description: "pyko test repository"}
	for _, o := range opts {
		o(c)
	}
	return c
}

// SignSHA1 signs packages and the index with `.SIGN.RSA.<key>` (RSA over
// SHA-1) instead of `.SIGN.RSA256.<key>`.
func SignSHA1() Option { return func(c *config) { c.sha1Sig, c.indexSHA1 = true, true } }

// IndexSHA1 signs only the index with `.SIGN.RSA.<key>`, as Wolfi's index is
// signed, and leaves packages on `.SIGN.RSA256.`.
func IndexSHA1() Option { return func(c *config) { c.indexSHA1 = true } }

// Unsigned leaves out the signature member of packages and of the index.
func Unsigned() Option { return func(c *config) { c.unsigned = true } }

// Description sets the DESCRIPTION file of the index (default "pyko test
// repository"; AddPackages keeps the existing one).
func Description(s string) Option { return func(c *config) { c.description = s } }

// TamperData writes a package whose data member differs from the one its
// datahash (and so its signature) covers: the first byte of the first
// non-empty regular file is flipped after hashing. The member is still a
// valid gzip stream, and the file's PAX checksum is the original one.
func TamperData() Option { return func(c *config) { c.tamperData = true } }

// AllowUnsafePaths writes file paths and link targets verbatim, in the order
// given, without adding parent directories: "../escape", "/etc/evil", a
// symlink out of the root followed by a file through it.
func AllowUnsafePaths() Option { return func(c *config) { c.unsafePaths = true } }

// DeclareSize makes the tar header of path claim size bytes while only the
// real content follows; the data stream ends right after it, as a truncated
// or hostile archive would.
func DeclareSize(path string, size int64) Option {
	return func(c *config) {
		if c.declaredSize == nil {
			c.declaredSize = map[string]int64{}
		}
		c.declaredSize[path] = size
	}
}

// TamperIndex changes one byte of the APKINDEX text after the index was
// signed (the case of a letter), so the index still parses but its signature
// no longer matches.
func TamperIndex() Option { return func(c *config) { c.tamperIndex = true } }

// IndexSignedBy signs the index with k instead of the repository key, e.g.
// a key the client does not trust. Packages are still signed with the
// repository key.
func IndexSignedBy(k *Key) Option { return func(c *config) { c.indexSigner = k } }
