package layer

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/validate"
)

func file(path, content string, mode fs.FileMode) Entry {
	return Entry{Path: path, Mode: mode, Size: int64(len(content)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}}
}

func sample() []Entry {
	return []Entry{
		file("app/main.py", "print('hi')\n", 0o644),
		{Path: "app/link", Mode: fs.ModeSymlink | 0o777, Link: "main.py"},
		file("usr/bin/su", "x", fs.ModeSetuid|0o755),
		{Path: "tmp", Mode: fs.ModeDir | fs.ModeSticky | 0o777},
	}
}

func TestNewIsDeterministic(t *testing.T) {
	for _, c := range []Compression{Gzip, Zstd} {
		t.Run(string(c), func(t *testing.T) {
			a := mustNew(t, sample(), WithCompression(c), WithTempDir(t.TempDir()))
			reversed := sample()
			for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
				reversed[i], reversed[j] = reversed[j], reversed[i]
			}
			b := mustNew(t, reversed, WithCompression(c), WithTempDir(t.TempDir()))
			da, _ := a.Digest()
			db, _ := b.Digest()
			if da != db {
				t.Fatalf("digests differ: %s vs %s", da, db)
			}
			if c == Gzip { // validate.Layer only knows gzip blobs.
				if err := validate.Layer(a); err != nil {
					t.Fatalf("validate: %v", err)
				}
			}
		})
	}
}

func TestNewModTimeChangesDigest(t *testing.T) {
	a := mustNew(t, sample())
	b := mustNew(t, sample(), WithModTime(time.Unix(1700000000, 0)))
	da, _ := a.Digest()
	db, _ := b.Digest()
	if da == db {
		t.Fatal("mtime did not change the digest")
	}
}

func TestNewTarContents(t *testing.T) {
	l := mustNew(t, sample(), WithModTime(time.Unix(1700000000, 500)))
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	var got []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uname != "" || h.Gname != "" || len(h.PAXRecords) != 0 {
			t.Errorf("%s: host names or PAX records leaked: %+v", h.Name, h)
		}
		if h.ModTime.Unix() != 1700000000 || h.ModTime.Nanosecond() != 0 {
			t.Errorf("%s: mtime %v", h.Name, h.ModTime)
		}
		got = append(got, h.Name+" "+modeString(h))
	}
	want := []string{
		"app/ 755", "app/link 777 -> main.py", "app/main.py 644",
		"tmp/ 1777", "usr/ 755", "usr/bin/ 755", "usr/bin/su 4755",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func modeString(h *tar.Header) string {
	s := strings.TrimLeft(strconvOctal(h.Mode), "0")
	if h.Typeflag == tar.TypeSymlink {
		s += " -> " + h.Linkname
	}
	return s
}

func strconvOctal(m int64) string {
	const digits = "01234567"
	var b []byte
	for m > 0 {
		b = append([]byte{digits[m%8]}, b...)
		m /= 8
	}
	return string(b)
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name    string
		entries []Entry
		want    string
	}{
		{"absolute", []Entry{file("/etc/passwd", "x", 0o644)}, "relative"},
		{"dotdot", []Entry{file("app/../../etc/passwd", "x", 0o644)}, `".."`},
		{"root", []Entry{{Path: ".", Mode: fs.ModeDir}}, "image root"},
		{"duplicate", []Entry{file("a", "x", 0o644), file("a", "y", 0o644)}, "twice"},
		{"shrank", []Entry{{Path: "a", Size: 10, Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader("abc")), nil
		}}}, "shrank"},
		{"grew", []Entry{{Path: "a", Size: 1, Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader("abc")), nil
		}}}, "grew"},
		{"device", []Entry{{Path: "dev/null", Mode: fs.ModeDevice}}, "unsupported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := New(context.Background(), tt.entries, WithTempDir(dir))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %s", err, tt.want)
			}
			if left, _ := fs.Glob(osDirFS(dir), "*"); len(left) != 0 {
				t.Fatalf("left behind: %v", left)
			}
		})
	}
}

func mustNew(t *testing.T, es []Entry, opts ...Option) *Layer {
	t.Helper()
	l, err := New(context.Background(), es, append([]Option{WithTempDir(t.TempDir())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestEntryModTimeClamped(t *testing.T) {
	es := []Entry{
		{Path: "old", Mode: fs.ModeDir | 0o755, ModTime: time.Unix(100, 0)},
		{Path: "new", Mode: fs.ModeDir | 0o755, ModTime: time.Unix(5000, 0)},
		{Path: "default", Mode: fs.ModeDir | 0o755},
	}
	l := mustNew(t, es, WithModTime(time.Unix(7, 0)), WithMaxModTime(time.Unix(1000, 0)))
	rc, err := l.Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	want := map[string]int64{"default/": 7, "new/": 1000, "old/": 100}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.ModTime.Unix() != want[h.Name] {
			t.Errorf("%s: mtime %d, want %d", h.Name, h.ModTime.Unix(), want[h.Name])
		}
	}
}
