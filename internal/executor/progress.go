package executor

import (
	"context"

	"github.com/pyko-dev/pyko/internal/layer"
)

// Progress hears of each layer as it is written, for a progress display
// (Options.Progress). The executor knows nothing of how it is shown.
type Progress interface {
	// Layer says the layer name ("os python-3.12", "python", "app") is
	// being written from total bytes of file content; the Meter returned
	// counts them as they go in and is ended once.
	Layer(name string, total int64) Meter
}

// Meter counts the bytes of one piece of work.
type Meter interface {
	Add(n int64)
	End(err error)
}

// writeLayer writes entries as one layer named name, telling
// Options.Progress how far it has got.
func (x *execution) writeLayer(ctx context.Context, name string, entries []layer.Entry, opts ...layer.Option) (*layer.Layer, error) {
	if x.o.Progress == nil {
		return layer.New(ctx, entries, opts...)
	}
	m := x.o.Progress.Layer(name, layer.ContentSize(entries))
	l, err := layer.New(ctx, entries, append(opts, layer.WithProgress(m.Add))...)
	m.End(err)
	return l, err
}
