package planner

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/project"
)

func TestAppFilesModes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"main.py", "bin/run", "world"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, n)), 0o755)
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	files := []project.File{
		{Rel: "main.py", Abs: filepath.Join(dir, "main.py"), Mode: 0o600, Size: 1},
		{Rel: "bin", Abs: filepath.Join(dir, "bin"), Mode: fs.ModeDir | 0o700},
		{Rel: "bin/run", Abs: filepath.Join(dir, "bin/run"), Mode: 0o700, Size: 1},
		{Rel: "data", Abs: filepath.Join(dir, "data"), Mode: fs.ModeSymlink | 0o755, Link: "../shared"},
		{Rel: "world", Abs: filepath.Join(dir, "world"), Mode: 0o666, Size: 1},
	}
	want := map[string]string{
		"main.py": "file 0644", "bin": "dir 0755", "bin/run": "file 0755", "data": "symlink 0777", "world": "file 0644",
	}
	got, err := appFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		if want[f.Path] != f.Type+" "+f.Mode {
			t.Errorf("%s: %s %s, want %s", f.Path, f.Type, f.Mode, want[f.Path])
		}
		if f.Path == "data" && f.Link != "../shared" {
			t.Errorf("link %q", f.Link)
		}
		if f.Type == "file" && f.SHA256 != "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" {
			t.Errorf("%s: sha256 %s", f.Path, f.SHA256)
		}
		delete(want, f.Path)
	}
	if len(want) != 0 {
		t.Errorf("missing %v", want)
	}
}
