package apkrepo

import (
	"bytes"
	"context"
	"crypto/sha1" //nolint:gosec
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/index"
	"github.com/pyko-dev/pyko/internal/apk/signature"
)

func repoPackages() []Package {
	hello := samplePackage()
	hello.Info.Arch = "" // filled in from the repository
	lib := Package{
		Info:  apk.Package{Name: "libfoo", Version: "2.0-r0", BuildTime: 1700000500, Provides: []apk.Dependency{{Name: "so:libfoo.so.2", Op: apk.OpEqual, Version: "2"}}},
		Files: []File{{Path: "usr/lib/libfoo.so.2", Content: []byte("\x7fELF not really")}},
	}
	return []Package{lib, hello}
}

func keyring(t *testing.T, keys ...*Key) signature.Keyring {
	t.Helper()
	kr := signature.Keyring{}
	for _, k := range keys {
		if err := kr.Add(k.Name, k.PublicPEM()); err != nil {
			t.Fatal(err)
		}
	}
	return kr
}

func readVerified(t *testing.T, dir string, kr signature.Keyring) (*index.Index, error) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "x86_64", IndexName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return index.Read(context.Background(), f, kr)
}

func TestWriteRepo(t *testing.T) {
	key := testKey(t)
	dir := t.TempDir()
	if err := WriteRepo(dir, "x86_64", repoPackages(), key); err != nil {
		t.Fatal(err)
	}
	idx, err := readVerified(t, dir, keyring(t, key))
	if err != nil {
		t.Fatal(err)
	}
	if idx.SignedBy != key.Name || idx.Description != "pyko test repository" {
		t.Errorf("signed by %q, description %q", idx.SignedBy, idx.Description)
	}
	var ids []string
	for _, p := range idx.Packages {
		ids = append(ids, p.ID())
		b, err := os.ReadFile(filepath.Join(dir, "x86_64", p.Filename()))
		if err != nil {
			t.Fatal(err)
		}
		if p.Size != int64(len(b)) || p.Arch != "x86_64" {
			t.Errorf("%s: S:%d A:%s, want file size %d and x86_64", p.ID(), p.Size, p.Arch, len(b))
		}
		sum := sha1.Sum(members(t, b)[1]) //nolint:gosec
		if want := "Q1" + base64.StdEncoding.EncodeToString(sum[:]); p.Checksum != want {
			t.Errorf("%s: C:%s, want %s from its control member", p.ID(), p.Checksum, want)
		}
	}
	if want := []string{"hello-1.2.3-r4", "libfoo-2.0-r0"}; !slices.Equal(ids, want) {
		t.Errorf("index lists %v, want %v (sorted by name)", ids, want)
	}
	hello := idx.Packages[0]
	if hello.Origin != "hello-src" || hello.ProviderPriority != 5 || len(hello.InstallIf) != 2 || hello.BuildTime != 1700000000 {
		t.Errorf("hello's index entry lost fields: %+v", hello)
	}
	got, err := ReadIndex(dir, "x86_64")
	if err != nil || len(got) != 2 || got[1].Checksum != idx.Packages[1].Checksum {
		t.Errorf("ReadIndex = %v, %v; want the verified entries", got, err)
	}
}

func TestWriteRepoDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	pkgs := repoPackages()
	if err := WriteRepo(a, "x86_64", pkgs, testKey(t)); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(pkgs)
	if err := WriteRepo(b, "x86_64", pkgs, testKey(t)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{IndexName, "hello-1.2.3-r4.apk", "libfoo-2.0-r0.apk"} {
		x, _ := os.ReadFile(filepath.Join(a, "x86_64", name))
		y, _ := os.ReadFile(filepath.Join(b, "x86_64", name))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two writes of the same repository", name)
		}
	}
}

func TestBadIndexes(t *testing.T) {
	key := testKey(t)
	stranger, err := NewKey("stranger.rsa.pub")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		opts  []Option
		check func(*index.Index, error) string // "" if as expected
	}{
		{"sha1 signature verifies", []Option{IndexSHA1()}, func(idx *index.Index, err error) string {
			if err != nil {
				return err.Error()
			}
			return ""
		}},
		{"tampered", []Option{TamperIndex()}, func(_ *index.Index, err error) string {
			var bad *signature.BadSignatureError
			if !errors.As(err, &bad) {
				return "want a bad signature error"
			}
			return ""
		}},
		{"unknown key", []Option{IndexSignedBy(stranger)}, func(_ *index.Index, err error) string {
			var unknown *signature.UnknownKeyError
			if !errors.As(err, &unknown) || unknown.Key != "stranger.rsa.pub" {
				return "want an unknown key error naming stranger.rsa.pub"
			}
			return ""
		}},
		{"unsigned", []Option{Unsigned()}, func(_ *index.Index, err error) string {
			if err == nil {
				return "want an error"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := WriteRepo(dir, "x86_64", repoPackages(), key, tt.opts...); err != nil {
				t.Fatal(err)
			}
			idx, err := readVerified(t, dir, keyring(t, key))
			if msg := tt.check(idx, err); msg != "" {
				t.Errorf("index.Read: %v: %s", err, msg)
			}
			// Whatever the signature, the index still parses.
			if pkgs, err := ReadIndex(dir, "x86_64"); err != nil || len(pkgs) != 2 {
				t.Errorf("ReadIndex = %d packages, %v; want 2", len(pkgs), err)
			}
		})
	}
}

func TestAddPackages(t *testing.T) {
	key := testKey(t)
	dir := t.TempDir()
	if err := WriteRepo(dir, "x86_64", repoPackages(), key, Description("mine")); err != nil {
		t.Fatal(err)
	}
	indexPath := filepath.Join(dir, "x86_64", IndexName)
	before, _ := os.Stat(indexPath)
	newer := repoPackages()[0]
	newer.Info.Version = "2.0-r1"
	if err := AddPackages(dir, "x86_64", []Package{newer}, key); err != nil {
		t.Fatal(err)
	}
	idx, err := readVerified(t, dir, keyring(t, key))
	if err != nil {
		t.Fatal(err)
	}
	if idx.Description != "mine" {
		t.Errorf("description = %q, want the original kept", idx.Description)
	}
	var ids []string
	for _, p := range idx.Packages {
		ids = append(ids, p.ID())
	}
	if want := []string{"hello-1.2.3-r4", "libfoo-2.0-r0", "libfoo-2.0-r1"}; !slices.Equal(ids, want) {
		t.Errorf("index lists %v, want %v", ids, want)
	}
	for _, f := range []string{"libfoo-2.0-r0.apk", "libfoo-2.0-r1.apk"} {
		if _, err := os.Stat(filepath.Join(dir, "x86_64", f)); err != nil {
			t.Error(err)
		}
	}
	after, _ := os.Stat(indexPath)
	if !after.ModTime().After(before.ModTime()) {
		t.Errorf("index mtime %v did not move past %v", after.ModTime(), before.ModTime())
	}
	if err := AddPackages(t.TempDir(), "x86_64", []Package{newer}, key); err == nil || !strings.Contains(err.Error(), "WriteRepo") {
		t.Errorf("AddPackages to an empty dir: %v, want a hint to use WriteRepo", err)
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	keys := make([]*Key, 4)
	errs := make(chan error, len(keys))
	for i := range keys {
		go func() {
			k, err := LoadOrCreateKey(dir, "shared.rsa.pub")
			keys[i] = k
			errs <- err
		}()
	}
	for range keys {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range keys[1:] {
		if !k.Private.Equal(keys[0].Private) {
			t.Fatal("concurrent callers got different keys")
		}
	}
	again, err := LoadOrCreateKey(dir, "shared.rsa.pub")
	if err != nil || !again.Private.Equal(keys[0].Private) {
		t.Fatalf("second load: %v, or a different key", err)
	}
	pub, err := os.ReadFile(filepath.Join(dir, "shared.rsa.pub"))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := signature.ParsePublicKey(pub)
	if err != nil || !parsed.Equal(&keys[0].Private.PublicKey) {
		t.Errorf("public key file: %v, or not the key's", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "shared.rsa")); err != nil {
		t.Errorf("private key not stored as shared.rsa: %v", err)
	}
	if _, err := LoadOrCreateKey(dir, "../evil"); err == nil {
		t.Error("key name with a slash accepted")
	}
}
