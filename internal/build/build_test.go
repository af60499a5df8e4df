package build

import (
	"io/fs"
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

func TestAppEntriesModes(t *testing.T) {
	files := []project.File{
		{Rel: "main.py", Abs: "/h/main.py", Mode: 0o600, Size: 3},
		{Rel: "bin", Abs: "/h/bin", Mode: fs.ModeDir | 0o700},
		{Rel: "bin/run", Abs: "/h/bin/run", Mode: 0o700, Size: 1},
		{Rel: "data", Abs: "/h/data", Mode: fs.ModeSymlink | 0o755, Link: "../shared"},
		{Rel: "world", Abs: "/h/world", Mode: 0o666},
	}
	want := map[string]fs.FileMode{
		"app": fs.ModeDir | 0o755, "app/main.py": 0o644, "app/bin": fs.ModeDir | 0o755,
		"app/bin/run": 0o755, "app/data": fs.ModeSymlink | 0o777, "app/world": 0o644,
	}
	for _, e := range appEntries(files) {
		if want[e.Path] != e.Mode || e.UID != 0 || e.GID != 0 {
			t.Errorf("%s: mode %v uid %d, want %v root", e.Path, e.Mode, e.UID, want[e.Path])
		}
		if e.Path == "app/data" && e.Link != "../shared" {
			t.Errorf("link %q", e.Link)
		}
		delete(want, e.Path)
	}
	if len(want) != 0 {
		t.Errorf("missing %v", want)
	}
}
