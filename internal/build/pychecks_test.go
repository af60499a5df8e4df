package build

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// oldDep is a wheel whose METADATA says it needs a Python older than the
// image's (tinyRepo's python-3.12 is 3.12.4).
var oldDep = wheels.Wheel{Name: "old-dep", Version: "1.0", Metadata: []string{"Requires-Python: <3.12"},
	Files: []wheels.File{{Path: "old_dep/__init__.py", Content: []byte("X = 1\n")}}}

// servedWheels writes ws and serves them from a loopback index.
func servedWheels(t *testing.T, ws []wheels.Wheel, opts ...pyindex.Option) (*pyindex.Server, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for _, w := range ws {
		p, _, err := wheels.Write(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		paths[w.Name] = p
	}
	return pyindex.Serve(t, dir, opts...), paths
}

// projectRequiring is a project whose requirements.txt is req.
func projectRequiring(t *testing.T, req string) string {
	t.Helper()
	proj := projectWith(t, ">=3.12")
	if err := os.WriteFile(filepath.Join(proj, "requirements.txt"), []byte(req), 0o644); err != nil {
		t.Fatal(err)
	}
	return proj
}

func fileDigest(t *testing.T, path string, alg string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch alg {
	case "sha384":
		s := sha512.Sum384(b)
		return hex.EncodeToString(s[:])
	case "sha512":
		s := sha512.Sum512(b)
		return hex.EncodeToString(s[:])
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestRequiresPython: a wheel whose Requires-Python excludes the image's
// Python is refused with one error line naming the package, the wheel, its
// Requires-Python and the image's Python, whether the index says so
// (PEP 691 JSON or PEP 503 HTML) or only the wheel's METADATA does.
func TestRequiresPython(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	tests := []struct {
		name   string
		opts   []pyindex.Option
		direct bool // a direct URL: the index is not asked, METADATA is all there is
		want   []string
	}{
		{"index JSON", nil, false, []string{"old-dep 1.0: no wheel supports the image's Python 3.12.4", "old_dep-1.0-py3-none-any.whl (Requires-Python <3.12)", "--python"}},
		{"index HTML", []pyindex.Option{pyindex.HTMLOnly()}, false, []string{"old-dep 1.0: no wheel supports the image's Python 3.12.4", "old_dep-1.0-py3-none-any.whl (Requires-Python <3.12)", "--python"}},
		{"METADATA", nil, true, []string{"old-dep 1.0 (old_dep-1.0-py3-none-any.whl) requires Python <3.12 (its METADATA's Requires-Python) and the image has Python 3.12.4", "--python"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx, paths := servedWheels(t, []wheels.Wheel{oldDep}, tt.opts...)
			sum := fileDigest(t, paths["old-dep"], "sha256")
			req := fmt.Sprintf("--index-url %s\nold-dep==1.0 --hash=sha256:%s\n", idx.IndexURL(), sum)
			if tt.direct {
				req = fmt.Sprintf("old-dep @ %s/files/%s --hash=sha256:%s\n", idx.URL, oldDep.Filename(), sum)
			}
			_, err := Run(context.Background(), quiet(), osOptions(t, repo, keyPath, projectRequiring(t, req)))
			if err == nil {
				t.Fatal("built an image with a wheel that does not support its Python")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("the error is not one line: %q", err)
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q lacks %q", err, s)
				}
			}
		})
	}
}

// TestStrongHashes: requirements pinned with sha384 and sha512 (as pip
// accepts) build, the plan carries the hashes (and --from-plan builds it),
// and a wrong sha512 fails.
func TestStrongHashes(t *testing.T) {
	dep := wheels.Wheel{Name: "tiny-dep", Version: "1.0", Files: []wheels.File{{Path: "tiny_dep/__init__.py", Content: []byte("X = 1\n")}}}
	idx, paths := servedWheels(t, []wheels.Wheel{dep})
	s384, s512 := fileDigest(t, paths["tiny-dep"], "sha384"), fileDigest(t, paths["tiny-dep"], "sha512")
	other := strings.Repeat("0", 128)
	tests := []struct {
		name, hashes, wantErr string
	}{
		{"sha384 and sha512", "--hash=sha384:" + s384 + " --hash=sha512:" + s512, ""},
		{"sha512 of another file too", "--hash=sha512:" + other + " --hash=sha512:" + s512, ""},
		{"wrong sha512", "--hash=sha384:" + s384 + " --hash=sha512:" + other, "tiny_dep-1.0-py3-none-any.whl (tiny-dep==1.0) has sha512 " + s512 + ", which is not among the pinned sha512 hashes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proj := projectRequiring(t, fmt.Sprintf("--index-url %s\ntiny-dep==1.0 %s\n", idx.IndexURL(), tt.hashes))
			o, _ := servedOptions(t, proj)
			o.PlanFile = filepath.Join(t.TempDir(), "plan.json")
			res, err := Run(context.Background(), quiet(), o)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)

				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(o.PlanFile)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			p, err := plan.Read(f)
			if err != nil {
				t.Fatal(err)
			}
			w := p.Platforms[0].Wheels[0]
			if w.SHA256 != fileDigest(t, paths["tiny-dep"], "sha256") || !strings.Contains(strings.Join(w.Hashes, " "), "sha512:"+s512) {
				t.Errorf("the plan's wheel: sha256 %q, hashes %q", w.SHA256, w.Hashes)
			}
			// A plan whose wheel has only its sha512 is built as well, from a
			// cold cache.
			p.Platforms[0].Wheels[0].SHA256 = ""
			planFile := filepath.Join(t.TempDir(), "plan.json")
			writeTestPlan(t, planFile, p)
			fo := fromPlanOptions(t, o, planFile)
			fo.CacheDir = t.TempDir()
			got, err := FromPlan(context.Background(), quiet(), fo)
			if err != nil {
				t.Fatal(err)
			}
			if got.Digest != res.Digest {
				t.Errorf("--from-plan built %s, pyko build %s", got.Digest, res.Digest)
			}
		})
	}
}
