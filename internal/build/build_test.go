package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/project"
)

func TestMergeFlagsWin(t *testing.T) {
	o := Options{Base: "flag-base", Tags: []string{"flag:1"}}
	set := map[string]bool{"base": true, "tag": true}
	o.Merge(project.Config{
		Base: "cfg-base", Tags: []string{"cfg:1"}, User: "1000", Compression: "zstd",
		Env: map[string]string{"B": "2", "A": "1"}, Entrypoint: []string{"/bin/app", "x"},
	}, func(f string) bool { return set[f] })
	if o.Base != "flag-base" || !slices.Equal(o.Tags, []string{"flag:1"}) {
		t.Errorf("flags lost: %+v", o)
	}
	if o.User != "1000" || o.Compression != "zstd" || !slices.Equal(o.Env, []string{"A=1", "B=2"}) {
		t.Errorf("config not applied: %+v", o)
	}
	if o.Entrypoint != `["/bin/app","x"]` {
		t.Errorf("entrypoint %q", o.Entrypoint)
	}
}

func TestCheck(t *testing.T) {
	ok := Options{Base: "oci:b"}
	tests := []struct {
		name  string
		edit  func(*Options)
		want  string
		usage bool
	}{
		{"ok", func(*Options) {}, "", false},
		{"compression", func(o *Options) { o.Compression = "lz4" }, `unknown compression "lz4"`, true},
		{"bad tag", func(o *Options) { o.Tags = []string{"UPPER/Case:!"} }, `--tag "UPPER/Case:!"`, true},
		{"push without tag", func(o *Options) { o.Push = true }, "--push needs", true},
		{"bad output", func(o *Options) { o.Outputs = []string{"bogus:x"} }, "bogus", true},
		{"bad platform", func(o *Options) { o.Platforms = []string{"amd64"} }, `platform "amd64"`, true},
		{"bad env", func(o *Options) { o.Env = []string{"1A=x"} }, `--env "1A=x"`, true},
		{"env without =", func(o *Options) { o.Env = []string{"A"} }, `--env "A"`, true},
		{"bad label", func(o *Options) { o.Labels = []string{"=v"} }, `--label "=v"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok
			tt.edit(&o)
			_, err := o.check()
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || IsUsage(err) != tt.usage {
				t.Fatalf("err = %v (usage %v), want %q", err, IsUsage(err), tt.want)
			}
		})
	}
}

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
	got, err := appFiles(files)
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
