package wolfimirror

import (
	"context"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

func TestBuildRejects(t *testing.T) {
	key := &apkrepo.Key{Name: "k.rsa.pub"}
	tests := []struct {
		name, arch string
		key        *apkrepo.Key
		want       string
	}{
		{"unknown arch", "riscv64", key, `"riscv64"`},
		{"no key", "amd64", nil, "no signing key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build(context.Background(), t.TempDir(), tt.arch, tt.key)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCacheKey(t *testing.T) {
	a, _ := apkrepo.NewKey("a.rsa.pub")
	b, _ := apkrepo.NewKey("a.rsa.pub")
	amd, _ := lookupArch("amd64")
	arm, _ := lookupArch("aarch64")
	if again, _ := lookupArch("amd64"); cacheKey(amd, a) != cacheKey(again, a) {
		t.Error("cache key is not stable")
	}
	if cacheKey(amd, a) == cacheKey(amd, b) {
		t.Error("two keys of one name share a cache entry")
	}
	if !strings.HasPrefix(cacheKey(arm, a), "arm64-") || cacheKey(arm, a) == cacheKey(amd, a) {
		t.Errorf("arm64 key %q", cacheKey(arm, a))
	}
	if APKArch("arm64") != "aarch64" || APKArch("x86_64") != "x86_64" || APKArch("s390x") != "" {
		t.Error("APKArch maps wrongly")
	}
}

// TestRecipes checks the recipe table itself: unique names, every
// dependency named by a recipe, every recipe with files or a synthesizer.
func TestRecipes(t *testing.T) {
	names := map[string]bool{}
	for _, r := range recipes {
		if names[r.name] {
			t.Errorf("recipe %s twice", r.name)
		}
		names[r.name] = true
		if len(r.debs) == 0 && r.synth == nil {
			t.Errorf("recipe %s has neither debs nor synthesized files", r.name)
		}
		if r.origin == "" || r.license == "" {
			t.Errorf("recipe %s lacks an origin or a license", r.name)
		}
	}
	for _, r := range recipes {
		for _, d := range r.depends {
			if !names[d] {
				t.Errorf("recipe %s depends on %s, which no recipe makes", r.name, d)
			}
		}
	}
}
