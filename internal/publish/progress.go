package publish

import (
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Progress hears of registry uploads, for a progress display
// (WithProgress). The publisher knows nothing of how it is shown.
type Progress interface {
	// Upload says an upload to the repository to begins; the meter
	// returned gets the bytes sent of those known so far and is ended
	// once.
	Upload(to string) UploadMeter
}

// UploadMeter follows one upload.
type UploadMeter interface {
	Set(complete, total int64)
	End(err error)
}

// WithProgress has registry uploads report their bytes to p. Default:
// none.
func WithProgress(p Progress) Option {
	return func(o *options) { o.progress = p }
}

// watchUpload returns the pusher option that reports an upload to to
// o.progress, and the function that ends the report once the upload
// has returned. Without a Progress both do nothing.
func (o options) watchUpload(to string) (remote.Option, func(error)) {
	if o.progress == nil {
		return nil, func(error) {}
	}
	m := o.progress.Upload(to)
	// ggcr sends an update for every read of a blob and never closes a
	// Pusher's channel: the buffer keeps uploads from waiting on the
	// display, and stop ends the reader once Push has returned (no
	// sends can follow then).
	updates := make(chan v1.Update, 64)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for {
			select {
			case u := <-updates:
				if u.Error == nil {
					m.Set(u.Complete, u.Total)
				}
			case <-stop:
				return
			}
		}
	}()
	return remote.WithProgress(updates), func(err error) {
		close(stop)
		<-stopped
		m.End(err)
	}
}
