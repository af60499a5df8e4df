package build

import (
	"github.com/pyko-dev/pyko/internal/executor"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/progress"
	"github.com/pyko-dev/pyko/internal/publish"
)

// The executor and the publisher each define the small interface they
// report through; these adapt a Display to them, so that neither
// imports the display.

type layerProgress struct{ d *progress.Display }

func (p layerProgress) Layer(name string, total int64) executor.Meter { return p.d.Layer(name, total) }

type uploadProgress struct{ d *progress.Display }

func (p uploadProgress) Upload(to string) publish.UploadMeter { return p.d.Upload(to) }

// layerProgress is what the executor reports its layers to, nil without
// a display.
func (o *Options) layerProgress() executor.Progress {
	if o.Display == nil {
		return nil
	}
	return layerProgress{o.Display}
}

// downloadProgress is the fetch client's progress function: the
// tally's, and the display's when there is one.
func (o *Options) downloadProgress(tally *fetch.Tally) func(fetch.Event) {
	switch {
	case o.Display == nil && tally == nil:
		return nil
	case o.Display == nil:
		return tally.Add
	case tally == nil:
		return o.Display.Fetch
	}
	return func(e fetch.Event) {
		tally.Add(e)
		o.Display.Fetch(e)
	}
}
