package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestCompletion drives cobra's completion engine (what the bash, zsh and
// fish scripts call as `pyko __complete ...`) and the scripts themselves.
func TestCompletion(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want []string // the candidates, in order
		dirs bool     // DIR completes to directories only
	}{
		{"a command", []string{"bui"}, []string{"build"}, false},
		{"a flag", []string{"build", "--plat"}, []string{"--platform"}, false},
		{"--sbom's values", []string{"build", "--sbom", "c"}, []string{"cyclonedx"}, false},
		{"--compression's values", []string{"build", "--compression", ""}, []string{"gzip", "zstd"}, false},
		{"--platform's values", []string{"lock", "--platform", "linux/a"}, []string{"linux/amd64", "linux/arm64"}, false},
		{"--base transports", []string{"plan", "--base", "oci"}, []string{"oci:", "oci-archive:"}, false},
		{"--fail-on's values", []string{"audit", "x", "--fail-on", "h"}, []string{"high"}, false},
		{"plan --format", []string{"plan", "--format", ""}, []string{"text", "json"}, false},
		{"a root flag's values", []string{"build", "--progress", "p"}, []string{"plain"}, false},
		{"DIR", []string{"build", ""}, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Execute(context.Background(), append([]string{"__complete"}, tt.args...), IO{Out: &out, Err: &errb, Getenv: func(string) string { return "" }})
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			directive := lines[len(lines)-1]
			var got []string
			for _, l := range lines[:len(lines)-1] {
				name, _, _ := strings.Cut(l, "\t")
				got = append(got, name)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("candidates %q, want %q", got, tt.want)
			}
			if tt.dirs != (directive == ":16") {
				t.Errorf("directive %s (want directories only: %v)", directive, tt.dirs)
			}
		})
	}
	for shell, mark := range map[string]string{"bash": "__start_pyko", "zsh": "#compdef pyko", "fish": "complete -c pyko"} {
		var out bytes.Buffer
		if code := Execute(context.Background(), []string{"completion", shell}, IO{Out: &out, Err: &out, Getenv: func(string) string { return "" }}); code != 0 || !strings.Contains(out.String(), mark) {
			t.Errorf("pyko completion %s: exit %d, lacks %q", shell, code, mark)
		}
	}
}
