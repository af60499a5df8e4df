package install

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/ldcache"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestLdconfigCreatesSonameLinks: a library shipped without its SONAME
// link gets one, as ldconfig makes it, and the cache names the link.
// The same x86-64 file is no library for aarch64.
func TestLdconfigCreatesSonameLinks(t *testing.T) {
	matches, _ := filepath.Glob(hostLibDir + "/libz.so.1.*")
	if len(matches) == 0 {
		tools.Unavailable(t, "no host libz to use as a real ELF library")
	}
	elfBytes, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	real := filepath.Base(matches[0])
	for _, tc := range []struct {
		arch      string
		wantEntry bool
	}{{"x86_64", true}, {"aarch64", false}} {
		t.Run(tc.arch, func(t *testing.T) {
			tr := New(t.TempDir())
			mustAdd(t, tr, pkg("wolfi-baselayout"), baselayout(t),
				pkg("ld-linux"), tarOf(t, dir("lib64"), file("lib64/ld-linux-x86-64.so.2", "not even ELF")),
				pkg("zlib"), tarOf(t, dir("usr/lib"), withMode(file("usr/lib/"+real, string(elfBytes)), 0o755)))
			if err := tr.Finish(context.Background(), Finish{Arch: tc.arch}); err != nil {
				t.Fatal(err)
			}
			got := flat(t, tr)
			cache, ok := got["etc/ld.so.cache"]
			if !ok {
				t.Fatal("no ld.so.cache although ld-linux is installed")
			}
			entries, err := ldcache.Parse(strings.NewReader(content(t, cache.Entry)))
			if err != nil {
				t.Fatal(err)
			}
			link, linked := got["usr/lib/libz.so.1"]
			if !tc.wantEntry {
				if len(entries) != 0 || linked {
					t.Errorf("an x86-64 library was indexed for aarch64: %v, link %v", entries, linked)
				}
				return
			}
			if !linked || link.Link != real || link.Owner != GeneratedOwner {
				t.Errorf("usr/lib/libz.so.1 -> %q (owner %q), want -> %q by pyko", link.Link, link.Owner, real)
			}
			want := []ldcache.Entry{{Key: "libz.so.1", Path: "/usr/lib/libz.so.1", Flags: 0x0303}}
			if len(entries) != 1 || entries[0] != want[0] {
				t.Errorf("entries %+v, want %+v", entries, want)
			}
		})
	}
}

func TestFinishNeedsArchWithGlibc(t *testing.T) {
	tr := New(t.TempDir())
	mustAdd(t, tr, pkg("glibc"), tarOf(t))
	if err := tr.Finish(context.Background(), Finish{}); err == nil || !strings.Contains(err.Error(), "Finish.Arch") {
		t.Errorf("err = %v", err)
	}
}
