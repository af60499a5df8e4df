package fetch

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// download is one content-addressed fetch in progress: a temporary file
// that holds a prefix of the file, hashed as it was written.
type download struct {
	meter
	w    Want
	hs   []Hash     // every digest w expects
	mh   *multiHash // meter.sha, with a hash per algorithm of hs
	f    *os.File
	etag string // strong ETag of f's bytes if the server takes Range requests
}

// download fetches d.w into the cache file final.
func (c *Client) download(ctx context.Context, w Want, src source, final string) (err error) {
	start := time.Now()
	hs, _ := w.digests() // checked by Fetch
	mh := newMultiHash(hs)
	d := &download{w: w, hs: hs, mh: mh, meter: meter{c: c, src: src, key: w.Key, sha: mh, total: -1, max: w.Size, maxWhat: "expected"}}
	d.f, d.n, d.etag, err = c.claim(w.Key, src.String(), d.sha)
	if err != nil {
		return err
	}
	d.out = d.f
	if src.local() {
		err = d.copyLocal(ctx)
	} else {
		err = c.retrier.Do(ctx, src.String(), d.attempt)
	}
	if err == nil {
		err = d.commit(final)
	} else if d.etag != "" && d.n > 0 && c.parkable(ctx, err) {
		c.park(w.Key, src.String(), d.etag, d.f)
		d.f = nil
	}
	if err != nil {
		d.discard()
		c.emit(Event{Kind: EventFailed, URL: src.String(), Key: w.Key, Bytes: d.n, Total: d.total, Err: err})
		return err
	}
	elapsed := time.Since(start)
	c.log.Info("downloaded", "url", src.String(), "size", d.n, "duration", elapsed.Round(time.Millisecond))
	c.emit(Event{Kind: EventDone, URL: src.String(), Key: w.Key, Bytes: d.n, Total: d.n, Elapsed: elapsed})
	return nil
}

// parkable: the download stopped for a reason that says nothing against the
// bytes received so far.
func (c *Client) parkable(ctx context.Context, err error) bool {
	return Retryable(err) || ctx.Err() != nil
}

// rewind puts the file offset at n, dropping anything a failed write left
// past it.
func (d *download) rewind() error {
	d.writeErr = nil
	if err := d.f.Truncate(d.n); err != nil {
		return fmt.Errorf("truncating a temporary file: %w", err)
	}
	_, err := d.f.Seek(d.n, io.SeekStart)
	return err
}

// reset starts the file over.
func (d *download) reset() error {
	d.n, d.etag = 0, ""
	d.sha.Reset()
	return d.rewind()
}

func (d *download) copyLocal(ctx context.Context) error {
	in, err := os.Open(d.src.path)
	if err != nil {
		return fmt.Errorf("reading %w", err)
	}
	defer in.Close()
	if err := d.reset(); err != nil {
		return err
	}
	if info, err := in.Stat(); err == nil {
		d.total = info.Size()
	}
	if _, err := io.Copy(d, ctxReader{ctx, in}); err != nil {
		if d.writeErr != nil {
			return d.writeErr
		}
		return fmt.Errorf("reading %s: %w", d.src, err)
	}
	return nil
}

// commit checks the finished file and renames it to final: size and
// sha256, then the caller's Verify, then atomicfile's Commit, so that only
// a verified file ever lands in the cache. The temporary file is removed
// on any error.
func (d *download) commit(final string) error {
	var opts []atomicfile.Option
	if len(d.hs) > 0 || d.w.Verify != nil {
		// Every read of the cache checks such a file again
		// (checkCached): see NoSync.
		opts = append(opts, atomicfile.NoSync())
	}
	f := atomicfile.Adopt(d.f, final, 0o644, opts...)
	d.f = nil
	defer f.Abort()
	if d.w.Size > 0 && d.n != d.w.Size {
		return fmt.Errorf("fetching %s: got %d bytes, want %d", d.src, d.n, d.w.Size)
	}
	if err := d.mh.check(d.hs); err != nil {
		return fmt.Errorf("fetching %s: %w; it was not cached", d.src, err)
	}
	if d.w.Verify != nil {
		if err := d.w.Verify(f.Name()); err != nil {
			return fmt.Errorf("verifying %s: %w", d.src, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return fmt.Errorf("creating cache directory: %w", err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("moving %s into the cache: %w", d.src, err)
	}
	return nil
}

// discard removes the temporary file, if it is still open.
func (d *download) discard() {
	if d.f != nil {
		d.f.Close()
		_ = os.Remove(d.f.Name())
		d.f = nil
	}
}

// ctxReader stops a long local copy once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
