package publish

import (
	"context"
	"io"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// writeFileAtomic creates path (mode 0644) with the bytes write produces,
// through atomicfile: path is either untouched or complete. A long write
// stops once ctx is done.
func writeFileAtomic(ctx context.Context, path string, write func(io.Writer) error) error {
	f, err := atomicfile.Create(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(ctxWriter{ctx: ctx, w: f}); err != nil {
		return err
	}
	return f.Commit()
}

// ctxWriter stops a long copy once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
