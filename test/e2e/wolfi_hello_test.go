package e2e

import (
	"archive/tar"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

// wolfiWorld is the world of a build without --package or --shell.
var wolfiWorld = []string{"python-3.11", "ca-certificates-bundle", "wolfi-baselayout"}

// TestWolfiHello builds examples/hello without --base, from the mirror
// served over HTTP (index, packages and key), and judges the image: its
// config, its layers, its files, its installed db, and podman running it.
func TestWolfiHello(t *testing.T) {
	t.Parallel()
	tools.Require(t, "skopeo")
	requirePyko(t)
	repo := wolfiClone(t)
	srv := apkrepo.Serve(t, repo)
	env := wolfiCache(t)
	out := filepath.Join(t.TempDir(), "oci")
	digest := buildOK(t, env, wolfiBuildArgs(helloDir(), srv.URL, srv.URL+"/"+wolfiKeyName, "-o", "oci:"+out+":hello")...)
	if n := srv.Requests("/x86_64/" + apkrepo.IndexName); n == 0 {
		t.Errorf("pyko never asked the HTTP mirror for /x86_64/%s", apkrepo.IndexName)
	}
	img := ociImage(t, out, "hello")
	tree := readTree(t, img)

	t.Run("skopeo and config", func(t *testing.T) {
		t.Parallel()
		ref := "oci:" + out + ":hello"
		if got := skopeoInspect(t, ref); got.Digest != digest || got.Os != "linux" || got.Architecture != "amd64" {
			t.Errorf("skopeo inspect %s: %s %s/%s, want %s linux/amd64", ref, got.Digest, got.Os, got.Architecture, digest)
		}
		c := skopeoConfig(t, ref).Config
		if c.User != "65532:65532" {
			t.Errorf("User = %q, want 65532:65532", c.User)
		}
		if want := []string{"/usr/bin/python3.11", "/app/main.py"}; !slices.Equal(c.Entrypoint, want) {
			t.Errorf("Entrypoint = %q, want %q", c.Entrypoint, want)
		}
		bundle := envMap(c.Env)["SSL_CERT_FILE"]
		if bundle == "" {
			t.Fatalf("Env %q has no SSL_CERT_FILE", c.Env)
		}
		if _, e := tree.resolve(bundle, true); e == nil || e.hdr.Typeflag != tar.TypeReg || e.hdr.Size == 0 {
			t.Errorf("SSL_CERT_FILE=%s, but the image has no such non-empty file", bundle)
		}
	})

	t.Run("layers", func(t *testing.T) {
		t.Parallel()
		db := installedOf(t, img, tree)
		checkLayers(t, img, tree, db, 4)
		// A smaller budget regroups the same files into fewer layers.
		out1 := filepath.Join(t.TempDir(), "oci")
		buildOK(t, env, wolfiBuildArgs(helloDir(), srv.URL, srv.URL+"/"+wolfiKeyName, "--os-layers", "1", "-o", "oci:"+out1+":hello")...)
		img1 := ociImage(t, out1, "hello")
		tree1 := readTree(t, img1)
		checkLayers(t, img1, tree1, db, 1)
		if diff := treeDiff(tree, tree1); diff != "" {
			t.Errorf("--os-layers 1 changed the files of the image, not only their layering: %s", diff)
		}
	})

	t.Run("no shell, no apk, no keys", func(t *testing.T) {
		t.Parallel()
		for _, p := range []string{"/bin/sh", "/usr/bin/sh", "/bin/ash", "/usr/bin/busybox", "/bin/busybox",
			"/sbin/apk", "/usr/bin/apk", "/etc/apk/repositories", "/etc/apk/keys", "/etc/apk/world"} {
			if tree.exists(p) {
				t.Errorf("%s is in the image; it must not be without --shell or --package", p)
			}
		}
		for name := range tree.entries {
			if strings.HasSuffix(name, ".rsa.pub") || strings.HasSuffix(name, ".rsa") {
				t.Errorf("/%s: a signing key in the image", name)
			}
		}
	})

	t.Run("installed db", func(t *testing.T) {
		t.Parallel()
		db := installedOf(t, img, tree)
		for _, want := range []string{"python-3.11", "python-3.11-base", "glibc", "ld-linux", "zlib", "libssl3",
			"libcrypto3", "sqlite-libs", "libffi", "libexpat1", "ca-certificates-bundle", "wolfi-baselayout"} {
			if db.version(want) == "" {
				t.Errorf("installed db lacks %s; it lists %v", want, db.names())
			}
		}
		for _, unwanted := range []string{"busybox", "apk-tools"} {
			if db.version(unwanted) != "" {
				t.Errorf("installed db lists %s, which nobody asked for", unwanted)
			}
		}
		checkClosure(t, db, wolfiWorld)
		if logged := historyPackages(t, img); len(logged) > 0 {
			var ids []string
			for _, p := range db.pkgs {
				ids = append(ids, p.ID())
			}
			slices.Sort(ids)
			if !slices.Equal(ids, logged) {
				t.Errorf("installed db lists %v, the layer history %v", ids, logged)
			}
		} else {
			t.Log("the layer history names no packages; compared with the expected closure only")
		}
		// Every file the db lists is in the image.
		for pkg, files := range db.files {
			for _, f := range files {
				if !tree.exists(f) {
					t.Errorf("installed db: %s owns /%s, which is not in the image", pkg, f)
				}
			}
		}
	})

	t.Run("os-release and passwd", func(t *testing.T) {
		t.Parallel()
		osRelease := string(readFile(t, img, tree, "/etc/os-release"))
		if !slices.Contains(strings.Split(osRelease, "\n"), "ID=wolfi") {
			t.Errorf("/etc/os-release has no ID=wolfi line:\n%s", osRelease)
		}
		passwd := string(readFile(t, img, tree, "/etc/passwd"))
		if !strings.Contains(passwd, "\nnonroot:x:65532:65532:") && !strings.HasPrefix(passwd, "nonroot:x:65532:65532:") {
			t.Errorf("/etc/passwd has no nonroot 65532:\n%s", passwd)
		}
		group := string(readFile(t, img, tree, "/etc/group"))
		if !strings.Contains(group, "nonroot:x:65532:") {
			t.Errorf("/etc/group has no nonroot 65532:\n%s", group)
		}
		if _, e := tree.resolve("/home/nonroot", true); e == nil || e.hdr.Typeflag != tar.TypeDir || e.hdr.Uid != 65532 {
			t.Errorf("/home/nonroot is not a directory owned by 65532 (%+v)", e)
		}
	})

	t.Run("podman runs it", func(t *testing.T) {
		t.Parallel()
		p := tools.NewPodman(t)
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		name := "localhost/wolfi-hello:1"
		if err := p.LoadOCI(ctx, out, "hello", name); err != nil {
			t.Fatal(err)
		}
		got, err := p.Run(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		checkGreeting(t, got)
		checkPythonRuntime(t, ctx, p, name)
	})
}

// installedOf reads and parses the image's /lib/apk/db/installed.
func installedOf(t *testing.T, img v1.Image, tree *imageTree) installedDB {
	t.Helper()
	return parseInstalled(t, readFile(t, img, tree, "/lib/apk/db/installed"))
}

// historyPackages returns the package IDs ("zlib-1.2.13-r0") pyko names in
// the created_by of its OS layers, sorted.
func historyPackages(t *testing.T, img v1.Image) []string {
	t.Helper()
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range cfg.History {
		if rest, ok := strings.CutPrefix(h.CreatedBy, "pyko: OS packages "); ok {
			ids = append(ids, strings.Fields(rest)...)
		}
	}
	slices.Sort(ids)
	return ids
}
