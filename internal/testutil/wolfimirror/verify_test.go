package wolfimirror

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/apk/expand"
	"github.com/pyko-dev/pyko/internal/apk/index"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func readIndex(t *testing.T, dir, arch string, key *apkrepo.Key) *index.Index {
	t.Helper()
	kr := signature.Keyring{}
	pub, err := os.ReadFile(filepath.Join(dir, key.Name)) // the published key
	if err != nil {
		t.Fatal(err)
	}
	if err := kr.Add(key.Name, pub); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, arch, apkrepo.IndexName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	idx, err := index.Read(context.Background(), f, kr)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// TestMirrorVerifies reads the mirror as pyko does: the index signature
// (.SIGN.RSA., as Wolfi's) with the published key, then every package
// against its index entry.
func TestMirrorVerifies(t *testing.T) {
	dir, key := mirror(t)
	idx := readIndex(t, dir, "x86_64", key)
	kr := signature.Keyring{key.Name: &key.Private.PublicKey}
	for _, want := range idx.Packages {
		f, err := os.Open(filepath.Join(dir, "x86_64", want.Filename()))
		if err != nil {
			t.Fatal(err)
		}
		p, err := expand.Expand(context.Background(), f, t.TempDir(), kr, expand.WithExpected(want))
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", want.ID(), err)
			continue
		}
		if !p.Signed {
			t.Errorf("%s: not signed by %s", want.ID(), key.Name)
		}
		p.Close()
	}
}

func TestAddNewerVersion(t *testing.T) {
	cached, key := mirror(t)
	before, err := os.ReadFile(filepath.Join(cached, "x86_64", apkrepo.IndexName))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Clone(cached, dir); err != nil {
		t.Fatal(err)
	}
	old := byName(t, dir)["python-3.11-base"]
	got, err := AddNewerVersion(context.Background(), dir, "amd64", "python-3.11-base", key)
	if err != nil {
		t.Fatal(err)
	}
	if got == old.Version || got != nextRev(t, old.Version) {
		t.Errorf("new version %q, old %q", got, old.Version)
	}
	idx := readIndex(t, dir, "x86_64", key)
	var versions []string
	for _, p := range idx.Packages {
		if p.Name == "python-3.11-base" {
			versions = append(versions, p.Version)
		}
	}
	if !slices.Equal(versions, []string{old.Version, got}) {
		t.Errorf("index has python-3.11-base %v, want %s and %s", versions, old.Version, got)
	}
	after, _ := os.ReadFile(filepath.Join(cached, "x86_64", apkrepo.IndexName))
	if !bytes.Equal(before, after) {
		t.Error("AddNewerVersion on a clone changed the cached mirror")
	}
}

// nextRev increments the -rN suffix of v.
func nextRev(t *testing.T, v string) string {
	t.Helper()
	i := strings.LastIndex(v, "-r")
	n, err := strconv.Atoi(v[i+2:])
	if i < 0 || err != nil {
		t.Fatalf("version %q has no revision", v)
	}
	return v[:i+2] + strconv.Itoa(n+1)
}

// TestMirrorARM64 builds the arm64 mirror and checks its closure and that
// the aarch64 ELF interpreter resolves through the baselayout.
func TestMirrorARM64(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second mirror")
	}
	tools.Require(t, "apt-get", "dpkg-deb")
	_, key := mirror(t)
	cache, err := debroot.DefaultCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, err := Build(ctx, cache, "arm64", key)
	if err != nil {
		t.Fatal(err)
	}
	idx := readIndex(t, dir, "aarch64", key)
	pkgs := byNameIn(t, dir, "aarch64")
	if len(pkgs) != len(idx.Packages) || pkgs["python-3.11"] == nil {
		t.Fatalf("arm64 index: %d packages", len(idx.Packages))
	}
	names := closure(t, pkgs, "python-3.11", "wolfi-baselayout")
	root := t.TempDir()
	for _, n := range baselayoutFirst(names) {
		extractAPK(t, filepath.Join(dir, "aarch64", pkgs[n].Filename()), root)
	}
	// The links are relative, so they resolve inside root.
	for _, p := range []string{"lib/ld-linux-aarch64.so.1", "usr/bin/python3", "lib/aarch64-linux-gnu/libc.so.6"} {
		fi, err := os.Stat(filepath.Join(root, p))
		if err != nil || !fi.Mode().IsRegular() {
			t.Errorf("/%s does not resolve to a file: %v", p, err)
		}
	}
}
