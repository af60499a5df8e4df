package wheel

import (
	"context"
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"testing"
)

// A RECORD hash that is well formed but of other bytes.
const otherHash = "sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"

func TestInstallRefuses(t *testing.T) {
	di, data := "mypkg-1.0.dist-info/", "mypkg-1.0.data/"
	ok := map[string]string{"mypkg/__init__.py": "X = 1\n"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{"mypkg/__init__.py": "X = 1\n"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		wheel    testWheel
		wantPath string // the path the error must name
		wantText string
		mismatch bool // a *HashMismatchError rather than *InvalidWheelError
	}{
		{name: "file missing from RECORD", wheel: testWheel{files: ok, notInRecord: map[string]bool{"mypkg/__init__.py": true}},
			wantPath: "mypkg/__init__.py", wantText: "not in RECORD"},
		{name: "RECORD lists a missing file", wheel: testWheel{files: ok, extraRows: []string{"mypkg/gone.py," + otherHash + ",0"}},
			wantPath: "mypkg/gone.py", wantText: "missing from the archive"},
		{name: "parent path", wheel: testWheel{files: ok, raw: []rawMember{{name: "../evil.py", mode: 0o644}}},
			wantPath: "../evil.py", wantText: `".."`},
		{name: "parent path inside", wheel: testWheel{files: ok, raw: []rawMember{{name: "mypkg/../../evil.py", mode: 0o644}}},
			wantPath: "mypkg/../../evil.py", wantText: `".."`},
		{name: "absolute path", wheel: testWheel{files: ok, raw: []rawMember{{name: "/etc/passwd", mode: 0o644}}},
			wantPath: "/etc/passwd", wantText: "absolute"},
		{name: "backslash", wheel: testWheel{files: ok, raw: []rawMember{{name: `mypkg\..\..\evil.py`, mode: 0o644}}},
			wantPath: `mypkg\..\..\evil.py`, wantText: "backslash"},
		{name: "symlink", wheel: testWheel{files: ok, raw: []rawMember{{name: "mypkg/link", mode: fs.ModeSymlink | 0o777, data: "/etc/passwd"}}},
			wantPath: "mypkg/link", wantText: "symbolic link"},
		{name: "duplicate member", wheel: testWheel{files: ok, raw: []rawMember{{name: "mypkg/__init__.py", mode: 0o644, data: "evil"}}},
			wantPath: "mypkg/__init__.py", wantText: "twice"},
		{name: "Wheel-Version 2.0", wheel: testWheel{files: ok, wheelFile: "Wheel-Version: 2.0\nRoot-Is-Purelib: true\n"},
			wantPath: "WHEEL", wantText: "Wheel-Version 2.0"},
		{name: "no Wheel-Version", wheel: testWheel{files: ok, wheelFile: "Root-Is-Purelib: true\n"},
			wantPath: "WHEEL", wantText: "Wheel-Version"},
		{name: "md5 in RECORD", wheel: testWheel{files: ok, recordHash: map[string]string{"mypkg/__init__.py": "md5=nWt-Dge1eug4iAgqLS_uWg"}},
			wantPath: "mypkg/__init__.py", wantText: "sha256 or stronger"},
		{name: "no hash in RECORD", wheel: testWheel{files: ok, recordHash: map[string]string{"mypkg/__init__.py": ""}},
			wantPath: "mypkg/__init__.py", wantText: "no hash"},
		{name: "size in RECORD", wheel: testWheel{files: ok, recordSize: map[string]string{"mypkg/__init__.py": "5"}},
			wantPath: "mypkg/__init__.py", wantText: "want 5 bytes, got 6 bytes", mismatch: true},
		{name: "lying hash on an empty file", wheel: testWheel{files: with(map[string]string{"mypkg/empty.py": ""}),
			recordHash: map[string]string{"mypkg/empty.py": "sha256=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"}, recordSize: map[string]string{"mypkg/empty.py": ""}},
			wantPath: "mypkg/empty.py", wantText: "want sha256=AQEB", mismatch: true},
		{name: "lying hash on METADATA", wheel: testWheel{files: ok, recordHash: map[string]string{di + "METADATA": otherHash}},
			wantPath: di + "METADATA", wantText: "want " + otherHash, mismatch: true},
		{name: "METADATA names another project", wheel: testWheel{files: ok, metadata: "Name: other\nVersion: 1.0\n"},
			wantPath: "METADATA", wantText: `"other"`},
		{name: "METADATA gives another version", wheel: testWheel{files: ok, metadata: "Name: mypkg\nVersion: 2.0\n"},
			wantPath: "METADATA", wantText: `"2.0"`},
		{name: "two dist-info", wheel: testWheel{files: with(map[string]string{"other-1.0.dist-info/METADATA": "Name: other\n"})},
			wantText: "2 .dist-info"},
		{name: "unknown data dir", wheel: testWheel{files: with(map[string]string{data + "config/x.cfg": "x"})},
			wantPath: data + "config/x.cfg", wantText: "unknown .data directory"},
		{name: "file directly in data dir", wheel: testWheel{files: with(map[string]string{data + "x.cfg": "x"})},
			wantPath: data + "x.cfg", wantText: "not inside"},
		{name: "scripts subdirectory", wheel: testWheel{files: with(map[string]string{data + "scripts/sub/x": "x"})},
			wantPath: data + "scripts/sub/x", wantText: "subdirectory"},
		{name: "data over pyvenv.cfg", wheel: testWheel{files: with(map[string]string{data + "data/pyvenv.cfg": "home = /tmp\n"})},
			wantPath: data + "data/pyvenv.cfg", wantText: "venv's own"},
		{name: "data over bin/python", wheel: testWheel{files: with(map[string]string{data + "data/bin/python3": "evil"})},
			wantPath: data + "data/bin/python3", wantText: "venv's own"},
		{name: "script named python", wheel: testWheel{files: with(map[string]string{data + "scripts/python3.12": "evil"})},
			wantPath: data + "scripts/python3.12", wantText: "interpreter"},
		{name: "entry point named python", wheel: testWheel{files: with(map[string]string{di + "entry_points.txt": "[console_scripts]\npython = mypkg:main\n"})},
			wantPath: di + "entry_points.txt", wantText: "interpreter"},
		{name: "entry point with a slash", wheel: testWheel{files: with(map[string]string{di + "entry_points.txt": "[console_scripts]\n../../x = mypkg:main\n"})},
			wantPath: di + "entry_points.txt", wantText: "plain file name"},
		{name: "entry point injecting code", wheel: testWheel{files: with(map[string]string{di + "entry_points.txt": "[console_scripts]\nx = os:system('id')\n"})},
			wantPath: di + "entry_points.txt", wantText: "module:function"},
		{name: "same script twice", wheel: testWheel{files: with(map[string]string{di + "entry_points.txt": "[console_scripts]\nx = a:b\n[gui_scripts]\nx = a:c\n"})},
			wantPath: di + "entry_points.txt", wantText: "twice"},
		{name: "two members, one target", wheel: testWheel{files: with(map[string]string{data + "purelib/mypkg/__init__.py": "Y = 2\n"})},
			wantPath: "app/venv/lib/python3.12/site-packages/mypkg/__init__.py", wantText: "two files"},
		{name: "file where a directory is", wheel: testWheel{files: with(map[string]string{data + "purelib/mypkg": "Y = 2\n"})},
			wantPath: "app/venv/lib/python3.12/site-packages/mypkg", wantText: "as a file and as the directory"},
		{name: "script and launcher", wheel: testWheel{files: with(map[string]string{
			di + "entry_points.txt": "[console_scripts]\nx = mypkg:main\n", data + "data/bin/x": "#!/bin/sh\n"})},
			wantPath: "app/venv/bin/x", wantText: "two files"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeWheel(t, t.TempDir(), tc.wheel)
			_, err := Install(context.Background(), path, testLayout)
			if err == nil {
				t.Fatal("installed; want an error")
			}
			var inv *InvalidWheelError
			var mis *HashMismatchError
			switch {
			case tc.mismatch && !errors.As(err, &mis):
				t.Fatalf("error %v is not a *HashMismatchError", err)
			case !tc.mismatch && !errors.As(err, &inv):
				t.Fatalf("error %v is not an *InvalidWheelError", err)
			}
			msg := err.Error()
			quoted := strconv.Quote(tc.wantPath) // paths are quoted in errors
			if !strings.Contains(msg, "mypkg-1.0-py3-none-any.whl") || !strings.Contains(msg, quoted[1:len(quoted)-1]) || !strings.Contains(msg, tc.wantText) {
				t.Errorf("error %q should name the wheel, %q and say %q", msg, tc.wantPath, tc.wantText)
			}
		})
	}
}

func TestLayoutRefused(t *testing.T) {
	path := writeWheel(t, t.TempDir(), testWheel{files: map[string]string{"mypkg/__init__.py": ""}})
	for _, l := range []Layout{
		{Prefix: "app/venv", PythonVersion: "3.12", Interpreter: "/app/venv/bin/python"},
		{Prefix: "/", PythonVersion: "3.12", Interpreter: "/app/venv/bin/python"},
		{Prefix: "/app/../venv", PythonVersion: "3.12", Interpreter: "/app/venv/bin/python"},
		{Prefix: "/app/venv", PythonVersion: "3.12.4", Interpreter: "/app/venv/bin/python"},
		{Prefix: "/app/venv", PythonVersion: "3.12", Interpreter: "/app/my venv/bin/python"},
		{Prefix: "/app/venv", PythonVersion: "3.12", Interpreter: "/" + strings.Repeat("x", 130)},
	} {
		if _, err := Install(context.Background(), path, l); err == nil {
			t.Errorf("layout %+v accepted", l)
		}
	}
}

func TestBadFilename(t *testing.T) {
	if _, err := Install(context.Background(), "/nonexistent/mypkg.zip", testLayout); err == nil || !strings.Contains(err.Error(), "mypkg.zip") {
		t.Errorf("err = %v, want one naming mypkg.zip", err)
	}
}
