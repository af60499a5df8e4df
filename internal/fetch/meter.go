package fetch

import (
	"fmt"
	"hash"
	"io"
	"net/http"
)

// meter is the bytes of one response on their way to a file: counted,
// hashed, capped and reported to the progress function.
type meter struct {
	c        *Client
	src      source
	key      string    // for progress events; empty for HTTPCache entries
	out      io.Writer // the file
	n        int64     // bytes written to out, all of them hashed into sha
	sha      hash.Hash // of the first n bytes
	total    int64     // expected size for progress events, or -1
	max      int64     // refuse more bytes than this; 0: no cap
	maxWhat  string    // what max is, for the error: "expected", "allowed"
	writeErr error     // the last write's error: a full disk or a file too large is not the network's fault
}

// Write appends p to the file and the hash, refusing to go past max.
func (m *meter) Write(p []byte) (int, error) {
	if m.max > 0 && m.n+int64(len(p)) > m.max {
		m.writeErr = fmt.Errorf("fetching %s: the server sends more than the %s %d bytes", m.src, m.maxWhat, m.max)
		return 0, m.writeErr
	}
	n, err := m.out.Write(p)
	m.sha.Write(p[:n])
	m.n += int64(n)
	if err != nil {
		m.writeErr = fmt.Errorf("writing %s to the cache: %w", m.src, err)
		return n, m.writeErr
	}
	m.c.emit(Event{Kind: EventProgress, URL: m.src.String(), Key: m.key, Bytes: m.n, Total: m.total})
	return n, nil
}

// copyFrom streams the response body into the file. A read error (a
// connection cut, a stall) is transient; a write error is not.
func (m *meter) copyFrom(wd *watchdog, resp *http.Response) (int64, error) {
	n, err := io.Copy(m, wd.body(resp.Body))
	if err == nil {
		return n, nil
	}
	if m.writeErr != nil {
		return n, m.writeErr
	}
	return n, wd.err(m.src, &transientError{fmt.Errorf("fetching %s: reading the response: %w", m.src, err)})
}
