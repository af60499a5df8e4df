package venv

import (
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func TestEntries(t *testing.T) {
	s := Spec{Prefix: "/app/venv", Interpreter: "/usr/bin/python3.12", Version: "3.12.4"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	type want struct {
		mode fs.FileMode
		link string
	}
	wants := map[string]want{
		"app/venv":                              {fs.ModeDir | 0o755, ""},
		"app/venv/bin":                          {fs.ModeDir | 0o755, ""},
		"app/venv/bin/python":                   {fs.ModeSymlink | 0o777, "python3.12"},
		"app/venv/bin/python3":                  {fs.ModeSymlink | 0o777, "python3.12"},
		"app/venv/bin/python3.12":               {fs.ModeSymlink | 0o777, "/usr/bin/python3.12"},
		"app/venv/lib":                          {fs.ModeDir | 0o755, ""},
		"app/venv/lib/python3.12":               {fs.ModeDir | 0o755, ""},
		"app/venv/lib/python3.12/site-packages": {fs.ModeDir | 0o755, ""},
		"app/venv/lib64":                        {fs.ModeSymlink | 0o777, "lib"},
		"app/venv/pyvenv.cfg":                   {0o644, ""},
	}
	entries := Entries(s)
	if len(entries) != len(wants) {
		t.Errorf("%d entries, want %d", len(entries), len(wants))
	}
	for i, e := range entries {
		w, ok := wants[e.Path]
		if !ok || e.Mode != w.mode || e.Link != w.link || e.UID != 0 || e.GID != 0 {
			t.Errorf("entry %s %v -> %q uid %d; want %v", e.Path, e.Mode, e.Link, e.UID, w)
		}
		if i > 0 && entries[i-1].Path >= e.Path {
			t.Errorf("entries not sorted at %s", e.Path)
		}
		if e.Path == "app/venv/pyvenv.cfg" {
			rc, _ := e.Open()
			b, _ := io.ReadAll(rc)
			want := "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.4\nexecutable = /usr/bin/python3.12\n"
			if string(b) != want || e.Size != int64(len(want)) {
				t.Errorf("pyvenv.cfg (size %d):\n%s\nwant\n%s", e.Size, b, want)
			}
		}
	}
	if _, err := layer.New(t.Context(), entries, layer.WithTempDir(t.TempDir())); err != nil {
		t.Errorf("the layer writer refuses the skeleton: %v", err)
	}
}

func TestValidate(t *testing.T) {
	for _, s := range []Spec{
		{Prefix: "app/venv", Interpreter: "/usr/bin/python3.12", Version: "3.12.4"},
		{Prefix: "/", Interpreter: "/usr/bin/python3.12", Version: "3.12.4"},
		{Prefix: "/app/venv/", Interpreter: "/usr/bin/python3.12", Version: "3.12.4"},
		{Prefix: "/app/venv", Interpreter: "python3.12", Version: "3.12.4"},
		{Prefix: "/app/venv", Interpreter: "/usr/bin/python3.12", Version: "3.12"},
		{Prefix: "/app/venv", Interpreter: "/usr/bin/python3.12", Version: "3.12.4\nhome = /tmp"},
	} {
		if s.Validate() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
	for _, v := range []string{"3.12.4", "3.13.0rc1", "3.9.18"} {
		s := Spec{Prefix: "/app/venv", Interpreter: "/usr/bin/python3", Version: v}
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
}

// TestHostPython lays the skeleton out on disk for the host's CPython and
// checks that starting bin/python selects the venv.
func TestHostPython(t *testing.T) {
	tools.Require(t, "python3")
	py, _ := exec.LookPath("python3")
	out, err := exec.Command(py, "-c", "import os, sys, platform; print(os.path.realpath(sys.executable)); print(platform.python_version())").Output()
	if err != nil {
		t.Fatalf("python3 does not run: %v", err)
	}
	f := strings.Fields(string(out))
	root := t.TempDir()
	s := Spec{Prefix: filepath.Join(root, "app", "venv"), Interpreter: f[0], Version: f[1]}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, e := range Entries(s) {
		p := filepath.Join("/", e.Path)
		if !strings.HasPrefix(p, root+"/") {
			t.Fatalf("entry %s lands outside %s", e.Path, root)
		}
		switch {
		case e.Mode.IsDir():
			err = os.MkdirAll(p, e.Mode.Perm())
		case e.Mode&fs.ModeSymlink != 0:
			err = os.Symlink(e.Link, p)
		default:
			rc, _ := e.Open()
			b, _ := io.ReadAll(rc)
			err = os.WriteFile(p, b, e.Mode.Perm())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, exe := range []string{"python", "python3", "python" + s.MinorVersion()} {
		cmd := exec.Command(filepath.Join(s.Prefix, "bin", exe), "-c",
			"import sys, sysconfig; print(sys.prefix); print(sys.prefix != sys.base_prefix); print(sysconfig.get_path('purelib'))")
		cmd.Env = append(os.Environ(), "PYTHONNOUSERSITE=1")
		got, err := cmd.CombinedOutput()
		want := s.Prefix + "\nTrue\n" + s.Prefix + "/lib/python" + s.MinorVersion() + "/site-packages\n"
		if err != nil || string(got) != want {
			t.Errorf("bin/%s: %v\n%s\nwant\n%s", exe, err, got, want)
		}
	}
}
