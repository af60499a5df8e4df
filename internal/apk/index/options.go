package index

// DefaultMaxSize is the default of WithMaxSize: 256 MiB, several times
// Wolfi's whole index.
const DefaultMaxSize int64 = 256 << 20

type options struct {
	maxSize int64
}

// Option configures Read.
type Option func(*options)

// WithMaxSize caps both the compressed signed stream and what it
// decompresses to, so that a hostile or broken index (a gzip bomb) fails
// with an error instead of exhausting memory. Default DefaultMaxSize.
func WithMaxSize(n int64) Option { return func(o *options) { o.maxSize = n } }
