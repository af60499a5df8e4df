package cli

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/build"
)

func parseBuild(t *testing.T, env map[string]string, args ...string) (build.Options, error) {
	t.Helper()
	var got build.Options
	io := IO{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}, Getenv: func(k string) string { return env[k] }}
	cmd := NewCmdBuild(io, func() (session, error) { return session{log: slog.Default()}, nil }, func(_ *cobra.Command, o build.Options) error {
		got = o
		return nil
	})
	cmd.SetArgs(args)
	cmd.SetOut(io.Out)
	cmd.SetErr(io.Err)
	err := cmd.Execute()
	return got, err
}

func TestBuildFlags(t *testing.T) {
	o, err := parseBuild(t, map[string]string{"SOURCE_DATE_EPOCH": "1700000000", "DOCKER_HOST": "unix:///x.sock"},
		"proj", "--base", "oci:b:base", "-t", "a:1", "-t", "b:2", "--push", "-o", "oci:out", "-o", "daemon",
		"--platform", "linux/amd64,linux/arm64", "--env", "A=1", "--label", "k=v", "--user", "1000",
		"--entrypoint", "-m app", "--compression", "zstd", "--metadata-file", "m.json", "--insecure-registry", "r:5000")
	if err != nil {
		t.Fatal(err)
	}
	if o.Dir != "proj" || o.Base != "oci:b:base" || !o.Push || o.User != "1000" || o.Entrypoint != "-m app" ||
		o.Compression != "zstd" || o.MetadataFile != "m.json" || o.DockerHost != "unix:///x.sock" {
		t.Errorf("options %+v", o)
	}
	for name, pair := range map[string][2][]string{
		"tags":      {o.Tags, {"a:1", "b:2"}},
		"outputs":   {o.Outputs, {"oci:out", "daemon"}},
		"platforms": {o.Platforms, {"linux/amd64", "linux/arm64"}},
		"env":       {o.Env, {"A=1"}},
		"labels":    {o.Labels, {"k=v"}},
		"insecure":  {o.Insecure, {"r:5000"}},
	} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s = %q, want %q", name, pair[0], pair[1])
		}
	}
	if !o.Created.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("created %v", o.Created)
	}
	if !o.FlagSet("tag") || o.FlagSet("label-missing") {
		t.Error("FlagSet does not reflect the command line")
	}
}

func TestBuildDefaults(t *testing.T) {
	o, err := parseBuild(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.Dir != "." || !o.Created.IsZero() || o.FlagSet("base") {
		t.Errorf("defaults %+v", o)
	}
}

func TestExecuteExitCodes(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		code    int
		wantErr string
	}{
		{"version", []string{"version"}, nil, ExitOK, ""},
		{"unknown flag", []string{"build", "--bogus"}, nil, ExitUsage, "unknown flag"},
		{"two dirs", []string{"build", "a", "b"}, nil, ExitUsage, "accepts at most 1 arg"},
		{"bad epoch", []string{"build", "."}, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, ExitUsage, "SOURCE_DATE_EPOCH"},
		{"bad http timeout", []string{"build", "."}, map[string]string{"PYKO_HTTP_TIMEOUT": "soon"}, ExitUsage, "PYKO_HTTP_TIMEOUT"},
		{"zero http timeout", []string{"plan", "."}, map[string]string{"PYKO_HTTP_TIMEOUT": "0"}, ExitUsage, "PYKO_HTTP_TIMEOUT"},
		{"lock http timeout", []string{"lock", "."}, map[string]string{"PYKO_HTTP_TIMEOUT": "-3"}, ExitUsage, "PYKO_HTTP_TIMEOUT"},
		{"missing dir", []string{"build", "/nonexistent/pyko", "--base", "oci:x"}, nil, ExitFailure, "/nonexistent/pyko"},
		{"unknown command", []string{"frobnicate"}, nil, ExitUsage, "unknown command"},
		{"plan format", []string{"plan", "--format", "xml"}, nil, ExitUsage, "--format"},
		{"plan missing dir", []string{"plan", "/nonexistent/pyko"}, nil, ExitFailure, "/nonexistent/pyko"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := Execute(context.Background(), tt.args, IO{Out: &out, Err: &errb, Getenv: func(k string) string { return tt.env[k] }})
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errb.String())
			}
			if tt.wantErr != "" && (!strings.Contains(errb.String(), tt.wantErr) || strings.Count(errb.String(), "\n") != 1) {
				t.Errorf("stderr %q, want one line with %q", errb.String(), tt.wantErr)
			}
			if tt.wantErr != "" && out.Len() != 0 {
				t.Errorf("stdout %q on error", out.String())
			}
		})
	}
}

// TestPlanRefusesOutputFlags: pyko plan builds nothing, so the flags that
// say where an image goes are usage errors rather than silently ignored.
func TestPlanRefusesOutputFlags(t *testing.T) {
	for _, args := range [][]string{
		{"plan", ".", "-o", "oci:out"},
		{"plan", ".", "--push"},
		{"plan", ".", "-t", "a:1"},
		{"plan", ".", "--metadata-file", "m.json"},
		{"plan", ".", "--from-plan", "plan.json"},
	} {
		var stderr bytes.Buffer
		code := Execute(context.Background(), args, IO{Out: &bytes.Buffer{}, Err: &stderr, Getenv: func(string) string { return "" }})
		if code != ExitUsage || !strings.Contains(stderr.String(), "unknown") {
			t.Errorf("pyko %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr.String())
		}
	}
}

func TestBuildFromPlanFlag(t *testing.T) {
	o, err := parseBuild(t, nil, "proj", "--from-plan", "plan.json", "-t", "a:1", "--push")
	if err != nil || o.FromPlan != "plan.json" || !o.Push {
		t.Fatalf("options %+v, err %v", o, err)
	}
}

func TestHTTPTimeout(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true},
		{"30", 30 * time.Second, true},
		{"2.5", 2500 * time.Millisecond, true},
		{"90s", 90 * time.Second, true},
		{"2m", 2 * time.Minute, true},
		{"0", 0, false},
		{"-1", 0, false},
		{"48h", 0, false},
		{"soon", 0, false},
	} {
		got, err := httpTimeout(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("httpTimeout(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestSuggestions(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"biuld"}, "did you mean build?"},
		{[]string{"build", "--platfrom", "linux/amd64"}, "did you mean --platform?"},
		{[]string{"plan", "--pyhton", "3.12"}, "did you mean --python?"},
	} {
		var out, errOut bytes.Buffer
		code := Execute(context.Background(), tt.args, IO{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
		if code != ExitUsage || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("pyko %v: exit %d, %q; want %q", tt.args, code, errOut.String(), tt.want)
		}
	}
}

func TestQuiet(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.py"), []byte("print(1)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "requirements.txt"), nil, 0o644)
	run := func(extra ...string) string {
		var out, errOut bytes.Buffer
		args := append([]string{"plan", dir, "--base", "oci:" + filepath.Join(dir, "missing")}, extra...)
		Execute(context.Background(), args, IO{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
		return errOut.String()
	}
	if loud := run(); !strings.Contains(loud, "level=INFO") {
		t.Fatalf("without --quiet, no INFO line: %q", loud)
	}
	if q := run("--quiet"); strings.Contains(q, "level=INFO") || !strings.Contains(q, "pyko: error:") {
		t.Errorf("--quiet: %q", q)
	}
}
