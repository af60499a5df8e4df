package fetch

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckKey(t *testing.T) {
	good := []string{
		"sha256/0123abcdef",
		"apk/x86_64/glibc-2.43-r0-Q1abc_-=",
		"a", "a.b", ".hidden", "x/y/z", "user@host,1~2+3",
	}
	bad := []string{
		"", "/abs", "a/../b", "..", ".", "a/./b", "a//b", "a/", `a\b`, "c:x", "a b",
		"a\x00b", "é", "a/" + strings.Repeat("x", 256), strings.Repeat("a/", 300),
	}
	for _, k := range good {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q): %v", k, err)
		}
	}
	for _, k := range bad {
		if err := CheckKey(k); err == nil {
			t.Errorf("CheckKey(%q) accepted it", k)
		}
	}
}

// FuzzCheckKey: an accepted key always names a file strictly inside the
// blobs directory, under the same name.
func FuzzCheckKey(f *testing.F) {
	for _, s := range []string{"sha256/ab", "../x", "a/./b", "/x", "a//b", "C:/x", "a\\..\\b", "..."} {
		f.Add(s)
	}
	root := filepath.FromSlash("/cache/blobs")
	f.Fuzz(func(t *testing.T, key string) {
		if CheckKey(key) != nil {
			return
		}
		p := filepath.Join(root, filepath.FromSlash(key))
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.ToSlash(rel) != key {
			t.Fatalf("key %q accepted but maps to %s", key, p)
		}
	})
}
