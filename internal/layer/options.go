package layer

import "time"

// Compression is the compression of a layer's blob.
type Compression string

const (
	// Gzip is the default and the most widely supported.
	Gzip Compression = "gzip"
	// Zstd is smaller and faster to decompress; it needs containerd 1.5+,
	// podman 3+ or Docker 23+ to pull.
	Zstd Compression = "zstd"
)

// ParseCompression accepts "gzip" or "zstd".
func ParseCompression(s string) (Compression, error) {
	switch Compression(s) {
	case Gzip, Zstd:
		return Compression(s), nil
	}
	return "", &UnknownCompressionError{Value: s}
}

// UnknownCompressionError reports a compression name pyko does not know.
type UnknownCompressionError struct{ Value string }

func (e *UnknownCompressionError) Error() string {
	return "unknown compression " + quote(e.Value) + ": use gzip or zstd"
}

type options struct {
	compression Compression
	modTime     time.Time
	maxModTime  time.Time
	tempDir     string
	progress    func(n int64)
}

// Option configures New.
type Option func(*options)

// WithCompression sets the blob compression. Default Gzip.
func WithCompression(c Compression) Option { return func(o *options) { o.compression = c } }

// WithModTime sets every entry's modification time. Default the Unix epoch,
// which keeps layers identical across machines and days.
func WithModTime(t time.Time) Option { return func(o *options) { o.modTime = t } }

// WithMaxModTime clamps every entry's modification time to at most t, as
// SOURCE_DATE_EPOCH asks. Default: no clamp.
func WithMaxModTime(t time.Time) Option { return func(o *options) { o.maxModTime = t } }

// WithTempDir sets where the compressed blob is written. Default
// os.TempDir(). The caller owns the file's lifetime: see Layer.Remove.
func WithTempDir(dir string) Option { return func(o *options) { o.tempDir = dir } }

func quote(s string) string { return "\"" + s + "\"" }

// WithProgress has New call f with the number of bytes of file content
// each time it writes some, for a progress display; a layer's whole is
// the sum of its regular files' sizes (see ContentSize). Default none.
func WithProgress(f func(n int64)) Option { return func(o *options) { o.progress = f } }
