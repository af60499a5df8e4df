package simpleapi

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// pageMeta is what the cache keeps of a response besides its body.
type pageMeta struct {
	URL          string    `json:"url"`      // as asked for, without credentials
	FinalURL     string    `json:"finalURL"` // after redirects: the base of relative links
	Accept       string    `json:"accept"`
	ContentType  string    `json:"contentType"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	Fetched      time.Time `json:"fetched"`
}

// A cached page is one file: its pageMeta as one line of JSON, then the
// body. One file, replaced by rename, so that validators and body always
// belong together, even with several processes sharing the cache.

// cachePath is the file caching url asked for with accept.
func (c *Client) cachePath(url, accept string) string {
	sum := sha256.Sum256([]byte(url + "\n" + accept))
	return filepath.Join(c.cacheDir, hex.EncodeToString(sum[:]))
}

// openCached opens a cached page: its metadata and a reader positioned at
// its body. The caller closes f.
func openCached(path string) (m pageMeta, f *os.File, body *bufio.Reader, err error) {
	f, err = os.Open(path)
	if err != nil {
		return m, nil, nil, err
	}
	body = bufio.NewReaderSize(f, 64<<10)
	line, err := body.ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &m)
	}
	if err != nil {
		f.Close()
		return m, nil, nil, fmt.Errorf("reading cached page %s: %w", path, err)
	}
	return m, f, body, nil
}

// cachedMeta returns the metadata of a cached page, or nil when there is
// none or it is unreadable (then the request is unconditional).
func cachedMeta(path string) *pageMeta {
	m, f, _, err := openCached(path)
	if err != nil {
		return nil
	}
	f.Close()
	return &m
}

// errTooLarge: a page over maxPage.
var errTooLarge = errors.New("the page is larger than 512 MiB")

// maxPage caps a page's body: the largest PyPI pages are tens of MB.
const maxPage = 512 << 20

// writeCached streams body into the cache file at path after m's line,
// through atomicfile. It returns the body's size; a read error is returned
// as it is, for the caller to classify.
func (c *Client) writeCached(path string, m pageMeta, body io.Reader) (int64, error) {
	if err := os.MkdirAll(c.cacheDir, 0o755); err != nil {
		return 0, fmt.Errorf("creating the page cache: %w", err)
	}
	f, err := atomicfile.Create(path, 0o644)
	if err != nil {
		return 0, fmt.Errorf("creating the page cache: %w", err)
	}
	defer f.Abort()
	line, _ := json.Marshal(m)
	if _, err := f.Write(append(line, '\n')); err != nil {
		return 0, fmt.Errorf("writing the page cache: %w", err)
	}
	n, err := io.Copy(fileWriter{f}, io.LimitReader(body, maxPage+1))
	if err != nil {
		var we *writeError
		if errors.As(err, &we) {
			return n, fmt.Errorf("writing the page cache: %w", err)
		}
		return n, err
	}
	if n > maxPage {
		return n, errTooLarge
	}
	if err := f.Commit(); err != nil {
		return n, fmt.Errorf("writing the page cache: %w", err)
	}
	return n, nil
}

// fileWriter tells write errors from read errors in io.Copy.
type fileWriter struct{ f io.Writer }

func (w fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = &writeError{err}
	}
	return n, err
}

// writeError marks an error of the cache file, not of the response.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }
