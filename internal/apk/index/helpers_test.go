package index

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/signature"
)

const keyName = "test.rsa.pub"

var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func testKeyring() signature.Keyring {
	return signature.Keyring{keyName: &testKey().PublicKey}
}

type entry struct {
	name string
	body []byte
}

// gzipTar writes entries as one gzip stream; cut leaves out the
// end-of-archive blocks, as abuild and melange do.
func gzipTar(t *testing.T, cut bool, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		if err := tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if cut {
		err = tw.Flush()
	} else {
		err = tw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// signStream returns the signature stream for signed, by priv, named sigFile.
func signStream(t *testing.T, priv *rsa.PrivateKey, sigFile string, signed []byte) []byte {
	t.Helper()
	h, err := signature.HashFor(sigFile)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(signed)
	alg, _, _ := signature.ParseSignatureName(sigFile)
	sig, err := rsa.SignPKCS1v15(rand.Reader, priv, alg, h.Sum(nil))
	if err != nil {
		t.Fatal(err)
	}
	return gzipTar(t, true, entry{sigFile, sig})
}

// indexStream is the second gzip stream of an APKINDEX.tar.gz.
func indexStream(t *testing.T, pkgs []*apk.Package) []byte {
	t.Helper()
	var text bytes.Buffer
	if err := Write(&text, pkgs); err != nil {
		t.Fatal(err)
	}
	return gzipTar(t, false, entry{"DESCRIPTION", []byte("test-repo\n")}, entry{"APKINDEX", text.Bytes()})
}

// signedIndex is a complete APKINDEX.tar.gz.
func signedIndex(t *testing.T, priv *rsa.PrivateKey, sigFile string, pkgs []*apk.Package) []byte {
	t.Helper()
	m2 := indexStream(t, pkgs)
	return append(signStream(t, priv, sigFile, m2), m2...)
}

func samplePackages() []*apk.Package {
	return []*apk.Package{
		{
			Name: "glibc", Version: "2.43-r1", Arch: "x86_64",
			Checksum: "Q1n9bH0UqKH1HLB3L+RW5S3dnQ4LM=", Size: 4207360, InstalledSize: 12345678,
			Description: "the GNU C library; with ; and # in it", URL: "https://www.gnu.org/software/libc",
			License: "LGPL-2.1-or-later", Origin: "glibc", Maintainer: "Wolfi <wolfi@example.org>",
			BuildTime: 1767225600, Commit: "0123456789abcdef0123456789abcdef01234567",
			Depends: []apk.Dependency{{Name: "ld-linux"}, {Name: "wolfi-baselayout"}, {Name: "musl", Conflict: true}},
			Provides: []apk.Dependency{
				{Name: "so:libc.so.6", Op: apk.OpEqual, Version: "6"},
				{Name: "so:libm.so.6", Op: apk.OpEqual, Version: "6"},
			},
			ProviderPriority: 10,
		},
		{
			Name: "busybox", Version: "1.37.0-r30", Arch: "x86_64", Checksum: "Q1abcdefghijklmnopqrstuvwxyzA=",
			Size: 1, InstalledSize: 2, Description: "", License: "GPL-2.0-only",
			Depends:          []apk.Dependency{{Name: "so:libc.so.6"}, {Name: "python-3.12", Op: apk.OpGreatEq, Version: "3.12.1"}},
			Provides:         []apk.Dependency{{Name: "cmd:sh"}, {Name: "/bin/sh"}},
			InstallIf:        []apk.Dependency{{Name: "busybox"}, {Name: "openrc"}},
			Replaces:         []apk.Dependency{{Name: "coreutils", Op: apk.OpFuzzy, Version: "9"}},
			ReplacesPriority: 100,
		},
		{Name: "minimal", Version: "0"},
	}
}
