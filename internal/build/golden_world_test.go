package build_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/build"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
	"github.com/pyko-dev/pyko/internal/testutil/wheels"
)

// The golden world is a signed APK repository (x86_64 and aarch64), a
// package index of a few wheels and a two-platform base image, written
// from the constants below: the same bytes on every machine and run, so
// that the images built from it have fixed digests. Its "binaries" are
// text; the build never runs them.

// goldenKeyName is the file name of the checked-in test signing key's
// public half, as signatures and keyrings name it.
const goldenKeyName = "golden.rsa.pub"

// Fixed times of the world: package build dates (some after
// sourceDateEpoch, so that clamping shows), the base image's creation.
const (
	olderBuild = 1680000000
	glibcBuild = 1690000000
	newerBuild = 1710000000
)

var baseCreated = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// largePackage is Options.LargePackage in python-deps: the speedups wheels
// are above it (a layer of their own), the pure ones below.
const largePackage = 8 << 10

// goldenCommit and goldenOrigin make every project a git checkout with a
// fixed HEAD, so the revision and source annotations never come from a
// checkout that happens to enclose the temporary directory.
const (
	goldenCommit = "0123456789abcdef0123456789abcdef01234567"
	goldenOrigin = "https://github.com/pyko-dev/golden-app.git"
)

// world is one copy of the test world, served on its own loopback ports.
// The two copies TestGolden builds in differ in temporary paths, ports,
// umask and project file mtimes, and in nothing else.
type world struct {
	name  string
	umask int
	// nest is put between a temporary directory and each project.
	nest string
	// mtime, when set, is given to every project file.
	mtime time.Time

	repo, keyring string // APK repository and key URLs
	index         string // PEP 503/691 index URL
	base          string // oci:DIR:TAG of the base image
	pins          map[string]*pin
}

// pin is a wheel's version and the sha256 of each of its files.
type pin struct {
	version string
	hashes  []string
}

// newWorld writes and serves one copy of the world under umask.
func newWorld(t *testing.T, name string, umask int, nest string, mtime time.Time) *world {
	t.Helper()
	w := &world{name: name, umask: umask, nest: nest, mtime: mtime, pins: map[string]*pin{}}
	w.do(func() {
		w.repo, w.keyring = serveAPKs(t)
		w.index = w.serveWheels(t)
		w.base = writeBase(t, filepath.Join(t.TempDir(), nest, "base"))
	})
	return w
}

// do runs fn under the world's umask. The umask is process-wide: TestGolden
// is not parallel, and nothing else in this package is.
func (w *world) do(fn func()) {
	old := syscall.Umask(w.umask)
	defer syscall.Umask(old)
	fn()
}

// options are a build's common options: fresh cache, temporary and output
// directories, and an oci: output tagged "golden". No bytecode: the
// world's Pythons are stand-ins that cannot run (test/e2e pins the
// digests of images with bytecode).
func (w *world) options(t *testing.T, dir string) build.Options {
	return build.Options{
		NoCompile: true,
		Dir:       dir,
		CacheDir:  t.TempDir(),
		TempDir:   t.TempDir(),
		Outputs:   []string{"oci:" + filepath.Join(t.TempDir(), w.nest, "out") + ":" + outputTag},
	}
}

// fromPackages are options for an image built from the world's APKs.
func (w *world) fromPackages(t *testing.T, dir string) build.Options {
	o := w.options(t, dir)
	o.Repositories, o.Keyrings = []string{w.repo}, []string{w.keyring}
	return o
}

// projectFile is one file of a test project.
type projectFile struct {
	path, content string
	mode          fs.FileMode
}

// project writes files (and a fake git checkout) into a new directory and
// returns it. Files are created with their mode under the world's umask.
func (w *world) project(t *testing.T, files ...projectFile) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), w.nest, "project")
	files = append(files,
		projectFile{".git/HEAD", goldenCommit + "\n", 0o644},
		projectFile{".git/config", "[remote \"origin\"]\n\turl = " + goldenOrigin + "\n", 0o644})
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f.content), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	if !w.mtime.IsZero() {
		touchTree(t, dir, w.mtime)
	}
	return dir
}

// touchTree sets the mtime of everything under dir.
func touchTree(t *testing.T, dir string, mtime time.Time) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, mtime, mtime)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// requirements is a requirements.txt pinning the named wheels with every
// file's hash, as pip-compile --generate-hashes writes it. No index URL:
// the file goes into /app, and the index's port must not.
func (w *world) requirements(t *testing.T, names ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# pinned, with hashes\n")
	for _, n := range names {
		p := w.pins[n]
		if p == nil {
			t.Fatalf("no wheel %s in the world", n)
		}
		fmt.Fprintf(&b, "%s==%s", n, p.version)
		for _, h := range p.hashes {
			fmt.Fprintf(&b, " \\\n    --hash=sha256:%s", h)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// loadKey copies the checked-in test key into dir and loads it (never
// creating one: a new key would change every digest), and checks the
// checked-in public key is its public half.
func loadKey(t *testing.T, dir string) *apkrepo.Key {
	t.Helper()
	priv, err := os.ReadFile(filepath.Join(goldenDir, strings.TrimSuffix(goldenKeyName, ".pub")))
	if err != nil {
		t.Fatalf("the golden signing key: %v", err)
	}
	pub, err := os.ReadFile(filepath.Join(goldenDir, goldenKeyName))
	if err != nil {
		t.Fatalf("the golden signing key: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(goldenKeyName, ".pub")), priv, 0o600); err != nil {
		t.Fatal(err)
	}
	key, err := apkrepo.LoadOrCreateKey(dir, goldenKeyName)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(key.PublicPEM(), pub) {
		t.Fatalf("%s is not the public key of %s", goldenKeyName, strings.TrimSuffix(goldenKeyName, ".pub"))
	}
	return key
}

// serveAPKs writes the repository for both architectures, with the public
// key beside it, serves it and returns the repository and key URLs.
func serveAPKs(t *testing.T) (repo, keyring string) {
	t.Helper()
	dir := t.TempDir()
	key := loadKey(t, t.TempDir())
	for _, arch := range []string{"x86_64", "aarch64"} {
		if err := apkrepo.WriteRepo(dir, arch, osPackages(arch), key); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, goldenKeyName), key.PublicPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := apkrepo.Serve(t, dir)
	return srv.URL, srv.URL + "/" + goldenKeyName
}

// osPackages are the packages of one architecture: the same names and
// versions on both, contents that name the architecture.
func osPackages(arch string) []apkrepo.Package {
	ld := map[string]string{"x86_64": "ld-linux-x86-64.so.2", "aarch64": "ld-linux-aarch64.so.1"}[arch]
	stub := func(what string) string { return what + " for " + arch + " (a stand-in: never run)\n" }
	return []apkrepo.Package{
		apkPackage("wolfi-baselayout", "20230201-r7", "wolfi-baselayout", olderBuild, nil, nil,
			dir("tmp", fs.ModeSticky|0o777), dir("home", 0o755),
			symlink("bin", "usr/bin"), symlink("lib", "usr/lib"), symlink("sbin", "usr/sbin"),
			file("etc/os-release", "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\n", 0o644),
			file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0o644),
			file("etc/group", "root:x:0:\n", 0o644)),
		apkPackage("ca-certificates-bundle", "20241121-r1", "ca-certificates", olderBuild, nil, nil,
			file("etc/ssl/certs/ca-certificates.crt", "-----BEGIN CERTIFICATE-----\ngolden\n-----END CERTIFICATE-----\n", 0o644)),
		apkPackage("glibc", "2.36-r0", "glibc", glibcBuild, nil, []string{"so:libc.so.6=6", "so:" + ld + "=2"},
			file("usr/lib/libc.so.6", stub("glibc 2.36"), 0o755),
			file("usr/lib/"+ld, stub("the dynamic loader"), 0o755)),
		apkPackage("python-3.12-base", "3.12.7-r1", "python-3.12", newerBuild, []string{"so:libc.so.6"}, nil,
			file("usr/lib/libpython3.12.so.1.0", stub("libpython 3.12.7"), 0o755),
			file("usr/lib/python3.12/os.py", "# os, the golden stand-in\n", 0o644)),
		apkPackage("python-3.12", "3.12.7-r1", "python-3.12", newerBuild,
			[]string{"python-3.12-base", "wolfi-baselayout", "so:libc.so.6"}, nil,
			file("usr/bin/python3.12", stub("CPython 3.12.7"), 0o755),
			symlink("usr/bin/python3", "python3.12")),
		apkPackage("busybox", "1.37.0-r30", "busybox", glibcBuild, []string{"so:libc.so.6"}, nil,
			file("usr/bin/busybox", stub("busybox 1.37.0"), 0o755),
			file("etc/busybox-paths.d/busybox", "/bin/sh\n/usr/bin/env\n/usr/bin/ls\n", 0o644)),
	}
}

// apkPackage is one package; deps and provides are apk dependency strings.
func apkPackage(name, version, origin string, built int64, deps, provides []string, files ...apkrepo.File) apkrepo.Package {
	return apkrepo.Package{Info: apk.Package{
		Name: name, Version: version, Origin: origin, BuildTime: built, License: "MIT",
		Description: name + " for the golden test", URL: "https://example.org/" + name,
		Depends: dependencies(deps), Provides: dependencies(provides),
	}, Files: files}
}

func dependencies(ss []string) []apk.Dependency {
	var out []apk.Dependency
	for _, s := range ss {
		d, err := apk.ParseDependency(s)
		if err != nil {
			panic(fmt.Sprintf("dependency %q: %v", s, err))
		}
		out = append(out, d)
	}
	return out
}

func file(path, content string, mode fs.FileMode) apkrepo.File {
	return apkrepo.File{Path: path, Mode: mode, Content: []byte(content)}
}

func dir(path string, mode fs.FileMode) apkrepo.File {
	return apkrepo.File{Path: path, Mode: fs.ModeDir | mode}
}

func symlink(path, target string) apkrepo.File {
	return apkrepo.File{Path: path, Mode: fs.ModeSymlink, Link: target}
}

// goldenWheels are the index's wheels: two pure-Python ones and a
// platform wheel for x86_64 and aarch64, large enough for a layer of its own.
func goldenWheels() []wheels.Wheel {
	ws := []wheels.Wheel{
		{Name: "greeting", Version: "1.0", Files: []wheels.File{
			{Path: "greeting/__init__.py", Content: []byte("def main():\n    print('hello')\n")}},
			EntryPoints: "[console_scripts]\ngreet = greeting:main\n"},
		{Name: "colorlog-lite", Version: "2.1", Metadata: []string{"Requires-Python: >=3.8"}, Files: []wheels.File{
			{Path: "colorlog_lite/__init__.py", Content: []byte("RED = '\\033[31m'\n")},
			{Path: "colorlog_lite/py.typed"}}},
	}
	for _, arch := range []string{"x86_64", "aarch64"} {
		ws = append(ws, wheels.Wheel{Name: "speedups", Version: "1.4.0", Platlib: true,
			Tags: "cp312-cp312-manylinux_2_17_" + arch,
			Files: []wheels.File{
				{Path: "speedups/__init__.py", Content: []byte("from ._native import *\n")},
				{Path: "speedups/_native.cpython-312-" + arch + "-linux-gnu.so", Content: noise(arch, 24<<10), Mode: 0o755}}})
	}
	return ws
}

// serveWheels writes goldenWheels, records their hashes and serves them.
func (w *world) serveWheels(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, wh := range goldenWheels() {
		path, sum, err := wheels.Write(dir, wh)
		if err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if large := wh.Name == "speedups"; large != (st.Size() > largePackage) {
			t.Fatalf("%s is %d bytes: the scenarios want only speedups above %d", filepath.Base(path), st.Size(), largePackage)
		}
		p := w.pins[wh.Name]
		if p == nil {
			p = &pin{version: wh.Version}
			w.pins[wh.Name] = p
		}
		p.hashes = append(p.hashes, sum)
	}
	return pyindex.Serve(t, dir).IndexURL()
}

// noise is n incompressible bytes, a function of seed only.
func noise(seed string, n int) []byte {
	x := uint32(2463534242)
	for _, c := range []byte(seed) {
		x = x*31 + uint32(c)
	}
	b := make([]byte, n)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

// writeBase writes a Debian-like two-platform base image (linux/amd64,
// linux/arm64) into an OCI layout at dir under the tag "base": /etc/passwd
// with root only (so pyko adds its user), a dpkg status recording libc6
// 2.36 and python3.11 3.11.2, and /usr/bin/python3.11.
func writeBase(t *testing.T, dir string) string {
	t.Helper()
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, p := range []struct{ arch, debArch, triplet string }{
		{"amd64", "amd64", "x86_64-linux-gnu"},
		{"arm64", "arm64", "aarch64-linux-gnu"},
	} {
		img := baseImage(t, p.arch, p.debArch, p.triplet)
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: "linux", Architecture: p.arch}}})
	}
	lp, err := layout.Write(dir, empty.Index)
	if err != nil {
		t.Fatal(err)
	}
	if err := lp.AppendIndex(idx, layout.WithAnnotations(map[string]string{"org.opencontainers.image.ref.name": "base"})); err != nil {
		t.Fatal(err)
	}
	return "oci:" + dir + ":base"
}

// baseImage is one platform of the base: an OS layer and a Python layer.
func baseImage(t *testing.T, arch, debArch, triplet string) v1.Image {
	t.Helper()
	stub := func(what string) string { return what + " for " + debArch + " (a stand-in: never run)\n" }
	osLayer := baseLayer(t,
		textEntry("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", 0o644),
		textEntry("etc/group", "root:x:0:\n", 0o644),
		textEntry("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n", 0o644),
		textEntry("etc/ssl/certs/ca-certificates.crt", "-----BEGIN CERTIFICATE-----\nbase\n-----END CERTIFICATE-----\n", 0o644),
		textEntry("usr/lib/"+triplet+"/libc.so.6", stub("glibc 2.36"), 0o755),
		textEntry("var/lib/dpkg/status", dpkgStatus(debArch), 0o644),
		layer.Entry{Path: "bin", Mode: fs.ModeSymlink | 0o777, Link: "usr/bin"},
		layer.Entry{Path: "tmp", Mode: fs.ModeDir | fs.ModeSticky | 0o777})
	pyLayer := baseLayer(t,
		textEntry("usr/bin/python3.11", stub("CPython 3.11.2"), 0o755),
		layer.Entry{Path: "usr/bin/python3", Mode: fs.ModeSymlink | 0o777, Link: "python3.11"},
		textEntry("usr/lib/python3.11/os.py", "# os, the golden stand-in\n", 0o644))
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(img,
		mutate.Addendum{Layer: osLayer, History: v1.History{Created: v1.Time{Time: baseCreated}, CreatedBy: "golden base: Debian-like root"}},
		mutate.Addendum{Layer: pyLayer, History: v1.History{Created: v1.Time{Time: baseCreated}, CreatedBy: "golden base: CPython 3.11"}})
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = "linux", arch, v1.Time{Time: baseCreated}
	cf.Config.Env = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"}
	cf.Config.Cmd = []string{"python3"}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		t.Fatal(err)
	}
	return img
}

// dpkgStatus records the packages pyko reads a base's glibc and CPython
// versions from.
func dpkgStatus(debArch string) string {
	var b strings.Builder
	for _, p := range [][2]string{{"libc6", "2.36-9+deb12u7"}, {"python3.11-minimal", "3.11.2-6+deb12u2"}} {
		fmt.Fprintf(&b, "Package: %s\nStatus: install ok installed\nArchitecture: %s\nVersion: %s\n\n", p[0], debArch, p[1])
	}
	return b.String()
}

func baseLayer(t *testing.T, entries ...layer.Entry) *layer.Layer {
	t.Helper()
	l, err := layer.New(context.Background(), entries, layer.WithModTime(baseCreated), layer.WithTempDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func textEntry(path, content string, mode fs.FileMode) layer.Entry {
	return layer.Entry{Path: path, Mode: mode, Size: int64(len(content)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
}
