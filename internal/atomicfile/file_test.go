package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestCommit(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  []byte // the target's content before, nil for none
		data []byte
	}{
		{"new file", nil, []byte("hello\n")},
		{"replaces a file", []byte("old content, longer than the new one"), []byte("new")},
		{"empty", []byte("old"), []byte{}},
		{"large", nil, bytes.Repeat([]byte("0123456789abcdef"), 1<<16)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.json")
			if tc.old != nil {
				mustWrite(t, path, tc.old)
			}
			f, err := Create(path, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Abort()
			if !strings.HasPrefix(filepath.Base(f.Name()), ".out.json.tmp-") || filepath.Dir(f.Name()) != dir {
				t.Errorf("temporary file %s: want .out.json.tmp-* beside the target", f.Name())
			}
			if _, err := f.Write(tc.data); err != nil {
				t.Fatal(err)
			}
			if tc.old != nil && !bytes.Equal(read(t, path), tc.old) {
				t.Error("the target changed before Commit")
			}
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(read(t, path), tc.data) {
				t.Error("the target does not hold the written bytes")
			}
			if err := f.Abort(); err != nil {
				t.Errorf("Abort after Commit: %v", err)
			}
			if _, err := f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
				t.Errorf("Write after Commit: %v", err)
			}
			if err := f.Commit(); !errors.Is(err, os.ErrClosed) {
				t.Errorf("Commit after Commit: %v", err)
			}
			assertOnly(t, dir, "out.json")
		})
	}
}

func TestAbort(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  []byte
	}{
		{"no target", nil},
		{"keeps the target", []byte("old")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out")
			if tc.old != nil {
				mustWrite(t, path, tc.old)
			}
			f, err := Create(path, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write([]byte("half of it")); err != nil {
				t.Fatal(err)
			}
			if err := f.Abort(); err != nil {
				t.Fatal(err)
			}
			if err := f.Abort(); err != nil {
				t.Errorf("second Abort: %v", err)
			}
			if err := f.Commit(); !errors.Is(err, os.ErrClosed) {
				t.Errorf("Commit after Abort: %v", err)
			}
			if tc.old == nil {
				assertOnly(t, dir)
				return
			}
			if !bytes.Equal(read(t, path), tc.old) {
				t.Error("Abort changed the target")
			}
			assertOnly(t, dir, "out")
		})
	}
}

func TestCreateErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	mustWrite(t, file, []byte("x"))
	for name, path := range map[string]string{
		"missing directory": filepath.Join(dir, "missing", "out"),
		"parent is a file":  filepath.Join(file, "out"),
		"no file name":      dir + "/",
	} {
		t.Run(name, func(t *testing.T) {
			if f, err := Create(path, 0o644); err == nil {
				f.Abort()
				t.Fatalf("Create(%s): no error", path)
			}
			if err := WriteFile(path, []byte("x"), 0o644); err == nil {
				t.Fatalf("WriteFile(%s): no error", path)
			}
		})
	}
	assertOnly(t, dir, "file")
}

func TestUnwritableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into a read-only directory")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := WriteFile(filepath.Join(dir, "out"), []byte("x"), 0o644)
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("got %v, want a permission error", err)
	}
}

func TestCommitErrorKeepsTarget(t *testing.T) {
	// A rename over a non-empty directory fails, even for root.
	dir := t.TempDir()
	target := filepath.Join(dir, "out")
	mustWrite(t, filepath.Join(target, "inside"), []byte("x"))
	f, err := Create(target, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err == nil {
		t.Fatal("Commit over a non-empty directory: no error")
	}
	if err := f.Abort(); err != nil {
		t.Errorf("Abort after a failed Commit: %v", err)
	}
	assertOnly(t, dir, "out", "out/inside")
}

func TestPerm(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	for _, perm := range []fs.FileMode{0o600, 0o640, 0o644, 0o755} {
		t.Run(perm.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out")
			mustWrite(t, path, []byte("old")) // a replaced file's mode is not kept
			if err := os.Chmod(path, 0o777); err != nil {
				t.Fatal(err)
			}
			if err := WriteFile(path, []byte("x"), perm); err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := info.Mode().Perm(); got != perm {
				t.Errorf("mode %v, want %v whatever the umask", got, perm)
			}
		})
	}
}

// recordSyncs makes syncDir note the directories it syncs in what it
// returns, until the test ends.
func recordSyncs(t *testing.T) *[]string {
	var synced []string
	real := syncDir
	syncDir = func(dir string) error {
		synced = append(synced, dir)
		return real(dir)
	}
	t.Cleanup(func() { syncDir = real })
	return &synced
}

func TestSyncsDirectory(t *testing.T) {
	synced := recordSyncs(t)
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "out"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if len(*synced) != 1 || (*synced)[0] != dir {
		t.Errorf("synced %v, want the target's directory %s once", *synced, dir)
	}

	// A failing directory sync is reported; the file is in place.
	syncDir = func(string) error { return errors.New("disk on fire") }
	err := WriteFile(filepath.Join(dir, "out"), []byte("y"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("got %v, want the directory sync's error", err)
	}
	if got := read(t, filepath.Join(dir, "out")); string(got) != "y" {
		t.Errorf("after a failed directory sync the target holds %q", got)
	}
}

// TestNoSync: a file committed without syncs is in place, whole, and its
// directory was not synced.
func TestNoSync(t *testing.T) {
	synced := recordSyncs(t)
	dir := t.TempDir()
	if err := WriteFile(filepath.Join(dir, "out"), []byte("cached"), 0o640, NoSync()); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.CreateTemp(dir, "partial-*")
	if err != nil {
		t.Fatal(err)
	}
	tmp.WriteString("adopted")
	if err := Adopt(tmp, filepath.Join(dir, "adopted"), 0o644, NoSync()).Commit(); err != nil {
		t.Fatal(err)
	}
	if len(*synced) != 0 {
		t.Errorf("synced %v, want no directory synced", *synced)
	}
	if got := read(t, filepath.Join(dir, "out")); string(got) != "cached" {
		t.Errorf("out holds %q", got)
	}
	if got := read(t, filepath.Join(dir, "adopted")); string(got) != "adopted" {
		t.Errorf("adopted holds %q", got)
	}
	if info, err := os.Stat(filepath.Join(dir, "out")); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("out: %v, %v", info, err)
	}
}

func TestSyncDir(t *testing.T) {
	if err := SyncDir(t.TempDir()); err != nil {
		t.Error(err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	if err := SyncDir(missing); err == nil || !strings.Contains(err.Error(), "syncing directory "+missing) {
		t.Errorf("a missing directory: %v", err)
	}
}

func TestAdopt(t *testing.T) {
	dir := t.TempDir()
	for _, commit := range []bool{true, false} {
		tmp, err := os.CreateTemp(dir, "partial-*")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tmp.Write([]byte("downloaded")); err != nil {
			t.Fatal(err)
		}
		f := Adopt(tmp, filepath.Join(dir, "blob"), 0o644)
		if f.Name() != tmp.Name() {
			t.Errorf("Name %s, want the adopted file's %s", f.Name(), tmp.Name())
		}
		if commit {
			if err := f.Commit(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := f.Abort(); err != nil {
			t.Fatal(err)
		}
	}
	assertOnly(t, dir, "blob")
	if got := read(t, filepath.Join(dir, "blob")); string(got) != "downloaded" {
		t.Errorf("blob holds %q", got)
	}
}

func TestRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := WriteFile("out", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, "out")
}

func TestLongName(t *testing.T) {
	dir := t.TempDir()
	name := strings.Repeat("n", 250)
	if err := WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, name)
}

func TestIsTemp(t *testing.T) {
	f, err := Create(filepath.Join(t.TempDir(), "body"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	for name, want := range map[string]bool{
		filepath.Base(f.Name()): true,
		".meta.json.tmp-123":    true,
		"body":                  false,
		"meta.json":             false,
		"x.tmp-1":               false,
		".hidden":               false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}
