package project

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
)

func TestMayHoldIncluded(t *testing.T) {
	tests := []struct {
		dockerignore string
		dir          string
		want         bool
	}{
		{"data\n", "data", false},
		{"data\n!data/keep\n", "data", true},
		{"data\n!data/keep\n", "other", false},
		{"data\n!data/a/b\n", "data/a", true},
		{"data\n!data/a/b\n", "data/ab", false},
		{"data\n!data/**\n", "data", true},
		{"data\n!**/*.md\n", "anything", true},
	}
	for _, tt := range tests {
		r, err := readIgnoreRules(".dockerignore", []byte(tt.dockerignore))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.mayHoldIncluded(tt.dir); got != tt.want {
			t.Errorf("%q: mayHoldIncluded(%q) = %v, want %v", tt.dockerignore, tt.dir, got, tt.want)
		}
	}
}

func FuzzDockerignore(f *testing.F) {
	f.Add([]byte("# c\n/build\n**/*.md\n!docs/keep.md\n"), "docs/keep.md")
	f.Add([]byte("\ufeff*\n!src\n"), "src/a/b.py")
	f.Add([]byte("[\n"), "x")
	f.Fuzz(func(t *testing.T, data []byte, rel string) {
		r, err := readIgnoreRules(".dockerignore", data)
		if err != nil {
			return
		}
		_, info, err := r.excluded(rel, patternmatcher.MatchInfo{})
		if err == nil {
			_, _, _ = r.excluded(rel+"/child", info)
		}
		_ = r.mayHoldIncluded(rel)
	})
}

// TestDefaultsLeaveSecretsOut: secrets, git's, CI's and editors' files
// are left out by default and named; examples stay; [tool.pyko] include
// keeps one; .pykoignore wins over .dockerignore.
func TestDefaultsLeaveSecretsOut(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"main.py", ".env", ".env.production", ".env.example", "certs/server.pem", "id_rsa", ".github/workflows/ci.yml",
		".gitignore", ".vscode/settings.json", "tests/test_main.py", "docs/index.md", "notes.txt~"} {
		writeTestFile(t, dir, f, "x\n")
	}
	names := func(p *Project) ([]string, []string) {
		t.Helper()
		files, left, err := p.Selection(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range files {
			if !f.Mode.IsDir() {
				out = append(out, f.Rel)
			}
		}
		return out, left
	}
	got, left := names(&Project{Dir: dir})
	if want := []string{".env.example", "docs/index.md", "main.py", "tests/test_main.py"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
	if want := []string{".env", ".env.production", ".github", ".gitignore", ".vscode", "certs/server.pem", "id_rsa", "notes.txt~"}; strings.Join(left, " ") != strings.Join(want, " ") {
		t.Errorf("left out %v, want %v", left, want)
	}
	got, _ = names(&Project{Dir: dir, Tool: map[string]any{"include": []any{"certs/server.pem"}, "exclude": []any{"docs"}}})
	if want := []string{".env.example", "certs/server.pem", "main.py", "tests/test_main.py"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("with include and exclude: %v, want %v", got, want)
	}
	writeTestFile(t, dir, ".dockerignore", "tests\n")
	writeTestFile(t, dir, ".pykoignore", "docs\n!.env\n")
	got, _ = names(&Project{Dir: dir})
	// The ignore files stay, as Docker keeps .dockerignore in its context.
	if want := []string{".dockerignore", ".env", ".env.example", ".pykoignore", "main.py", "tests/test_main.py"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("with .pykoignore: %v, want %v", got, want)
	}
}

func writeTestFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
