package fetch

import "sync"

// Tally counts what a run fetched, from the events WithProgress reports,
// for the summary line at the end of a build. It is safe for concurrent
// use; the zero value is ready.
type Tally struct {
	mu      sync.Mutex
	fetched int
	cached  int
	bytes   int64
}

// Add counts e: a finished download or a cache hit.
func (t *Tally) Add(e Event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch e.Kind {
	case EventDone:
		t.fetched++
		t.bytes += e.Bytes
	case EventCached:
		t.cached++
	}
}

// Counts returns the files downloaded, their bytes, and the files served
// from the cache.
func (t *Tally) Counts() (fetched int, bytes int64, cached int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fetched, t.bytes, t.cached
}
