package e2e

import (
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// TestWolfiOffline builds once online, stops the mirror, and builds again
// with --offline from the same cache: the same digest. With an empty cache,
// --offline is one clear error.
func TestWolfiOffline(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	env := wolfiCache(t)
	var url, online string
	// The server lives as long as this subtest: its cleanup stops it.
	t.Run("online", func(t *testing.T) {
		srv := apkrepo.Serve(t, repo)
		url = srv.URL
		out := filepath.Join(t.TempDir(), "oci")
		online = buildOK(t, env, wolfiBuildArgs(helloDir(), url, url+"/"+wolfiKeyName, "-o", "oci:"+out+":hello")...)
	})
	if online == "" {
		t.Fatal("the online build failed")
	}

	t.Run("offline from the cache", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "oci")
		if d := buildOK(t, env, wolfiBuildArgs(helloDir(), url, url+"/"+wolfiKeyName, "--offline", "-o", "oci:"+out+":hello")...); d != online {
			t.Errorf("--offline from the cache gave %s, the online build %s", d, online)
		}
	})

	t.Run("offline with an empty cache", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "oci")
		r := runPyko(t, wolfiCache(t), wolfiBuildArgs(helloDir(), url, url+"/"+wolfiKeyName, "--offline", "-o", "oci:"+out+":hello")...)
		if r.code != 1 {
			t.Errorf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("stdout %q, want nothing on failure", r.stdout)
		}
		checkErrorLine(t, r.stderr, []string{"offline", "cache"})
		if exists(out) {
			t.Errorf("the failed build left %s behind", out)
		}
	})
}
