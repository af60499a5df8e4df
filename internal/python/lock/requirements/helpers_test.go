package requirements

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// env is the target of most tests.
var env = pep508.LinuxCPython("3.12.4", "x86_64")

// h returns a fake sha256 digest made of one repeated hex digit.
func h(c string) string { return strings.Repeat(c, 64) }

// writeTree writes files (slash-separated relative paths to contents)
// under a new temporary directory and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// parseTree writes files and parses their requirements.txt.
func parseTree(t *testing.T, files map[string]string, opts ...Option) (*File, string, error) {
	t.Helper()
	dir := writeTree(t, files)
	f, err := Parse(context.Background(), filepath.Join(dir, "requirements.txt"), opts...)
	return f, dir, err
}

// summary writes packages as "name==version" lines with their hashes,
// files and source, so that tests compare them at a glance.
func summary(pkgs []lock.Package) string {
	var b strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&b, "%s==%s (%s)", p.Name, p.Version, p.Source)
		for _, h := range p.Hashes {
			fmt.Fprintf(&b, " #%s", h[:1])
		}
		for _, f := range p.Files {
			fmt.Fprintf(&b, " file=%s", f.URL)
			if f.SHA256 != "" {
				fmt.Fprintf(&b, "#%s", f.SHA256[:1])
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
