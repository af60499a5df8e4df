package pipfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// FuzzParse: no panic on any input; whatever parses selects without
// panicking, and what Select returns is sorted, named and pinned.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"docs-example", "private-index", "legacy"} {
		if data, err := os.ReadFile(filepath.Join("testdata", dir, "Pipfile.lock")); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(lockJSON(`, "default": {"a": {"version": "==1", "hashes": ["` + sum + `"], "markers": "os_name == 'posix'"}}`)))
	f.Add([]byte(lockJSON(`, "default": {"a": {"file": "./w/a-1-py3-none-any.whl"}}, "develop": {"b": {"git": "x"}}`)))
	noEnv := func(string) (string, bool) { return "", false }
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := parse(data, "Pipfile.lock", "/proj", options{lookupEnv: noEnv})
		if err != nil {
			return
		}
		for _, groups := range [][]string{nil, {"dev"}, file.Categories()} {
			pkgs, err := file.Select(linux312, lock.Options{Groups: groups})
			if err != nil {
				continue
			}
			for i, p := range pkgs {
				if p.Name == "" || p.Version == "" {
					t.Fatalf("package %+v has no name or version", p)
				}
				if i > 0 && pkgs[i-1].Name >= p.Name {
					t.Fatalf("packages not sorted: %q then %q", pkgs[i-1].Name, p.Name)
				}
			}
		}
	})
}
