package fetch

import "time"

// EventKind says what happened to a download.
type EventKind int

const (
	// EventCached: the file was in the cache; no network was used.
	EventCached EventKind = iota
	// EventStart: a download begins (or resumes from Bytes); Total is the
	// expected size, or -1.
	EventStart
	// EventProgress: Bytes of Total have arrived.
	EventProgress
	// EventDone: the file is downloaded, verified and in the cache; Bytes is
	// its size and Elapsed the time taken.
	EventDone
	// EventFailed: the download failed for good with Err.
	EventFailed
)

// Event reports the progress of one download to the WithProgress function.
type Event struct {
	Kind    EventKind
	URL     string // without credentials
	Key     string // the cache key; empty for Revalidate
	Bytes   int64
	Total   int64
	Elapsed time.Duration
	Err     error
}
