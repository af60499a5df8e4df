package e2e

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// TestConcurrentBuildsIntoOneLayout runs five pyko processes at once, each
// writing its own tag into one new OCI layout: every tag must end up in
// index.json, each readable by skopeo, and every build must succeed.
func TestConcurrentBuildsIntoOneLayout(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	repo := wolfiClone(t)
	srv := apkrepo.Serve(t, repo)
	env := wolfiCache(t)
	// One build first fills the cache, so the five race on the output only.
	buildOK(t, env, wolfiBuildArgs(helloDir(), srv.URL, srv.URL+"/"+wolfiKeyName, "-o", "oci:"+filepath.Join(t.TempDir(), "warm")+":w")...)
	out := filepath.Join(t.TempDir(), "shared")
	tags := []string{"a", "b", "c", "d", "e"}
	digests := make([]string, len(tags))
	var wg sync.WaitGroup
	for i, tag := range tags {
		wg.Add(1)
		go func() {
			defer wg.Done()
			args := wolfiBuildArgs(helloDir(), srv.URL, srv.URL+"/"+wolfiKeyName,
				"-o", "oci:"+out+":"+tag, "--env", "BUILD="+tag)
			r := runPyko(t, env, args...)
			if r.code != 0 {
				t.Errorf("build %s: exit %d\n%s", tag, r.code, r.stderr)
				return
			}
			digests[i] = r.stdout[:len(r.stdout)-1]
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for i, tag := range tags {
		got, _ := ociImages(t, out, tag)
		if got != digests[i] {
			t.Errorf("tag %s in %s is %q, the build printed %s", tag, out, got, digests[i])
		}
		command(t, t.Context(), "skopeo", "inspect", "--raw", fmt.Sprintf("oci:%s:%s", out, tag))
	}
}
