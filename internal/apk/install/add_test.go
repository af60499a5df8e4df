package install

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
)

func TestUsrmergeFollowsSymlinkedDirectories(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr,
		pkg("wolfi-baselayout"), baselayout(t),
		pkg("zlib"), tarOf(t, dir("lib"), file("lib/libz.so.1.3", "zlib"), symlink("lib/libz.so.1", "libz.so.1.3")),
		pkg("tool"), tarOf(t, dir("./sbin/"), file("./sbin/tool", "#!"), dir("usr/sbin"), file("usr/sbin/other", "x")),
	)
	got := flat(t, tr)
	for p, owner := range map[string]string{
		"usr/lib/libz.so.1.3": "zlib",
		"usr/lib/libz.so.1":   "zlib",
		"usr/bin/tool":        "tool",
		"usr/bin/other":       "tool", // usr/sbin -> bin is relative to usr/
		"lib":                 "wolfi-baselayout",
	} {
		e, ok := got[p]
		if !ok {
			t.Errorf("%s missing; have %v", p, keys(got))
			continue
		}
		if e.Owner != owner {
			t.Errorf("%s owned by %s, want %s", p, e.Owner, owner)
		}
	}
	for _, p := range []string{"lib/libz.so.1.3", "sbin/tool", "usr/sbin/other"} {
		if _, ok := got[p]; ok {
			t.Errorf("%s exists: the symlinked directory was replaced instead of followed", p)
		}
	}
	if e := got["lib"]; !isSymlink(e.Entry) || e.Link != "usr/lib" {
		t.Errorf("lib = %v -> %q, want the baselayout's symlink", e.Mode, e.Link)
	}
	if s := content(t, got["usr/lib/libz.so.1.3"].Entry); s != "zlib" {
		t.Errorf("content %q", s)
	}
}

func TestRejectsPathsOutOfTheRoot(t *testing.T) {
	tests := []struct {
		name    string
		entries []ent
		path    string // expected in the error
		want    error
	}{
		{"dot-dot in name", []ent{file("usr/../../etc/passwd", "x")}, "usr/../../etc/passwd", ErrEscapesRoot},
		{"leading dot-dot", []ent{file("../etc/passwd", "x")}, "../etc/passwd", ErrEscapesRoot},
		{"absolute name", []ent{file("/etc/passwd", "x")}, "/etc/passwd", ErrBadName},
		{"control character", []ent{file("usr/bin/a\nb", "x")}, "usr/bin/a\nb", ErrBadName},
		{"absolute symlink escape",
			[]ent{dir("usr"), dir("usr/lib"), symlink("usr/lib/evil", "/../../etc"), file("usr/lib/evil/passwd", "x")},
			"usr/lib/evil/passwd", ErrEscapesRoot},
		{"relative symlink escape",
			[]ent{dir("usr"), symlink("usr/up", "../.."), file("usr/up/x", "x")}, "usr/up/x", ErrEscapesRoot},
		{"directory through an escaping symlink",
			[]ent{symlink("host", "/.."), dir("host/etc")}, "host/etc", ErrEscapesRoot},
		{"symlink loop", []ent{symlink("a", "b"), symlink("b", "a"), file("a/x", "x")}, "a/x", ErrSymlinkLoop},
		{"self loop", []ent{symlink("a", "a"), dir("a/")}, "a", ErrSymlinkLoop},
		{"hard link out of the root", []ent{hardlink("usr/x", "../../etc/shadow")}, "usr/x", ErrBadName},
		{"hard link to an absolute path", []ent{hardlink("usr/x", "/etc/shadow")}, "usr/x", ErrBadName},
		{"hard link to the root", []ent{hardlink("usr/x", ".")}, "usr/x", ErrBadName},
		{"file as a directory", []ent{file("etc", "x"), file("etc/passwd", "x")}, "etc/passwd", ErrNotDir},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := New(t.TempDir())
			err := tr.Add(context.Background(), pkg("evil"), tarOf(t, tt.entries...))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var pe *PathError
			if !errors.As(err, &pe) || pe.Package != "evil-1.0-r0" || pe.Path != tt.path {
				t.Errorf("err = %#v, want a PathError for evil-1.0-r0 and %q", err, tt.path)
			}
			// One error, one line: no cause is joined or wrapped twice.
			if msg := err.Error(); strings.Contains(msg, "\n") || strings.Count(msg, tt.want.Error()) != 1 {
				t.Errorf("err = %q, want one line naming %q once", msg, tt.want)
			}
		})
	}
}

// A symlink pointing out of the root is only data: it is stored as is,
// and only following it is refused.
func TestEscapingSymlinkIsStoredNotFollowed(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("odd"), tarOf(t, dir("etc"), symlink("etc/mtab", "/../proc/mounts")))
	if e := flat(t, tr)["etc/mtab"]; e.Link != "/../proc/mounts" {
		t.Errorf("etc/mtab -> %q", e.Link)
	}
}

func TestModesAndOwnersKept(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t),
		pkg("sudoish"), tarOf(t,
			dir("usr/bin"),
			withMode(file("usr/bin/su", "elf"), 0o4755),
			withMode(file("usr/bin/wall", "elf"), 0o2755),
			withOwner(withMode(dir("var"), 0o750), 42),
		))
	got := flat(t, tr)
	for p, want := range map[string]fs.FileMode{
		"usr/bin/su":   fs.ModeSetuid | 0o755,
		"usr/bin/wall": fs.ModeSetgid | 0o755,
		"tmp":          fs.ModeDir | fs.ModeSticky | 0o777,
		"var":          fs.ModeDir | 0o750,
	} {
		if got[p].Mode != want {
			t.Errorf("%s: mode %v, want %v", p, got[p].Mode, want)
		}
	}
	if got["var"].UID != 42 || got["var"].GID != 42 {
		t.Errorf("var owned by %d:%d, want 42:42", got["var"].UID, got["var"].GID)
	}
}

func TestHardlinkSharesContent(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t),
		pkg("python"), tarOf(t, dir("usr/bin"), file("usr/bin/python3.12", "ELF..."), hardlink("bin/python3", "usr/bin/python3.12")))
	got := flat(t, tr)
	e := got["usr/bin/python3"]
	if e.Mode.Type() != 0 || content(t, e.Entry) != "ELF..." || e.Size != 6 {
		t.Errorf("hard link: mode %v size %d", e.Mode, e.Size)
	}
}

func TestHardlinkTargetMustBeInThePackage(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("a"), tarOf(t, file("x", "secret")))
	err := tr.Add(context.Background(), pkg("b"), tarOf(t, hardlink("y", "x")))
	if err == nil || !strings.Contains(err.Error(), "not a regular file earlier in this package") {
		t.Errorf("err = %v", err)
	}
}

func TestDeviceNodesSkipped(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("dev"), tarOf(t, dir("dev"), ent{name: "dev/null", typ: tar.TypeChar, mode: 0o666}, ent{name: "dev/fifo", typ: tar.TypeFifo}))
	got := flat(t, tr)
	if _, ok := got["dev/null"]; ok {
		t.Error("dev/null was kept")
	}
	if _, ok := got["dev"]; !ok {
		t.Error("dev directory lost")
	}
}

// A hostile header claiming a terabyte must fail at once, without
// allocating or writing anything.
func TestHugeFileRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int64
		opts []Option
	}{
		{"one terabyte", 1 << 40, nil},
		{"over WithMaxFileSize", 2048, []Option{WithMaxFileSize(1024)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tw := tar.NewWriter(&buf)
			if err := tw.WriteHeader(&tar.Header{Name: "big", Typeflag: tar.TypeReg, Size: tc.size, Mode: 0o644}); err != nil {
				t.Fatal(err)
			}
			tw.Write([]byte("only a little")) //nolint:errcheck // the stream is short on purpose
			tw.Flush()                        //nolint:errcheck
			tmp := t.TempDir()
			err := New(tmp, tc.opts...).Add(context.Background(), pkg("bomb"), &buf)
			if err == nil || !strings.Contains(err.Error(), "outside 0..") {
				t.Fatalf("err = %v", err)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("temp dir holds %d files after the refusal", len(left))
			}
		})
	}
}

func TestTruncatedContent(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "f", Typeflag: tar.TypeReg, Size: 4096, Mode: 0o644}) //nolint:errcheck
	tw.Write(bytes.Repeat([]byte("x"), 600))                                               //nolint:errcheck
	tw.Flush()                                                                             //nolint:errcheck
	tmp := t.TempDir()
	err := New(tmp).Add(context.Background(), pkg("short"), bytes.NewReader(buf.Bytes()[:512+600]))
	if err == nil {
		t.Fatal("a truncated data tar was accepted")
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temp dir holds %d files after the failure", len(left))
	}
}

func TestAddRules(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("a"), tarOf(t, file("x", "1")))
	if err := tr.Add(context.Background(), pkg("a"), tarOf(t)); err == nil {
		t.Error("the same package added twice")
	}
	if err := tr.Finish(context.Background(), Finish{}); err != nil {
		t.Fatal(err)
	}
	if err := tr.Add(context.Background(), pkg("b"), tarOf(t)); err == nil {
		t.Error("Add after Finish succeeded")
	}
	if err := tr.Finish(context.Background(), Finish{}); err == nil {
		t.Error("Finish twice succeeded")
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
