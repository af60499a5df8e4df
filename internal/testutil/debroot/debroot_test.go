package debroot

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// rootfs builds (or reuses) the default Python rootfs in the shared cache.
func rootfs(t *testing.T) string {
	t.Helper()
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	root, err := Rootfs(ctx, "", "amd64")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Rootfs took %v", time.Since(start))
	return root
}

func TestRootfsRunsPython(t *testing.T) {
	root := rootfs(t)
	tools.Require(t, "chroot")
	tools.RequireRoot(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	script := `import ssl, sqlite3, zlib, ctypes, json, uuid, decimal, bz2, lzma, hashlib
ctx = ssl.create_default_context()
print("ok", sqlite3.sqlite_version, ctx.cert_store_stats()["x509_ca"] > 100)`
	cmd := exec.CommandContext(ctx, "chroot", root, Interpreter, "-c", script)
	cmd.Env = []string{"PATH=" + "/usr/bin:/bin"} // no SSL_CERT_FILE & co. from the host
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("running python in the rootfs: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); !strings.HasPrefix(got, "ok 3.") || !strings.HasSuffix(got, " True") {
		t.Errorf("python printed %q, want ok, an sqlite version and a loaded CA bundle", got)
	}
}

func TestRootfsFixups(t *testing.T) {
	root := rootfs(t)
	tests := []struct {
		path string
		mode fs.FileMode // compared on type and permission bits
		has  string      // substring of the content, for files
	}{
		{"tmp", fs.ModeDir | fs.ModeSticky | 0o777, ""},
		{"etc/ssl/certs/ca-certificates.crt", 0o644, "-----BEGIN CERTIFICATE-----"},
		{"etc/passwd", 0o644, "root:x:0:0:"},
		{"etc/group", 0o644, "root:x:0:"},
		{"usr/bin/python3.11", 0o755, ""},
		{"lib64/ld-linux-x86-64.so.2", fs.ModeSymlink | 0o777, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			p := filepath.Join(root, tt.path)
			fi, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode() & (fs.ModeType | fs.ModePerm | fs.ModeSticky | fs.ModeSetuid); got != tt.mode {
				t.Errorf("mode = %v, want %v", got, tt.mode)
			}
			if tt.has != "" {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), tt.has) {
					t.Errorf("content lacks %q", tt.has)
				}
			}
		})
	}
}

// TestCABundleMatchesSources checks that the bundle holds exactly the
// certificates shipped under /usr/share/ca-certificates.
func TestCABundleMatchesSources(t *testing.T) {
	root := rootfs(t)
	bundle, err := os.ReadFile(filepath.Join(root, "etc/ssl/certs/ca-certificates.crt"))
	if err != nil {
		t.Fatal(err)
	}
	crts, err := filepath.Glob(filepath.Join(root, "usr/share/ca-certificates/*/*.crt"))
	if err != nil || len(crts) < 100 {
		t.Fatalf("found %d shipped certificates (err %v), want > 100", len(crts), err)
	}
	if got := strings.Count(string(bundle), "-----BEGIN CERTIFICATE-----"); got != len(crts) {
		t.Errorf("bundle has %d certificates, %d are shipped", got, len(crts))
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		name string
		a, b []string
		same bool
	}{
		{"order does not matter", []string{"libc6", "zlib1g"}, []string{"zlib1g", "libc6"}, true},
		{"duplicates do not matter", []string{"libc6", "libc6"}, []string{"libc6"}, true},
		{"empty means the python set", nil, PythonPackages, true},
		{"different sets differ", []string{"libc6"}, []string{"libc6", "zlib1g"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Key("amd64", tt.a...) == Key("amd64", tt.b...); got != tt.same {
				t.Errorf("Key(%v) == Key(%v) is %v, want %v", tt.a, tt.b, got, tt.same)
			}
		})
	}
	if Key("amd64") == Key("arm64") {
		t.Error("architectures share a key")
	}
}

func TestDefaultCacheDir(t *testing.T) {
	tests := []struct {
		name, pyko, xdg, want string
	}{
		{"PYKO_TEST_CACHE wins", "/c/pyko", "/c/xdg", "/c/pyko"},
		{"XDG_CACHE_HOME next", "", "/c/xdg", "/c/xdg/pyko-test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PYKO_TEST_CACHE", tt.pyko)
			t.Setenv("XDG_CACHE_HOME", tt.xdg)
			got, err := DefaultCacheDir()
			if err != nil || got != tt.want {
				t.Errorf("DefaultCacheDir() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestRootfsColdCacheIsComplete builds a tiny package set into an empty
// cache dir and checks that only complete entries are left there.
func TestRootfsColdCacheIsComplete(t *testing.T) {
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cache := t.TempDir()
	root, err := Rootfs(ctx, cache, "amd64", "zlib1g")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "etc/ssl/certs/ca-certificates.crt")); err == nil {
		t.Error("CA bundle written without ca-certificates in the set")
	}
	libs, _ := filepath.Glob(filepath.Join(root, "*/x86_64-linux-gnu/libz.so.1*"))
	libs2, _ := filepath.Glob(filepath.Join(root, "usr/lib/x86_64-linux-gnu/libz.so.1*"))
	if len(libs)+len(libs2) == 0 {
		t.Error("libz.so.1 not unpacked")
	}
	ents, err := os.ReadDir(filepath.Join(cache, "debroot"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("build dir %s left in the cache", e.Name())
		}
	}
	again, err := Rootfs(ctx, cache, "amd64", "zlib1g")
	if err != nil || again != root {
		t.Errorf("second Rootfs = %q, %v; want cached %q", again, err, root)
	}
}

func TestRootfsUnknownPackage(t *testing.T) {
	tools.Require(t, "apt-get", "dpkg-deb")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cache := t.TempDir()
	_, err := Rootfs(ctx, cache, "amd64", "no-such-package-pyko")
	if err == nil || !strings.Contains(err.Error(), "no-such-package-pyko") {
		t.Fatalf("Rootfs(unknown package) error = %v, want one naming the package", err)
	}
	ents, _ := os.ReadDir(filepath.Join(cache, "debroot"))
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "amd64-") || strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("failed build left %s in the cache", e.Name())
		}
	}
}

func TestRootfsDpkgStatus(t *testing.T) {
	root := rootfs(t)
	b, err := os.ReadFile(filepath.Join(root, "var", "lib", "dpkg", "status"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Package: libc6\nStatus: install ok installed\n", "Package: python3.11-minimal\n", "\nVersion: 2.36-"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("dpkg status lacks %q", want)
		}
	}
}
