package treecache

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGetMakesOnceAndHeals(t *testing.T) {
	c := New(t.TempDir(), nil)
	ctx := context.Background()
	key := strings.Repeat("ab", 16)
	made := 0
	fill := func(_ context.Context, dir string, _ *Sums) error {
		made++
		if err := os.MkdirAll(filepath.Join(dir, "usr/bin"), 0o755); err != nil {
			return err
		}
		if err := os.Symlink("usr/bin", filepath.Join(dir, "bin")); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, "usr/bin/cc"), []byte("compiler"), 0o755)
	}
	tree, err := c.Get(ctx, key, fill)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(tree, "bin/cc")); err != nil || string(b) != "compiler" {
		t.Fatalf("bin/cc: %q, %v", b, err)
	}
	if _, err := c.Get(ctx, key, fill); err != nil || made != 1 {
		t.Fatalf("second Get: made %d times, %v", made, err)
	}
	for name, spoil := range map[string]func(){
		"content":    func() { os.WriteFile(filepath.Join(tree, "usr/bin/cc"), []byte("compilex"), 0o755) },
		"truncated":  func() { os.WriteFile(filepath.Join(tree, "usr/bin/cc"), nil, 0o755) },
		"extra file": func() { os.WriteFile(filepath.Join(tree, "usr/bin/evil"), nil, 0o755) },
		"mode":       func() { os.Chmod(filepath.Join(tree, "usr/bin/cc"), 0o777) },
		"removed":    func() { os.Remove(filepath.Join(tree, "bin")) },
		"manifest":   func() { os.WriteFile(filepath.Join(filepath.Dir(tree), manifestName), []byte("{"), 0o644) },
	} {
		before := made
		spoil()
		if tree, err = c.Get(ctx, key, fill); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if made != before+1 {
			t.Errorf("%s: the damaged tree was used", name)
		}
		if b, _ := os.ReadFile(filepath.Join(tree, "bin/cc")); string(b) != "compiler" {
			t.Errorf("%s: bin/cc after healing: %q", name, b)
		}
	}
	if _, err := c.Get(ctx, "../x", fill); err == nil {
		t.Error("a key with a path was accepted")
	}
}

// TestHas: a key is had once Get has made its tree, not before, and an
// invalid key never is.
func TestHas(t *testing.T) {
	c := New(t.TempDir(), nil)
	key := strings.Repeat("ab", 16)
	if c.Has(key) || c.Has("../x") {
		t.Fatal("an empty cache has a tree")
	}
	if _, err := c.Get(context.Background(), key, func(ctx context.Context, dir string, _ *Sums) error {
		return os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644)
	}); err != nil {
		t.Fatal(err)
	}
	if !c.Has(key) {
		t.Error("the cache does not have the tree Get made")
	}
}

// TestSums: the sums a fill records make the same manifest as reading
// the files back would; one recorded for another size is not taken.
func TestSums(t *testing.T) {
	ctx := context.Background()
	key := strings.Repeat("cd", 16)
	manifest := func(record func(s *Sums)) string {
		c := New(t.TempDir(), nil)
		tree, err := c.Get(ctx, key, func(_ context.Context, dir string, sums *Sums) error {
			for _, f := range []string{"a", "b"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("content of "+f), 0o644); err != nil {
					return err
				}
			}
			record(sums)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(filepath.Dir(tree), manifestName))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	read := manifest(func(*Sums) {})
	sum := sha256.Sum256([]byte("content of a"))
	if got := manifest(func(s *Sums) { s.Add("a", int64(len("content of a")), sum[:]) }); got != read {
		t.Errorf("with a recorded sum the manifest is %s, read back %s", got, read)
	}
	other := sha256.Sum256([]byte("other"))
	if got := manifest(func(s *Sums) { s.Add("b", 5, other[:]) }); got != read {
		t.Errorf("a sum recorded for another size was taken: %s, read back %s", got, read)
	}
}
