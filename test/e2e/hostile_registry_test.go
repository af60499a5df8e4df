package e2e

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"testing"

	fp "github.com/pyko-dev/pyko/internal/testutil/faultproxy"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

const (
	regUpload   = `^/v2/app/blobs/uploads/`
	regBlob     = `^/v2/app/blobs/sha256:`
	regTag      = `^/v2/app/manifests/1$`
	regByDigest = `^/v2/app/manifests/sha256:`
)

// TestHostileRegistry pushes examples/hello (OS from a local mirror) with
// --push and an OCI layout output to a real registry behind a faultproxy,
// one fault per case. A build that fails must leave no tag in the registry
// and no layout.
func TestHostileRegistry(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	args := func(p *fp.Proxy, out string) []string {
		return wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo),
			"-t", p.Host+"/app:1", "--push", "--insecure-registry", p.Host, "-o", "oci:"+out+":app")
	}
	clean := buildOK(t, wolfiCache(t), wolfiBuildArgs(helloDir(), repo, wolfiKeyFile(repo), "-o", "oci:"+filepath.Join(t.TempDir(), "clean")+":app")...)
	retryAfter := http.Header{"Retry-After": {"1"}}
	cases := []hostileCase{
		{name: "upload 500", method: http.MethodPost, path: regUpload, fault: fp.Fault{Kind: fp.Status, Code: 500, Times: 1}},
		{name: "upload 503 with Retry-After", method: http.MethodPut, path: regUpload, fault: fp.Fault{Kind: fp.Status, Code: 503, Header: retryAfter, Times: 1}},
		{name: "blob check reset", method: http.MethodHead, path: regBlob, fault: fp.Fault{Kind: fp.Reset, Times: 2}},
		{name: "tag 500", method: http.MethodPut, path: regTag, fault: fp.Fault{Kind: fp.Status, Code: 500, Times: 1}},
		{name: "tag 429 with Retry-After", method: http.MethodPut, path: regTag, fault: fp.Fault{Kind: fp.Status, Code: 429, Header: retryAfter, Times: 1}},
		{name: "manifest by digest 502", method: http.MethodPut, path: regByDigest, fault: fp.Fault{Kind: fp.Status, Code: 502, Times: 1}},
		{name: "ping hangs", method: http.MethodGet, path: `^/v2/$`, fault: fp.Fault{Kind: fp.Hang, Times: 1}},
		{name: "upload hangs", method: http.MethodPatch, path: regUpload, fault: fp.Fault{Kind: fp.Hang, Times: 1}},

		{name: "tag 500 always", method: http.MethodPut, path: regTag, fault: fp.Fault{Kind: fp.Status, Code: 500}, mention: []string{"app:1"}},
		{name: "tag hangs always", method: http.MethodPut, path: regTag, fault: fp.Fault{Kind: fp.Hang}, mention: []string{"app:1"}},
		{name: "upload 403", method: http.MethodPost, path: regUpload, fault: fp.Fault{Kind: fp.Status, Code: 403}, mention: []string{"denied"}},
		{name: "upload 500 always", method: http.MethodPut, path: regUpload, fault: fp.Fault{Kind: fp.Status, Code: 500}, mention: []string{"app"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			upstream := tools.Registry(t)
			runHostile(t, c, "http://"+upstream, clean, args, func(t *testing.T, ok bool) {
				want := ""
				if ok {
					want = clean
				}
				if got := registryTag(t, upstream, "app", "1"); got != want {
					t.Errorf("the registry has app:1 at %q, want %q", got, want)
				}
			})
		})
	}
}

// registryTag returns the manifest digest of repo:tag in the registry at
// host, or "" if there is no such tag.
func registryTag(t *testing.T, host, repo, tag string) string {
	t.Helper()
	resp, err := http.Get("http://" + host + "/v2/" + repo + "/tags/list")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Tags []string }
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || err != nil || !slices.Contains(list.Tags, tag) {
		return ""
	}
	req, _ := http.NewRequest(http.MethodHead, "http://"+host+"/v2/"+repo+"/manifests/"+tag, nil)
	req.Header.Set("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Docker-Content-Digest")
}
