package e2e

import (
	"net/http"
	"path/filepath"
	"testing"

	fp "github.com/pyko-dev/pyko/internal/testutil/faultproxy"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

const (
	flaskPage  = `^/simple/flask/$`
	flaskWheel = `^/files/[Ff]lask-.*\.whl$`
	jinjaWheel = `^/files/[Jj]inja2-.*\.whl$`
)

// TestHostileIndex builds examples/flask-requirements (14 pins, no hashes)
// from the Wolfi mirror with a PEP 691/503 index behind a faultproxy, one
// fault per case.
func TestHostileIndex(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	idx := pyindex.Serve(t, debWheelDir(t))
	proj := copyExample(t, "flask-requirements")
	args := func(url, out string) []string {
		return wolfiBuildArgs(proj, repo, wolfiKeyFile(repo), "--index-url", url+"/simple/", "-o", "oci:"+out+":app")
	}
	proxied := func(p *fp.Proxy, out string) []string { return args(p.URL, out) }
	clean := buildOK(t, wolfiCache(t), args(idx.URL, filepath.Join(t.TempDir(), "clean"))...)
	retryAfter := http.Header{"Retry-After": {"1"}}
	cases := []hostileCase{
		{name: "page 503 with Retry-After", path: flaskPage, fault: fp.Fault{Kind: fp.Status, Code: 503, Header: retryAfter, Times: 1}},
		{name: "page reset twice", path: flaskPage, fault: fp.Fault{Kind: fp.Reset, Times: 2}},
		{name: "page dropped mid-body", path: flaskPage, fault: fp.Fault{Kind: fp.Drop, Times: 1}},
		{name: "page long Content-Length", path: flaskPage, fault: fp.Fault{Kind: fp.LongLength, Times: 1}},
		{name: "page stalls", path: flaskPage, fault: fp.Fault{Kind: fp.Stall, Times: 1}},
		{name: "wheel 500 twice", path: flaskWheel, fault: fp.Fault{Kind: fp.Status, Code: 500, Times: 2}},
		{name: "wheel 429 with Retry-After", path: jinjaWheel, fault: fp.Fault{Kind: fp.Status, Code: 429, Header: retryAfter, Times: 1}},
		{name: "wheel dropped mid-body", path: jinjaWheel, fault: fp.Fault{Kind: fp.Drop, Times: 2}},
		{name: "wheel long Content-Length", path: flaskWheel, fault: fp.Fault{Kind: fp.LongLength, Times: 1}},
		{name: "wheel stalls", path: jinjaWheel, fault: fp.Fault{Kind: fp.Stall, Times: 1}},

		{name: "page 404", path: flaskPage, fault: fp.Fault{Kind: fp.Status, Code: 404}, mention: []string{"flask"}},
		{name: "page 500 always", path: flaskPage, fault: fp.Fault{Kind: fp.Status, Code: 500}, mention: []string{"flask"}},
		{name: "page cut short", path: flaskPage, fault: fp.Fault{Kind: fp.ShortLength}, mention: []string{"flask"}},
		{name: "page stalls always", path: flaskPage, fault: fp.Fault{Kind: fp.Stall}, mention: []string{"flask"}},
		{name: "wheel 404", path: flaskWheel, fault: fp.Fault{Kind: fp.Status, Code: 404}, mention: []string{"flask"}},
		{name: "wheel corrupt", path: jinjaWheel, fault: fp.Fault{Kind: fp.Corrupt}, mention: []string{"jinja2"}},
		{name: "wheel cut short", path: flaskWheel, fault: fp.Fault{Kind: fp.ShortLength}, mention: []string{"flask"}},
		{name: "wheel dropped always", path: jinjaWheel, fault: fp.Fault{Kind: fp.Drop}, mention: []string{"jinja2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			runHostile(t, c, idx.URL, clean, proxied, nil)
		})
	}
}
