package install

import "log/slog"

// DefaultMaxFileSize is the largest regular file a data tar may hold unless
// WithMaxFileSize says otherwise. Wolfi's largest files are a few hundred
// megabytes; a header claiming more is refused before a byte is written.
const DefaultMaxFileSize = 4 << 30

type options struct {
	log         *slog.Logger
	maxFileSize int64
}

// Option configures New.
type Option func(*options)

// WithLogger sets where debug lines (skipped device nodes, tolerated
// identical files) go. Default: discarded.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithMaxFileSize sets the largest regular file accepted from a data tar.
// Default DefaultMaxFileSize.
func WithMaxFileSize(n int64) Option { return func(o *options) { o.maxFileSize = n } }
