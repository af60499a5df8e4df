package expand_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/expand"
	"github.com/pyko-dev/pyko/internal/apk/signature"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// bombSize is what the bomb's one file expands to: 64 MiB of zeros,
// about 64 KiB compressed.
const bombSize = 64 << 20

var bombKey = sync.OnceValues(func() (*apkrepo.Key, error) { return apkrepo.NewKey("bomb.rsa.pub") })

// writeBomb writes a correctly signed package whose data tar holds
// bombSize zero bytes and whose .PKGINFO declares installed bytes (0: the
// true size).
func writeBomb(t *testing.T, installed int64) ([]byte, apk.Package, signature.Keyring) {
	t.Helper()
	key, err := bombKey()
	if err != nil {
		t.Fatal(err)
	}
	zeros := func() (io.ReadCloser, error) { return io.NopCloser(io.LimitReader(zeroReader{}, bombSize)), nil }
	var buf bytes.Buffer
	entry, err := apkrepo.WritePackage(&buf, apkrepo.Package{
		Info:  apk.Package{Name: "bomb", Version: "1.0-r0", Arch: "x86_64", InstalledSize: installed, BuildTime: 1700000000},
		Files: []apkrepo.File{{Path: "usr/share/bomb/zeros", Open: zeros}},
	}, key)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), entry, signature.Keyring{key.Name: &key.Private.PublicKey}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestGzipBombIsCappedByDeclaredSize expands a gzip bomb whose signed
// index entry (or .PKGINFO) declares a small installed size: reading its
// data tar must stop at the cap, 2 × declared + 16 MiB, with one error
// naming the package, the declared size and the cap, and no more than the
// cap may be written out.
func TestGzipBombIsCappedByDeclaredSize(t *testing.T) {
	const small = 1000
	tests := []struct {
		name        string
		pkginfoSize int64 // in .PKGINFO; 0 for the true size
		indexSize   int64 // in the index entry (or plan); -1 for .PKGINFO's
		opts        []expand.Option
		wantCap     int64 // 0: no error
		wantDecl    int64
	}{
		{"index and .PKGINFO declare a small size", small, small, nil, 2*small + 16<<20, small},
		{"the index declares less than .PKGINFO", 0, small, nil, 2*small + 16<<20, small},
		{"no size in the plan: .PKGINFO's", small, 0, nil, 2*small + 16<<20, small},
		{"an absolute guard below the cap", 0, -1, []expand.Option{expand.WithMaxDataSize(1 << 20)}, 1 << 20, bombSize},
		{"a true size", 0, -1, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, entry, keys := writeBomb(t, tt.pkginfoSize)
			if len(b) > bombSize/256 {
				t.Fatalf("the bomb is %d bytes compressed: not a bomb", len(b))
			}
			if tt.indexSize >= 0 {
				entry.InstalledSize = tt.indexSize
			}
			opts := append([]expand.Option{expand.WithExpected(&entry)}, tt.opts...)
			p, err := expand.Expand(context.Background(), bytes.NewReader(b), t.TempDir(), keys, opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			written, err := spill(t, p)
			if tt.wantCap == 0 {
				if err != nil || written < bombSize {
					t.Fatalf("wrote %d bytes, err %v: want the whole tar", written, err)
				}
				return
			}
			var tl *expand.TooLargeError
			if !errors.As(err, &tl) || tl.Package != "bomb-1.0-r0.apk" || tl.Cap != tt.wantCap || tl.Declared != tt.wantDecl {
				t.Fatalf("err = %v, want a TooLargeError for bomb-1.0-r0.apk, declared %d, cap %d", err, tt.wantDecl, tt.wantCap)
			}
			msg := err.Error()
			for _, want := range []string{"bomb-1.0-r0.apk", strconv.FormatInt(tt.wantCap, 10), strconv.FormatInt(tt.wantDecl, 10)} {
				if strings.Count(msg, want) != 1 || strings.Contains(msg, "\n") {
					t.Errorf("error %q: want one line naming %q once", msg, want)
				}
			}
			if written > tt.wantCap {
				t.Errorf("wrote %d bytes, more than the cap %d", written, tt.wantCap)
			}
		})
	}
}

// spill copies p's data tar into a file, as the installer does, and
// returns how many bytes reached the disk.
func spill(t *testing.T, p *expand.Package) (int64, error) {
	t.Helper()
	rc, err := p.Data()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	f, err := os.Create(filepath.Join(t.TempDir(), "tar"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := io.Copy(f, rc)
	if fi, serr := f.Stat(); serr == nil && fi.Size() != n {
		t.Fatalf("the file has %d bytes, io.Copy says %d", fi.Size(), n)
	}
	return n, err
}
