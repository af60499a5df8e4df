package build

import (
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/usage"
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
			if err == nil || !strings.Contains(err.Error(), tt.want) || usage.Is(err) != tt.usage {
				t.Fatalf("err = %v (usage %v), want %q", err, usage.Is(err), tt.want)
			}
		})
	}
}
