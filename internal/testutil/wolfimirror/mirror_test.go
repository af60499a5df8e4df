package wolfimirror

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

var (
	mirrorOnce sync.Once
	mirrorDir  string
	mirrorKey  *apkrepo.Key
	mirrorErr  error
)

// mirror builds (or reuses) the amd64 mirror in the shared cache, signed
// with the shared test key.
func mirror(t *testing.T) (string, *apkrepo.Key) {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	mirrorOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		cache, err := debroot.DefaultCacheDir()
		if err != nil {
			mirrorErr = err
			return
		}
		if mirrorKey, mirrorErr = apkrepo.LoadOrCreateKey(filepath.Join(cache, "keys"), "pyko-test.rsa.pub"); mirrorErr != nil {
			return
		}
		start := time.Now()
		mirrorDir, mirrorErr = Build(ctx, cache, "amd64", mirrorKey)
		t.Logf("Build took %v", time.Since(start))
	})
	if mirrorErr != nil {
		t.Fatal(mirrorErr)
	}
	return mirrorDir, mirrorKey
}

func byName(t *testing.T, dir string) map[string]*apk.Package {
	t.Helper()
	return byNameIn(t, dir, "x86_64")
}

func byNameIn(t *testing.T, dir, arch string) map[string]*apk.Package {
	t.Helper()
	pkgs, err := apkrepo.ReadIndex(dir, arch)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*apk.Package{}
	for _, p := range pkgs {
		out[p.Name] = p
	}
	return out
}

// providers maps each name a package can satisfy (its own, its provides)
// to the packages providing it.
func providers(pkgs map[string]*apk.Package) map[string][]string {
	out := map[string][]string{}
	for _, p := range pkgs {
		out[p.Name] = append(out[p.Name], p.Name)
		for _, d := range p.Provides {
			out[d.Name] = append(out[d.Name], p.Name)
		}
	}
	return out
}

func TestMirrorIndex(t *testing.T) {
	dir, _ := mirror(t)
	pkgs := byName(t, dir)
	for _, name := range []string{"glibc", "ld-linux", "python-3.11", "python-3.11-base", "libcrypto3", "libssl3", "busybox", "wolfi-baselayout", "ca-certificates-bundle"} {
		if pkgs[name] == nil {
			t.Errorf("mirror lacks %s", name)
		}
	}
	prov := providers(pkgs)
	for _, p := range pkgs {
		for _, d := range p.Depends {
			if len(prov[d.Name]) == 0 {
				t.Errorf("%s depends on %s, which nothing in the mirror provides", p.ID(), d.Name)
			}
		}
		if p.Arch != "x86_64" || p.Checksum == "" || p.BuildTime == 0 || p.Size == 0 {
			t.Errorf("%s: incomplete entry %+v", p.ID(), p)
		}
	}
	has := func(deps []apk.Dependency, name string) bool {
		return slices.ContainsFunc(deps, func(d apk.Dependency) bool { return d.Name == name })
	}
	checks := []struct {
		pkg, field, name string
	}{
		{"python-3.11", "depends", "python-3.11-base"},
		{"python-3.11", "provides", "cmd:python3"},
		{"python-3.11-base", "provides", "cmd:python3.11"},
		{"python-3.11-base", "depends", "so:libssl.so.3"},
		{"python-3.11-base", "depends", "so:libc.so.6"},
		{"glibc", "provides", "so:libc.so.6"},
		{"glibc", "depends", "ld-linux"},
		{"glibc", "depends", "so:ld-linux-x86-64.so.2"},
		{"ld-linux", "provides", "so:ld-linux-x86-64.so.2"},
		{"libcrypto3", "provides", "so:libcrypto.so.3"},
		{"libssl3", "depends", "so:libcrypto.so.3"},
		{"busybox", "provides", "cmd:sh"},
		{"zlib", "provides", "so:libz.so.1"},
	}
	for _, c := range checks {
		p := pkgs[c.pkg]
		if p == nil {
			continue
		}
		deps := p.Depends
		if c.field == "provides" {
			deps = p.Provides
		}
		if !has(deps, c.name) {
			t.Errorf("%s %s lacks %s", c.pkg, c.field, c.name)
		}
	}
	if p := pkgs["glibc"]; p != nil && !slices.Contains(p.Provides, apk.Dependency{Name: "so:libc.so.6", Op: apk.OpEqual, Version: "6"}) {
		t.Errorf("glibc provides %v, want so:libc.so.6=6", p.Provides)
	}
	origins := map[string]string{"python-3.11-base": "python-3.11", "libssl3": "openssl", "libcrypto3": "openssl", "ld-linux": "glibc", "ncurses-terminfo-base": "ncurses"}
	for name, want := range origins {
		if p := pkgs[name]; p == nil || p.Origin != want {
			t.Errorf("%s origin = %v, want %s", name, p, want)
		}
	}
	if p := pkgs["busybox"]; p == nil || p.ProviderPriority != 10 {
		t.Errorf("busybox provider_priority: %v", p)
	}
}

// closure returns the packages needed by the named ones, following depends
// to the first provider in name order.
func closure(t *testing.T, pkgs map[string]*apk.Package, names ...string) []string {
	t.Helper()
	prov := providers(pkgs)
	seen := map[string]bool{}
	var visit func(string)
	visit = func(dep string) {
		cands := slices.Sorted(slices.Values(prov[dep]))
		if len(cands) == 0 {
			t.Fatalf("nothing provides %s", dep)
		}
		name := cands[0]
		if seen[name] {
			return
		}
		seen[name] = true
		for _, d := range pkgs[name].Depends {
			visit(d.Name)
		}
	}
	for _, n := range names {
		visit(n)
	}
	return slices.Sorted(func(yield func(string) bool) {
		for n := range seen {
			if !yield(n) {
				return
			}
		}
	})
}

// baselayoutFirst puts wolfi-baselayout first, so that its /lib and /bin
// symlinks exist before other packages are unpacked.
func baselayoutFirst(names []string) []string {
	out := []string{"wolfi-baselayout"}
	for _, n := range names {
		if n != "wolfi-baselayout" {
			out = append(out, n)
		}
	}
	return out
}

func TestMirrorRunsPython(t *testing.T) {
	dir, _ := mirror(t)
	tools.Require(t, "chroot")
	tools.RequireRoot(t)
	pkgs := byName(t, dir)
	names := closure(t, pkgs, "python-3.11", "wolfi-baselayout", "ca-certificates-bundle")
	t.Logf("closure of python-3.11: %v", names)
	root := t.TempDir()
	for _, n := range baselayoutFirst(names) {
		extractAPK(t, filepath.Join(dir, "x86_64", pkgs[n].Filename()), root)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	script := `import ssl, sqlite3, zlib, ctypes, json, uuid, decimal, bz2, lzma, readline, hashlib
ctx = ssl.create_default_context()
print("ok", ctx.cert_store_stats()["x509_ca"] > 100)`
	cmd := exec.CommandContext(ctx, "chroot", root, "/usr/bin/python3", "-c", script)
	cmd.Env = []string{"PATH=/usr/bin"} // no SSL_CERT_FILE or PYTHON* from the host
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running python in the mirror's closure: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "ok True" {
		t.Errorf("python printed %q, want ok and a loaded CA bundle", got)
	}
}
