package debwheels

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRequirements(t *testing.T) {
	dir := t.TempDir()
	wheels := map[string]string{
		"flask-2.2.2-py3-none-any.whl":                           "flask",
		"werkzeug-2.2.2-py3-none-any.whl":                        "werkzeug",
		"jinja2-3.1.2-py3-none-any.whl":                          "jinja2",
		"markupsafe-2.1.2-cp311-cp311-manylinux_2_17_x86_64.whl": "markupsafe",
		"itsdangerous-2.1.2-py3-none-any.whl":                    "itsdangerous",
		"click-8.1.3-py3-none-any.whl":                           "click",
		"blinker-1.5-py3-none-any.whl":                           "blinker",
		"requests-2.28.1-py3-none-any.whl":                       "not in the set",
	}
	writeFiles(t, dir, wheels)
	got, err := Requirements(dir)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "# ") {
		t.Fatalf("got %d lines, want a comment and 7 pins:\n%s", len(lines), got)
	}
	if !strings.HasPrefix(lines[1], "blinker==1.5 ") || !strings.HasPrefix(lines[7], "werkzeug==2.2.2 ") {
		t.Errorf("pins are not sorted by name:\n%s", got)
	}
	for file, content := range wheels {
		if content == "not in the set" {
			if strings.Contains(got, "requests") {
				t.Errorf("requests is pinned:\n%s", got)
			}
			continue
		}
		parts := strings.Split(file, "-")
		want := fmt.Sprintf("%s==%s --hash=sha256:%x", parts[0], parts[1], sha256.Sum256([]byte(content)))
		if !strings.Contains(got, want+"\n") {
			t.Errorf("missing line %q in:\n%s", want, got)
		}
	}

	// A missing or doubled wheel is an error that names the project.
	if err := os.Remove(filepath.Join(dir, "click-8.1.3-py3-none-any.whl")); err != nil {
		t.Fatal(err)
	}
	if _, err := Requirements(dir); err == nil || !strings.Contains(err.Error(), "click") {
		t.Errorf("without click: got error %v, want one naming click", err)
	}
	writeFiles(t, dir, map[string]string{"click-8.1.3-py3-none-any.whl": "a", "Click-8.1.4-py3-none-any.whl": "b"})
	if _, err := Requirements(dir); err == nil || !strings.Contains(err.Error(), "click") {
		t.Errorf("with two clicks: got error %v, want one naming click", err)
	}
}
