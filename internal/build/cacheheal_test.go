package build_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/build"
)

// TestCacheHeals: every kind of cache entry, corrupted after a build, is
// found bad by the next build, named in one warning line and fetched (or
// written) again; the build succeeds with the clean build's digest. For
// the downloads, the finished layers are removed, else the next build
// would not read them at all.
func TestCacheHeals(t *testing.T) {
	w := newWorld(t, "heal", 0o022, "", time.Time{})
	flip := func(t *testing.T, p string) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/2] ^= 0x40
		os.WriteFile(p, b, 0o644)
	}
	trunc := func(t *testing.T, p string) {
		info, _ := os.Stat(p)
		os.Truncate(p, info.Size()/2)
	}
	garbage := func(t *testing.T, p string) {
		os.WriteFile(filepath.Join(filepath.Dir(p), "meta.json"), []byte("{not json"), 0o644)
	}
	for _, tc := range []struct {
		name    string
		find    func(t *testing.T, cache string) string
		corrupt func(t *testing.T, path string)
	}{
		{"wheel flipped byte", blob("wheels"), flip},
		{"wheel truncated", blob("wheels"), trunc},
		{"APK flipped byte", blob("apk"), flip},
		{"APK truncated", blob("apk"), trunc},
		{"APKINDEX flipped byte", revalidated("APKINDEX"), flip},
		{"APKINDEX truncated", revalidated("APKINDEX"), trunc},
		{"APKINDEX meta.json garbage", revalidated("APKINDEX"), garbage},
		{"index page flipped byte", revalidated("/simple/"), flip},
		{"index page truncated", revalidated("/simple/"), trunc},
		{"finished layer flipped byte", finished("blobs"), flip},
		{"finished layer truncated", finished("blobs"), trunc},
		{"finished layer record flipped byte", finished("entries"), flip},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o build.Options
			w.do(func() {
				o = w.fromPackages(t, w.project(t, packageFiles(t, w)...))
				o.IndexURL, o.LargePackage = w.index, largePackage
			})
			clean := healBuild(t, w, o, nil)
			tc.corrupt(t, tc.find(t, o.CacheDir))
			if !strings.HasPrefix(tc.name, "finished layer") {
				os.RemoveAll(filepath.Join(o.CacheDir, "layers"))
			}
			var logs bytes.Buffer
			if got := healBuild(t, w, o, &logs); got != clean {
				t.Errorf("digest %s after the cache healed, want %s", got, clean)
			}
			var warns []string
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "level=WARN") && (strings.Contains(l, "fetching it again") || strings.Contains(l, "writing it again")) {
					warns = append(warns, l)
				}
			}
			if len(warns) != 1 || !strings.Contains(warns[0], o.CacheDir) {
				t.Errorf("warnings %q, want one line naming the bad entry in %s", warns, o.CacheDir)
			}
		})
	}
}

func healBuild(t *testing.T, w *world, o build.Options, logs *bytes.Buffer) string {
	t.Helper()
	log := quietLog()
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, nil))
	}
	var res *build.Result
	var err error
	w.do(func() { res, err = build.Run(context.Background(), log, o) })
	if err != nil {
		t.Fatalf("build.Run: %v", err)
	}
	return res.Digest.String()
}

// blob finds the first file under <cache>/blobs/<kind>.
func blob(kind string) func(t *testing.T, cache string) string {
	return func(t *testing.T, cache string) string {
		t.Helper()
		var files []string
		filepath.WalkDir(filepath.Join(cache, "blobs", kind), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, p)
			}
			return nil
		})
		if len(files) == 0 {
			t.Fatalf("no cached %s", kind)
		}
		sort.Strings(files)
		return files[0]
	}
}

// revalidated finds the body of the first HTTP cache entry whose URL
// contains part.
func revalidated(part string) func(t *testing.T, cache string) string {
	return func(t *testing.T, cache string) string {
		t.Helper()
		metas, _ := filepath.Glob(filepath.Join(cache, "http", "*", "meta.json"))
		sort.Strings(metas)
		for _, m := range metas {
			var e struct{ URL string }
			b, _ := os.ReadFile(m)
			if json.Unmarshal(b, &e) == nil && strings.Contains(e.URL, part) {
				return filepath.Join(filepath.Dir(m), "body")
			}
		}
		t.Fatalf("no cached %s", part)
		return ""
	}
}

// finished finds the largest file under <cache>/layers/<kind>: a layer
// blob, or an entry's record.
func finished(kind string) func(t *testing.T, cache string) string {
	return func(t *testing.T, cache string) string {
		t.Helper()
		var best string
		var size int64 = -1
		filepath.WalkDir(filepath.Join(cache, "layers", kind), func(p string, d fs.DirEntry, err error) error {
			if info, ierr := d.Info(); err == nil && ierr == nil && d.Type().IsRegular() && info.Size() > size {
				best, size = p, info.Size()
			}
			return nil
		})
		if best == "" {
			t.Fatalf("no cached layer %s", kind)
		}
		return best
	}
}
