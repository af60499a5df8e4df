package layer

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// New writes entries as one layer. Entries are sorted, parent directories
// are added, and the blob is written to a temporary file while its digests
// are computed. On error nothing is left behind.
func New(ctx context.Context, entries []Entry, opts ...Option) (*Layer, error) {
	o := options{compression: Gzip, modTime: time.Unix(0, 0)}
	for _, opt := range opts {
		opt(&o)
	}
	all, err := withParents(entries)
	if err != nil {
		return nil, fmt.Errorf("preparing layer: %w", err)
	}
	f, err := os.CreateTemp(o.tempDir, "pyko-layer-*.blob")
	if err != nil {
		return nil, fmt.Errorf("creating layer file: %w", err)
	}
	l, err := write(ctx, f, all, o)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing layer file: %w", cerr)
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	l.file = f.Name()
	return l, nil
}

// blobBuffer is how much compressed output is written at once.
const blobBuffer = 256 << 10

func write(ctx context.Context, f *os.File, entries []Entry, o options) (*Layer, error) {
	blobHash := sha256.New()
	counter := &countWriter{}
	// The compressor writes every few hundred bytes (klauspost's flate
	// flushes at 240): unbuffered, a layer of 20 MB would be some 90,000
	// write calls, which cost more than the compression on some kernels.
	blob := bufio.NewWriterSize(io.MultiWriter(f, blobHash, counter), blobBuffer)
	comp, err := compressor(blob, o.compression)
	if err != nil {
		return nil, err
	}
	diffHash := sha256.New()
	tw := tar.NewWriter(io.MultiWriter(comp, diffHash))
	// One copy buffer for the layer: io.Copy would make one per file.
	buf := make([]byte, 64<<10)
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := writeEntry(tw, e, o.mtime(e), o.progress, buf); err != nil {
			return nil, fmt.Errorf("writing %s to layer: %w", e.Path, err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("finishing layer tar: %w", err)
	}
	if err := comp.Close(); err != nil {
		return nil, fmt.Errorf("finishing layer compression: %w", err)
	}
	if err := blob.Flush(); err != nil {
		return nil, fmt.Errorf("writing layer file: %w", err)
	}
	return &Layer{
		digest:      sum(blobHash),
		diffID:      sum(diffHash),
		size:        counter.n,
		compression: o.compression,
	}, nil
}

// mtime is e's modification time: its own or the layer's, clamped, in
// whole seconds (sub-second times would need PAX records).
func (o options) mtime(e Entry) time.Time {
	t := o.modTime
	if !e.ModTime.IsZero() {
		t = e.ModTime
	}
	if !o.maxModTime.IsZero() && t.After(o.maxModTime) {
		t = o.maxModTime
	}
	return t.Truncate(time.Second)
}

func compressor(w io.Writer, c Compression) (io.WriteCloser, error) {
	switch c {
	case Zstd:
		// One encoder goroutine: the output must not depend on scheduling.
		return zstd.NewWriter(w, zstd.WithEncoderConcurrency(1))
	case Gzip:
		return gzip.NewWriterLevel(w, gzip.DefaultCompression)
	}
	return nil, &UnknownCompressionError{Value: string(c)}
}

func writeEntry(tw *tar.Writer, e Entry, mtime time.Time, progress func(int64), buf []byte) error {
	h := &tar.Header{
		Name:    e.Path,
		Mode:    tarMode(e.Mode),
		Uid:     e.UID,
		Gid:     e.GID,
		ModTime: mtime,
	}
	switch {
	case e.Mode.IsDir():
		h.Typeflag = tar.TypeDir
		h.Name += "/"
	case e.Mode&fs.ModeSymlink != 0:
		h.Typeflag = tar.TypeSymlink
		h.Linkname = e.Link
	case e.Mode.IsRegular():
		h.Typeflag = tar.TypeReg
		h.Size = e.Size
	default:
		return fmt.Errorf("unsupported file type %s", e.Mode.Type())
	}
	if err := tw.WriteHeader(h); err != nil {
		return err
	}
	if h.Typeflag != tar.TypeReg {
		return nil
	}
	var w io.Writer = tw
	if progress != nil {
		w = &progressWriter{w: tw, f: progress}
	}
	return copyContent(w, e, buf)
}

// copyContent streams exactly e.Size bytes; a file that changed size since
// it was listed is an error rather than a silently corrupt layer.
func copyContent(w io.Writer, e Entry, buf []byte) error {
	if e.Open == nil {
		if e.Size == 0 {
			return nil
		}
		return fmt.Errorf("regular file has no content")
	}
	r, err := e.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	n, err := io.CopyBuffer(w, io.LimitReader(r, e.Size), buf)
	if err == nil && n < e.Size {
		err = io.EOF
	}
	if err == io.EOF {
		return fmt.Errorf("file shrank while being read: want %d bytes, got %d", e.Size, n)
	}
	if err != nil {
		return err
	}
	// One more read must meet the end: it tells a file that grew, and a
	// reader that checks its content (a hash) reports a mismatch there.
	m, err := r.Read(buf[:1])
	if m > 0 {
		return fmt.Errorf("file grew while being read: want %d bytes", e.Size)
	}
	if err != nil && err != io.EOF {
		return err
	}
	return nil
}

func tarMode(m fs.FileMode) int64 {
	mode := int64(m.Perm())
	if m&fs.ModeSetuid != 0 {
		mode |= 0o4000
	}
	if m&fs.ModeSetgid != 0 {
		mode |= 0o2000
	}
	if m&fs.ModeSticky != 0 {
		mode |= 0o1000
	}
	return mode
}

func sum(h hash.Hash) v1.Hash {
	return v1.Hash{Algorithm: "sha256", Hex: fmt.Sprintf("%x", h.Sum(nil))}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// progressWriter tells f of every write to w.
type progressWriter struct {
	w io.Writer
	f func(int64)
}

func (p *progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.f(int64(n))
	return n, err
}

// ContentSize is the bytes of file content entries hold: what New
// reports to WithProgress in all.
func ContentSize(entries []Entry) int64 {
	var n int64
	for _, e := range entries {
		if e.Mode.IsRegular() {
			n += e.Size
		}
	}
	return n
}
