package wheel

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
)

// A lying RECORD is found when the content is read, by the Read that
// reaches the last byte, so the layer writer (which reads exactly Size
// bytes) fails and writes no layer.
func TestHashMismatchSurfacesOnRead(t *testing.T) {
	w := testWheel{
		files:      map[string]string{"mypkg/__init__.py": "X = 1\n", "mypkg/b.py": "ok\n"},
		recordHash: map[string]string{"mypkg/__init__.py": otherHash},
	}
	got, err := Install(context.Background(), writeWheel(t, t.TempDir(), w), testLayout)
	if err != nil {
		t.Fatalf("Install checks hashes when reading, not before: %v", err)
	}
	_, err = readAll(t, got.Entries)
	var mis *HashMismatchError
	if !errors.As(err, &mis) || mis.Path != "mypkg/__init__.py" || mis.Want != otherHash {
		t.Fatalf("reading entries: %v, want a *HashMismatchError for mypkg/__init__.py", err)
	}
	_, err = layer.New(context.Background(), got.Entries, layer.WithTempDir(t.TempDir()))
	if !errors.As(err, &mis) {
		t.Fatalf("layer.New = %v, want the *HashMismatchError", err)
	}
}

// A wheel file changed between Install and the layer write is caught too.
func TestWheelChangedAfterInstall(t *testing.T) {
	dir := t.TempDir()
	path := writeWheel(t, dir, testWheel{files: map[string]string{"mypkg/__init__.py": "X = 1\n"}})
	got, err := Install(context.Background(), path, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	writeWheel(t, dir, testWheel{files: map[string]string{"mypkg/__init__.py": "X = 2\n"}})
	if _, err := readAll(t, got.Entries); err == nil {
		t.Fatal("read a changed wheel without an error")
	}
}

func TestDeterministic(t *testing.T) {
	path := writeWheel(t, t.TempDir(), fullWheel())
	var first map[string]string
	var firstPaths []string
	for i := range 2 {
		got, err := Install(context.Background(), path, testLayout)
		if err != nil {
			t.Fatal(err)
		}
		content, err := readAll(t, got.Entries)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, e := range got.Entries {
			paths = append(paths, e.Path+" "+e.Mode.String())
		}
		if i == 0 {
			first, firstPaths = content, paths
			continue
		}
		if strings.Join(paths, "\n") != strings.Join(firstPaths, "\n") {
			t.Errorf("entries differ between installs")
		}
		for p, c := range content {
			if first[p] != c {
				t.Errorf("%s differs between installs", p)
			}
		}
	}
}

func TestPlatlibWheel(t *testing.T) {
	w := testWheel{
		files:     map[string]string{"mypkg/_speedups.so": "\x7fELF not really", "mypkg/__init__.py": ""},
		exec:      map[string]bool{"mypkg/_speedups.so": true},
		wheelFile: "Wheel-Version: 1.1\nRoot-Is-Purelib: false\nTag: cp312-cp312-manylinux_2_17_x86_64\n",
	}
	var logs strings.Builder
	got, err := Install(context.Background(), writeWheel(t, t.TempDir(), w), testLayout,
		WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "version=1.1") {
		t.Errorf("no warning for Wheel-Version 1.1: %q", logs.String())
	}
	found := false
	for _, e := range got.Entries {
		if e.Path == "app/venv/lib/python3.12/site-packages/mypkg/_speedups.so" {
			found = e.Mode == 0o755
		}
	}
	if !found {
		t.Errorf("platlib extension not installed 0755 in site-packages: %v", got.Entries)
	}
}

func TestDirectURLAndInstaller(t *testing.T) {
	path := writeWheel(t, t.TempDir(), testWheel{files: map[string]string{
		"mypkg/__init__.py":             "",
		"mypkg-1.0.dist-info/INSTALLER": "pip\n", // replaced, as pip does
	}})
	sum := strings.Repeat("ab", 32)
	got, err := Install(context.Background(), path, testLayout,
		WithDirectURL("https://user:secret@example.com/mypkg-1.0-py3-none-any.whl", sum), WithInstaller("pyko-test"))
	if err != nil {
		t.Fatal(err)
	}
	content, err := readAll(t, got.Entries)
	if err != nil {
		t.Fatal(err)
	}
	di := "app/venv/lib/python3.12/site-packages/mypkg-1.0.dist-info/"
	if c := content[di+"INSTALLER"]; c != "pyko-test\n" {
		t.Errorf("INSTALLER = %q", c)
	}
	want := `{"archive_info":{"hash":"sha256=` + sum + `","hashes":{"sha256":"` + sum + `"}},"url":"https://example.com/mypkg-1.0-py3-none-any.whl"}` + "\n"
	if c := content[di+"direct_url.json"]; c != want {
		t.Errorf("direct_url.json = %s, want %s", c, want)
	}
	checkRecord(t, content[di+"RECORD"], "app/venv/lib/python3.12/site-packages", content)
	if _, err := Install(context.Background(), path, testLayout, WithDirectURL("https://example.com/x.whl", "nothex")); err == nil {
		t.Error("WithDirectURL accepted a sha256 that is not one")
	}
}

// A 300 MB file streams through Install and Open with bounded memory: the
// wheel is written and read without ever holding the file.
func TestLargeFileStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 300 MB member")
	}
	const size = 300 << 20
	w := testWheel{files: map[string]string{"mypkg/__init__.py": ""}, big: &bigMember{name: "mypkg/weights.bin", size: size}}
	path := writeWheel(t, t.TempDir(), w)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got, err := Install(context.Background(), path, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, e := range got.Entries {
		if !strings.HasSuffix(e.Path, "weights.bin") {
			continue
		}
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err = io.CopyN(io.Discard, rc, e.Size)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if n != size {
		t.Fatalf("read %d bytes, want %d", n, size)
	}
	// TotalAlloc only grows: it bounds the heap growth from above.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 50<<20 {
		t.Errorf("installing and reading a %d-byte file allocated %d bytes", size, alloc)
	}
}

// A member read after its Close fails, rather than read from a pooled
// deflate reader that another member now uses; members opened one after
// another, each left half read, still read whole.
func TestReadAfterClose(t *testing.T) {
	big := strings.Repeat("X = 1\n", 20000)
	path := writeWheel(t, t.TempDir(), testWheel{files: map[string]string{"mypkg/a.py": big, "mypkg/b.py": big}})
	got, err := Install(context.Background(), path, testLayout)
	if err != nil {
		t.Fatal(err)
	}
	var a, b layer.Entry
	for _, e := range got.Entries {
		switch {
		case strings.HasSuffix(e.Path, "mypkg/a.py"):
			a = e
		case strings.HasSuffix(e.Path, "mypkg/b.py"):
			b = e
		}
	}
	ra, err := a.Open()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	if _, err := io.ReadFull(ra, buf); err != nil {
		t.Fatal(err)
	}
	ra.Close()
	rb, err := b.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rb.Close()
	if _, err := ra.Read(buf); !errors.Is(err, os.ErrClosed) {
		t.Errorf("a Read after Close: %v, want os.ErrClosed", err)
	}
	data, err := io.ReadAll(rb)
	if err != nil || string(data) != big {
		t.Errorf("b read %d bytes, %v; want %d", len(data), err, len(big))
	}
}
