package apkrepo

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk/expand"
)

// TestExpandReadsPackages checks the packages against pyko's own reader:
// every package of a repository expands and verifies against its index
// entry, and the tampered one does not.
func TestExpandReadsPackages(t *testing.T) {
	key := testKey(t)
	dir := t.TempDir()
	bad := repoPackages()[0]
	bad.Info.Name = "tampered"
	bad.Options = []Option{TamperData()}
	if err := WriteRepo(dir, "x86_64", append(repoPackages(), bad), key); err != nil {
		t.Fatal(err)
	}
	idx, err := readVerified(t, dir, keyring(t, key))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range idx.Packages {
		t.Run(want.Name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, "x86_64", want.Filename()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			p, err := expand.Expand(context.Background(), f, t.TempDir(), keyring(t, key), expand.WithExpected(want))
			if want.Name == "tampered" {
				if err == nil || !strings.Contains(err.Error(), "datahash") {
					t.Errorf("Expand(tampered) = %v, want a datahash error", err)
				}
				if err == nil {
					p.Close()
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			if !p.Signed || p.SignedBy != key.Name || p.Info.Name != want.Name || p.Info.Version != want.Version {
				t.Errorf("expanded %+v signed=%v by %q", p.Info, p.Signed, p.SignedBy)
			}
			r, err := p.Data()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			tr := tar.NewReader(r)
			n := 0
			for {
				_, err := tr.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n == 0 {
				t.Error("data tar is empty")
			}
		})
	}
}
