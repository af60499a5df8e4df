package resolve

import (
	"context"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/pyscenario"
)

// TestScenarios resolves every pyscenario scenario; where the answer is
// unique, pip (as an oracle) must give the same, or fail where pyko finds
// none.
func TestScenarios(t *testing.T) {
	for _, s := range pyscenario.All {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			idx := pyscenario.Serve(t, s)
			got, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, s.Root...)}, options(t, idx.IndexURL(), amd64))
			if s.Want != "" {
				if err != nil {
					t.Fatal(err)
				}
				if names(got) != s.Want {
					t.Errorf("resolved %s, want %s", names(got), s.Want)
				}
			} else {
				if err == nil {
					t.Fatalf("resolved %s, want no solution", names(got))
				}
				for _, w := range s.Explain {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("explanation lacks %q:\n%v", w, err)
					}
				}
			}
			if s.Unique {
				if pip := pyscenario.Pip(t, idx.IndexURL(), s); pip != s.Want {
					t.Errorf("pip resolved %q, pyko %q", pip, s.Want)
				}
			}
		})
	}
}

// TestPreferKeepsPins: a lock's pin is tried first and kept while it
// fits; a requirement it no longer meets moves it.
func TestPreferKeepsPins(t *testing.T) {
	s := pyscenario.Scenario{Dists: []pyscenario.Dist{{ID: "a 1.0"}, {ID: "a 2.0"}, {ID: "b 1.0"}, {ID: "b 2.0"}}}
	idx := pyscenario.Serve(t, s)
	for _, tc := range []struct {
		root []string
		want string
	}{
		{[]string{"a", "b"}, "a==1.0 b==1.0"},
		{[]string{"a>=2", "b"}, "a==2.0 b==1.0"},
	} {
		o := options(t, idx.IndexURL(), amd64)
		o.Prefer = map[string]string{"a": "1.0", "b": "1.0"}
		got, err := Resolve(context.Background(), Root{Name: "pyproject.toml", Requirements: reqs(t, tc.root...)}, o)
		if err != nil || names(got) != tc.want {
			t.Errorf("%v with pins a 1.0, b 1.0: %s, %v; want %s", tc.root, names(got), err, tc.want)
		}
	}
}
