package progress

import (
	"net/url"
	"path"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// Fetch shows a download event (fetch.WithProgress): a bar from its
// start to its end; a file from the cache only counts. It is safe to
// call from many goroutines at once.
func (d *Display) Fetch(e fetch.Event) {
	if d == nil {
		return
	}
	key := e.URL + "\x00" + e.Key
	now := time.Now().UnixNano()
	switch e.Kind {
	case fetch.EventCached:
		d.tally.cached.Add(1)
	case fetch.EventStart:
		d.tally.first.CompareAndSwap(0, now)
		d.start(key, e)
	case fetch.EventProgress:
		if t := d.download(key, false); t != nil {
			d.tally.bytes.Add(e.Bytes - t.last.Swap(e.Bytes))
			d.tally.last.Store(now)
			t.Set(e.Bytes, e.Total)
		}
	case fetch.EventDone:
		d.tally.fetched.Add(1)
		// Bytes not reported as progress (a copy from a local mirror
		// reports only its end) still count in the totals.
		t := d.download(key, true)
		seen := int64(0)
		if t != nil {
			seen = t.last.Swap(e.Bytes)
		}
		d.tally.bytes.Add(e.Bytes - seen)
		d.tally.first.CompareAndSwap(0, now)
		d.tally.last.Store(now)
		t.End(nil)
	case fetch.EventFailed:
		d.download(key, true).End(e.Err)
	}
}

// start makes the bar of a download, or, when it resumes after a
// failed attempt, goes back to where it resumes.
func (d *Display) start(key string, e fetch.Event) {
	t := d.download(key, false)
	if t == nil {
		t = d.add(fileName(e.URL), max(e.Total, 0))
		if t == nil {
			return
		}
		d.mu.Lock()
		d.downloads[key] = t
		d.mu.Unlock()
	}
	t.base.Store(e.Bytes)
	t.last.Store(e.Bytes)
	t.Set(e.Bytes, e.Total)
}

// download is the bar of key, taken out of the map when remove is set.
func (d *Display) download(key string, remove bool) *Task {
	d.mu.Lock()
	defer d.mu.Unlock()
	t := d.downloads[key]
	if remove {
		delete(d.downloads, key)
	}
	return t
}

// fileName is the last part of the URL's path: what a person knows a
// download by.
func fileName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" || u.Path == "/" {
		return raw
	}
	return path.Base(u.Path)
}
