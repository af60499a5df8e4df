package repository

import (
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
)

func TestCacheKey(t *testing.T) {
	for _, tc := range []struct {
		name, version, checksum, want, wantErr string
	}{
		{"glibc", "2.43-r0", "Q1AAECAwQFBgcICQoLDA0ODxAREhM=", "apk/x86_64/glibc-2.43-r0-sha1-000102030405060708090a0b0c0d0e0f10111213", ""},
		{"libstdc++", "15.2.0-r1", "Q2AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "apk/x86_64/libstdc++-15.2.0-r1-sha256-000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", ""},
		{"x", "1-r0", "", "", "no checksum (C:)"},
		{"x", "1-r0", "Q1!!!", "", "reading its checksum"},
		{"../x", "1-r0", "Q1AAECAwQFBgcICQoLDA0ODxAREhM=", "", "bad name"},
		{"a/b", "1-r0", "Q1AAECAwQFBgcICQoLDA0ODxAREhM=", "", "bad name"},
		{"x", "", "Q1AAECAwQFBgcICQoLDA0ODxAREhM=", "", "bad name"},
		{"x y", "1-r0", "Q1AAECAwQFBgcICQoLDA0ODxAREhM=", "", "cache key"},
	} {
		got, err := CacheKey("x86_64", &apk.Package{Name: tc.name, Version: tc.version, Checksum: tc.checksum})
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("CacheKey(%s-%s, %q) = %q, %v; want an error containing %q", tc.name, tc.version, tc.checksum, got, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("CacheKey(%s-%s) = %q, %v; want %q", tc.name, tc.version, got, err, tc.want)
		}
	}
}

// FuzzCacheKey: whatever the index says, a key is either refused or a safe
// cache key under apk/<arch>/.
func FuzzCacheKey(f *testing.F) {
	f.Add("glibc", "2.43-r0", "Q1AAECAwQFBgcICQoLDA0ODxAREhM=")
	f.Add("../..", "1", "Q2AA")
	f.Add("a/b", "1", "Q1/+==")
	f.Fuzz(func(t *testing.T, name, version, checksum string) {
		key, err := CacheKey("aarch64", &apk.Package{Name: name, Version: version, Checksum: checksum})
		if err != nil {
			return
		}
		if fetch.CheckKey(key) != nil || !strings.HasPrefix(key, "apk/aarch64/") || strings.Count(key, "/") != 2 {
			t.Fatalf("CacheKey(%q, %q, %q) = %q", name, version, checksum, key)
		}
	})
}
