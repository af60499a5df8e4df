package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/layout"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/oslock"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

func file(path, content string) apkrepo.File {
	return apkrepo.File{Path: path, Mode: 0o644, Content: []byte(content)}
}

func apkPkg(name, version, origin string, deps []string, files ...apkrepo.File) apkrepo.Package {
	var ds []apk.Dependency
	for _, d := range deps {
		dep, _ := apk.ParseDependency(d)
		ds = append(ds, dep)
	}
	return apkrepo.Package{Info: apk.Package{Name: name, Version: version, Arch: "x86_64", Origin: origin,
		BuildTime: 1700000000, License: "MIT", Depends: ds}, Files: files}
}

// tinyRepo is a signed repository with two Pythons and what they need. Its
// "binaries" are text: the build does not run them.
func tinyRepo(t *testing.T) (dir, keyPath string, key *apkrepo.Key) {
	t.Helper()
	dir = t.TempDir()
	key, err := apkrepo.NewKey("tiny.rsa.pub")
	if err != nil {
		t.Fatal(err)
	}
	keyPath = filepath.Join(dir, key.Name)
	if err := os.WriteFile(keyPath, key.PublicPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	pkgs := []apkrepo.Package{
		apkPkg("wolfi-baselayout", "20230201-r0", "", nil, file("etc/os-release", "ID=wolfi\n"),
			file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"), file("etc/group", "root:x:0:\n")),
		apkPkg("ca-certificates-bundle", "20250101-r0", "", nil, file("etc/ssl/certs/ca-certificates.crt", "pem\n")),
		apkPkg("python-3.11", "3.11.9-r0", "", []string{"wolfi-baselayout", "glibc"}, file("usr/bin/python3.11", "py311\n")),
		apkPkg("python-3.12", "3.12.4-r0", "", []string{"wolfi-baselayout", "glibc"}, file("usr/bin/python3.12", "py312\n")),
		apkPkg("busybox", "1.36.1-r0", "", nil, file("usr/bin/busybox", "bb\n")),
		apkPkg("glibc", "2.36-r0", "glibc", nil, file("usr/lib/libc.so.6", "not really\n")),
	}
	if err := apkrepo.WriteRepo(dir, "x86_64", pkgs, key); err != nil {
		t.Fatal(err)
	}
	return dir, keyPath, key
}

func osOptions(t *testing.T, repo, keyPath, proj string) Options {
	return Options{NoCompile: true, Dir: proj, Repositories: []string{repo}, Keyrings: []string{keyPath},
		CacheDir: t.TempDir(), TempDir: t.TempDir(), Outputs: []string{"oci:" + filepath.Join(t.TempDir(), "out") + ":app"}}
}

func projectWith(t *testing.T, requires string) string {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.py"), []byte("print('hi')\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte("[project]\nname = \"demo\"\nversion = \"1\"\nrequires-python = \""+requires+"\"\n"), 0o644)
	return dir
}

func TestFromPackagesPicksPython(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	tests := []struct {
		requires, python, want, wantErr string
	}{
		{">=3.10", "", "/usr/bin/python3.12", ""},
		{"<3.12", "", "/usr/bin/python3.11", ""},
		{">=3.10", "3.11", "/usr/bin/python3.11", ""},
		{">=3.12", "3.11", "", "requires-python"},
		{">=3.13", "", "", "no python-3.X package"},
	}
	for _, tt := range tests {
		t.Run(tt.requires+"/"+tt.python, func(t *testing.T) {
			o := osOptions(t, repo, keyPath, projectWith(t, tt.requires))
			o.Python = tt.python
			res, err := Run(context.Background(), quiet(), o)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cf, _ := res.Image.ConfigFile()
			if cf.Config.Entrypoint[0] != tt.want || cf.Config.User != "65532:65532" {
				t.Errorf("config %+v", cf.Config)
			}
			if !slices.Contains(cf.Config.Env, "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt") {
				t.Errorf("env %q", cf.Config.Env)
			}
			if cf.Created.Unix() != 1700000000 {
				t.Errorf("created %v, want the packages' build date", cf.Created)
			}
		})
	}
}

func TestLockPinsPackages(t *testing.T) {
	repo, keyPath, key := tinyRepo(t)
	proj := projectWith(t, ">=3.12")
	o := osOptions(t, repo, keyPath, proj)
	path, err := Lock(context.Background(), quiet(), o, false)
	if err != nil {
		t.Fatal(err)
	}
	l, err := oslock.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.For("x86_64"); len(got) != 4 || !slices.Contains(l.Inputs.World, "python-3.12") {
		t.Fatalf("lock %+v", l)
	}
	first, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	newer := apkPkg("python-3.12", "3.12.5-r0", "", []string{"wolfi-baselayout"}, file("usr/bin/python3.12", "py3125\n"))
	if err := apkrepo.AddPackages(repo, "x86_64", []apkrepo.Package{newer}, key); err != nil {
		t.Fatal(err)
	}
	o.CacheDir = t.TempDir()
	again, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	if again.Digest != first.Digest {
		t.Fatalf("a newer package in the repository changed a locked build: %s → %s", first.Digest, again.Digest)
	}
	if _, err := Lock(context.Background(), quiet(), o, false); err != nil {
		t.Fatal(err)
	}
	if l, _ := oslock.Read(path); !slices.ContainsFunc(l.Packages, func(p oslock.Package) bool { return p.Version == "3.12.4-r0" }) {
		t.Fatalf("pyko lock without --upgrade moved python: %+v", l.Packages)
	}
	if _, err := Lock(context.Background(), quiet(), o, true); err != nil {
		t.Fatal(err)
	}
	if l, _ := oslock.Read(path); !slices.ContainsFunc(l.Packages, func(p oslock.Package) bool { return p.Version == "3.12.5-r0" }) {
		t.Fatalf("pyko lock --upgrade did not move python: %+v", l.Packages)
	}
	upgraded, err := Run(context.Background(), quiet(), o)
	if err != nil {
		t.Fatal(err)
	}
	if upgraded.Digest == first.Digest {
		t.Fatal("the upgraded lock built the same image")
	}
	o.Packages = []string{"busybox"}
	if _, err := Run(context.Background(), quiet(), o); err == nil || !strings.Contains(err.Error(), "added busybox") || !strings.Contains(err.Error(), "run pyko lock") {
		t.Fatalf("err = %v", err)
	}
}

func TestFromPackagesLayersAndDeterminism(t *testing.T) {
	repo, keyPath, _ := tinyRepo(t)
	proj := projectWith(t, ">=3.12")
	var digests []string
	for range 2 {
		o := osOptions(t, repo, keyPath, proj)
		o.OSLayers = 2
		o.Shell = true
		res, err := Run(context.Background(), quiet(), o)
		if err != nil {
			t.Fatal(err)
		}
		digests = append(digests, res.Digest.String())
		out := strings.TrimSuffix(strings.TrimPrefix(o.Outputs[0], "oci:"), ":app")
		idx, err := layout.ImageIndexFromPath(out)
		if err != nil {
			t.Fatal(err)
		}
		im, _ := idx.IndexManifest()
		img, _ := idx.Image(im.Manifests[0].Digest)
		ls, _ := img.Layers()
		if len(ls) != 2+1+1+1 { // 2 OS layers, the generated layer, the SBOM, the app
			t.Fatalf("%d layers", len(ls))
		}
	}
	if digests[0] != digests[1] {
		t.Fatalf("two builds: %v", digests)
	}
}
