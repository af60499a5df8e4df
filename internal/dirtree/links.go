package dirtree

import (
	"io/fs"

	"github.com/pyko-dev/pyko/internal/layer"
)

// Option configures Write.
type Option func(*options)

type options struct {
	content func(path string) string
	sums    func(path string, size int64, sum []byte)
}

// WithSums has WriteTar call sums with each regular file it writes: its
// path under dir (slash-separated), size and sha256, hashed as it is
// written (a cache's manifest takes them rather than reading the files
// back).
func WithSums(sums func(path string, size int64, sum []byte)) Option {
	return func(o *options) { o.sums = sums }
}

// WithLinks makes Write hard link a regular file to content(entry path),
// the file that already holds its bytes, instead of copying them, when
// content names one on the same file system. A build root written from
// an installed tree then costs no copy. The linked file takes the entry's
// mode, so it must be one nobody else reads modes from; a file that two
// entries with different modes share is copied for the second.
func WithLinks(content func(path string) string) Option {
	return func(o *options) { o.content = content }
}

// linkable is the file to link e to, or "" to copy its content; linked
// records the mode each linked file was given.
func (o options) linkable(e layer.Entry, linked map[string]fs.FileMode) string {
	if o.content == nil || !e.Mode.IsRegular() {
		return ""
	}
	src := o.content(e.Path)
	if src == "" {
		return ""
	}
	if m, ok := linked[src]; ok && m != e.Mode.Perm() {
		return ""
	}
	linked[src] = e.Mode.Perm()
	return src
}
