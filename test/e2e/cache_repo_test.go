package e2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestCacheRepo shares finished layers between two machines through a
// registry: a build with an empty cache pushes them to --cache-repo; a
// second build with another empty cache pulls them (each checked), the
// app layer too, and installs, downloads and compiles nothing, for the
// same digest. A spoilt entry in the registry is refused with a warning and
// the layer built again, for the same digest.
func TestCacheRepo(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	tools.Require(t, "skopeo")
	host := tools.Registry(t)
	whl := debWheelDir(t)
	idx := pyindex.Serve(t, whl)
	repo := wolfiClone(t)
	proj := copyExample(t, "flask-requirements")
	cacheRepo := host + "/team/pyko-cache"
	args := func() []string {
		return wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", idx.IndexURL(),
			"--cache-repo", cacheRepo, "--insecure-registry", host, "-o", "oci:"+filepath.Join(t.TempDir(), "oci")+":app")
	}
	first := runPyko(t, wolfiCache(t), args()...)
	if first.code != 0 {
		t.Fatalf("first build: exit %d\n%s", first.code, first.stderr)
	}
	tags := command(t, t.Context(), "skopeo", "list-tags", "--tls-verify=false", "docker://"+cacheRepo)
	if strings.Count(tags, `"pyko-`) < 3 {
		t.Fatalf("the cache repository has too few entries (OS facts, OS layers, python layers):\n%s", tags)
	}

	second := runPyko(t, wolfiCache(t), args()...)
	if second.code != 0 || second.stdout != first.stdout {
		t.Fatalf("second build, another cache: exit %d, %q, want %q\n%s", second.code, second.stdout, first.stdout, second.stderr)
	}
	if strings.Contains(second.stderr, "installing ") || strings.Contains(second.stderr, "compiled bytecode") ||
		strings.Contains(second.stderr, ".whl size=") || strings.Contains(second.stderr, ".apk size=") {
		t.Errorf("the second build installed, compiled or fetched a package:\n%s", second.stderr)
	}

	spoilEntries(t, cacheRepo)
	third := runPyko(t, wolfiCache(t), args()...)
	if third.code != 0 || third.stdout != first.stdout {
		t.Fatalf("third build, spoilt entries: exit %d, %q, want %q\n%s", third.code, third.stdout, first.stdout, third.stderr)
	}
	if !strings.Contains(third.stderr, "the cache repository's entry is not usable") {
		t.Errorf("no warning about the spoilt entries:\n%s", third.stderr)
	}
}

// spoilEntries rewrites every cache entry with layers so that its first
// layer claims a wrong diff-id, as a tampered or broken push would.
func spoilEntries(t *testing.T, repo string) {
	t.Helper()
	r, err := name.NewRepository(repo, name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := remote.List(r)
	if err != nil {
		t.Fatal(err)
	}
	spoilt := 0
	for _, tag := range tags {
		ref := r.Tag(tag)
		img, err := remote.Image(ref)
		if err != nil {
			t.Fatal(err)
		}
		m, err := img.Manifest()
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Layers) == 0 {
			continue
		}
		m.Layers[0].Annotations["dev.pyko.cache.diffid"] = "sha256:" + strings.Repeat("0", 64)
		raw, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := remote.Put(ref, rawManifest{raw: raw, mt: m.MediaType}); err != nil {
			t.Fatal(err)
		}
		spoilt++
	}
	if spoilt == 0 {
		t.Fatal("no entry with layers to spoil")
	}
}

type rawManifest struct {
	raw []byte
	mt  types.MediaType
}

func (m rawManifest) RawManifest() ([]byte, error)        { return m.raw, nil }
func (m rawManifest) MediaType() (types.MediaType, error) { return m.mt, nil }
