package e2e

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	fp "github.com/pyko-dev/pyko/internal/testutil/faultproxy"
)

const (
	apkIndexPath = `/x86_64/APKINDEX\.tar\.gz$`
	apkPython    = `/x86_64/python-3\.11-base-.*\.apk$`
	apkGlibc     = `/x86_64/glibc-2.*\.apk$`
	apkKeyPath   = `/` + wolfiKeyName + `$`
)

// TestHostileAPKRepository builds examples/hello from the Wolfi mirror
// through a faultproxy, one fault per case.
func TestHostileAPKRepository(t *testing.T) {
	t.Parallel()
	requirePyko(t)
	repo := wolfiClone(t)
	srv := apkrepo.Serve(t, repo)
	args := func(url, out string) []string {
		return wolfiBuildArgs(helloDir(), url, url+"/"+wolfiKeyName, "-o", "oci:"+out+":app")
	}
	proxied := func(p *fp.Proxy, out string) []string { return args(p.URL, out) }
	clean := buildOK(t, wolfiCache(t), args(srv.URL, filepath.Join(t.TempDir(), "clean"))...)
	retryAfter := http.Header{"Retry-After": {"1"}}
	cases := []hostileCase{
		{name: "index 503 with Retry-After", path: apkIndexPath, fault: fp.Fault{Kind: fp.Status, Code: 503, Header: retryAfter, Times: 1}},
		{name: "index 500 twice", path: apkIndexPath, fault: fp.Fault{Kind: fp.Status, Code: 500, Times: 2}},
		{name: "index reset", path: apkIndexPath, fault: fp.Fault{Kind: fp.Reset, Times: 1}},
		{name: "index dropped mid-body", path: apkIndexPath, fault: fp.Fault{Kind: fp.Drop, Times: 1}},
		{name: "key 502", path: apkKeyPath, fault: fp.Fault{Kind: fp.Status, Code: 502, Times: 1}},
		{name: "package 429 with Retry-After", path: apkPython, fault: fp.Fault{Kind: fp.Status, Code: 429, Header: retryAfter, Times: 1}},
		{name: "package dropped mid-body", path: apkPython, fault: fp.Fault{Kind: fp.Drop, Times: 2}},
		{name: "package long Content-Length", path: apkGlibc, fault: fp.Fault{Kind: fp.LongLength, Times: 1}},
		{name: "package stalls", path: apkPython, fault: fp.Fault{Kind: fp.Stall, Times: 1}},
		{name: "package reset", path: apkGlibc, fault: fp.Fault{Kind: fp.Reset, Times: 3}},

		{name: "index 500 always", path: apkIndexPath, fault: fp.Fault{Kind: fp.Status, Code: 500}, mention: []string{"500"}},
		{name: "index 404", path: apkIndexPath, fault: fp.Fault{Kind: fp.Status, Code: 404}, mention: []string{"404"}},
		{name: "index corrupt", path: apkIndexPath, fault: fp.Fault{Kind: fp.Corrupt}, mention: []string{"APKINDEX"}},
		{name: "index cut short", path: apkIndexPath, fault: fp.Fault{Kind: fp.ShortLength}, mention: []string{"APKINDEX"}},
		{name: "key 404", path: apkKeyPath, fault: fp.Fault{Kind: fp.Status, Code: 404}, mention: []string{"404"}},
		{name: "package 404", path: apkPython, fault: fp.Fault{Kind: fp.Status, Code: 404}, mention: []string{"python-3.11-base"}},
		{name: "package 503 always", path: apkGlibc, fault: fp.Fault{Kind: fp.Status, Code: 503}, mention: []string{"glibc"}},
		{name: "package dropped always", path: apkPython, fault: fp.Fault{Kind: fp.Drop}, mention: []string{"python-3.11-base"}},
		{name: "package stalls always", path: apkGlibc, fault: fp.Fault{Kind: fp.Stall}, mention: []string{"glibc"}},
		{name: "package corrupt", path: apkPython, fault: fp.Fault{Kind: fp.Corrupt}, mention: []string{"python-3.11-base"}},
		{name: "package cut short", path: apkGlibc, fault: fp.Fault{Kind: fp.ShortLength}, mention: []string{"glibc"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			runHostile(t, c, srv.URL, clean, proxied, nil)
		})
	}
}

// runHostile builds through a faultproxy in front of upstream with c's
// fault, checks the outcome c wants, then clears the fault and builds
// again with the same cache: the clean digest must come out. args gives
// the build's arguments through the proxy; check, if set, judges what else
// the build should or should not have left (ok: whether it succeeded).
func runHostile(t *testing.T, c hostileCase, upstream, clean string, args func(p *fp.Proxy, out string) []string, check func(t *testing.T, ok bool)) {
	t.Helper()
	p := fp.New(t, upstream)
	rule := p.Inject(c.method, c.path, c.fault)
	env := append(wolfiCache(t), hostileTimeout)
	out := filepath.Join(t.TempDir(), "out", "oci")
	r := runPyko(t, env, args(p, out)...)
	if rule.Hits() == 0 {
		t.Fatalf("the fault was never injected: no request matched %s %s", c.method, c.path)
	}
	if c.transient() {
		if r.code != 0 {
			t.Fatalf("exit %d through a passing fault (%d hits); stderr:\n%s", r.code, rule.Hits(), r.stderr)
		}
		if got := lastLine(r.stdout); got != clean {
			t.Errorf("digest %s, want the clean %s", got, clean)
		}
		checkQuiet(t, r.stderr)
	} else {
		checkFailedCleanly(t, r, out, c.mention)
		t.Logf("error after %d faults: %s", rule.Hits(), lastErrorLine(r.stderr))
	}
	if check != nil {
		check(t, c.transient())
	}
	if c.transient() {
		return
	}
	p.Clear()
	if got := buildOK(t, env, args(p, out)...); got != clean {
		t.Errorf("fault-free rebuild on the same cache: %s, want the clean %s", got, clean)
	}
}

// lastLine is s's last non-empty line.
func lastLine(s string) string {
	for len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return s[i+1:]
		}
	}
	return s
}
