package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runInit(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(context.Background(), append([]string{"init"}, args...), IO{Out: &out, Err: &errb, Getenv: func(string) string { return "" }})
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestInitWrites(t *testing.T) {
	dir := t.TempDir()
	old := "[project]\nname = \"web\"\nversion = \"1\"\ndependencies = [\"flask\", \"gunicorn\"]\n"
	writeFiles(t, dir, map[string]string{"pyproject.toml": old, "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
	code, out, errs := runInit(t, dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	path := filepath.Join(dir, "pyproject.toml")
	if out != path+"\n" {
		t.Errorf("stdout %q, want the path written", out)
	}
	if !strings.Contains(errs, "Flask app") || !strings.Contains(errs, "gunicorn") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q, want one line saying what was detected", errs)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), old+"\n[tool.pyko]\n") ||
		!strings.Contains(string(data), `entrypoint = ["/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"]`) {
		t.Errorf("pyproject.toml:\n%s", data)
	}

	// A second run refuses, and --print still shows the section.
	code, out, errs = runInit(t, dir)
	if code != ExitFailure || out != "" || !strings.Contains(errs, "already has a [tool.pyko]") || strings.Count(errs, "\n") != 1 {
		t.Errorf("second init: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, _ = runInit(t, "--print", dir)
	if code != ExitOK || !strings.HasPrefix(out, "[tool.pyko]\n") {
		t.Errorf("init --print: exit %d, stdout %q", code, out)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("a refused init or --print changed pyproject.toml")
	}
}

func TestInitPrintLeavesFilesAlone(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"main.py": "print('hi')\n"})
	code, out, errs := runInit(t, dir, "--print")
	if code != ExitOK || !strings.Contains(out, "entrypoint = \"main.py\"") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "pyproject.toml")); err == nil {
		t.Error("--print created pyproject.toml")
	}
}

func TestInitErrors(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"empty directory", []string{empty}, ExitUsage, "no Python project in " + empty},
		{"missing directory", []string{"/nonexistent/pyko"}, ExitFailure, "/nonexistent/pyko"},
		{"two directories", []string{"a", "b"}, ExitUsage, "accepts at most 1 arg"},
		{"unknown flag", []string{"--force"}, ExitUsage, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runInit(t, tt.args...)
			if code != tt.code || out != "" || !strings.Contains(errs, tt.wantErr) || strings.Count(errs, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and one line with %q", code, out, errs, tt.code, tt.wantErr)
			}
		})
	}
}
