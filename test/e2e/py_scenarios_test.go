package e2e

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock/pylock"
	"github.com/pyko-dev/pyko/internal/testutil/pyscenario"
)

// TestPyLockMatchesPip runs pyko lock on a project declaring each
// scenario's requirements, against the scenario's index and the Wolfi
// mirror (CPython 3.11.2, x86_64), and compares the pylock.toml it writes
// with pip's resolution of the same index: where the answer is unique they
// must be the same; where pip finds none, pyko lock must fail with one
// error line.
func TestPyLockMatchesPip(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	for _, s := range pyscenario.All {
		if !s.Unique {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			idx := pyscenario.Serve(t, s)
			proj := filepath.Join(t.TempDir(), "proj")
			quoted := make([]string, len(s.Root))
			for i, r := range s.Root {
				quoted[i] = fmt.Sprintf("%q", r)
			}
			mkProject(t, proj, map[string]string{
				"main.py":        "print('hi')\n",
				"pyproject.toml": "[project]\nname = \"scenario\"\nversion = \"1\"\ndependencies = [" + strings.Join(quoted, ", ") + "]\n",
			})
			r := runPyko(t, wolfiCache(t), wolfiLockArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL())...)
			pip := pyscenario.Pip(t, idx.IndexURL(), s)
			if pip == "" {
				if r.code != 1 {
					t.Fatalf("pip finds no solution; pyko lock exited %d\n%s", r.code, r.stderr)
				}
				checkErrorLine(t, r.stderr, []string{"cannot be met"})
				return
			}
			if r.code != 0 {
				t.Fatalf("pyko lock: exit %d\n%s", r.code, r.stderr)
			}
			f, err := pylock.Parse(filepath.Join(proj, "pylock.toml"))
			if err != nil {
				t.Fatal(err)
			}
			var pins []string
			for name, v := range f.Pins() {
				pins = append(pins, name+"=="+v)
			}
			slices.Sort(pins)
			if got := strings.Join(pins, " "); got != pip {
				t.Errorf("pylock.toml pins %s; pip resolves %s", got, pip)
			}
		})
	}
}
