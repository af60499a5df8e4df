package apkrepo

import (
	"archive/tar"
	"bytes"
	"crypto/sha1" //nolint:gosec
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"slices"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
)

func TestBadPackages(t *testing.T) {
	key := testKey(t)
	t.Run("tampered data", func(t *testing.T) {
		var buf bytes.Buffer
		got, err := WritePackage(&buf, samplePackage(), key, TamperData())
		if err != nil {
			t.Fatal(err)
		}
		m := members(t, buf.Bytes())
		sum := sha256.Sum256(m[2])
		if hex.EncodeToString(sum[:]) == got.DataHash {
			t.Error("tampered data member still matches its datahash")
		}
		var good bytes.Buffer
		if _, err := WritePackage(&good, samplePackage(), key); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(members(t, good.Bytes())[1], m[1]) {
			t.Error("tampering changed the control member; only the data should differ")
		}
		var flipped int
		for _, e := range entries(t, m[2]) { // still a valid gzip and tar
			if e.hdr.Typeflag == tar.TypeReg {
				h := sha1.Sum(e.body) //nolint:gosec
				if e.hdr.PAXRecords[checksumRecord] != hex.EncodeToString(h[:]) {
					flipped++
				}
			}
		}
		if flipped != 1 {
			t.Errorf("%d files differ from their PAX checksum, want 1", flipped)
		}
	})
	t.Run("unsafe paths", func(t *testing.T) {
		p := Package{Info: apk.Package{Name: "evil", Version: "1-r0"}, Files: []File{
			{Path: "../escape", Content: []byte("x")},
			{Path: "/etc/evil", Content: []byte("x")},
			{Path: "usr/lib/out", Mode: fs.ModeSymlink, Link: "../../../../tmp"},
			{Path: "usr/lib/out/pwned", Content: []byte("x")},
		}}
		var buf bytes.Buffer
		if _, err := WritePackage(&buf, p, key, AllowUnsafePaths()); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries(t, members(t, buf.Bytes())[2]) {
			names = append(names, e.hdr.Name+">"+e.hdr.Linkname)
		}
		want := []string{"../escape>", "/etc/evil>", "usr/lib/out>../../../../tmp", "usr/lib/out/pwned>"}
		if !slices.Equal(names, want) {
			t.Errorf("entries = %v, want %v", names, want)
		}
	})
	t.Run("nothing to tamper with", func(t *testing.T) {
		p := Package{Info: apk.Package{Name: "empty", Version: "1-r0"}, Files: []File{{Path: "etc", Mode: fs.ModeDir}}}
		if _, err := WritePackage(io.Discard, p, key, TamperData()); err == nil {
			t.Error("TamperData on a package without content succeeded")
		}
		if _, err := WritePackage(io.Discard, p, key, DeclareSize("etc", 1)); err == nil {
			t.Error("DeclareSize of a directory succeeded")
		}
	})
	t.Run("absurd size", func(t *testing.T) {
		var buf bytes.Buffer
		if _, err := WritePackage(&buf, samplePackage(), key, DeclareSize("usr/bin/hello", 1<<40)); err != nil {
			t.Fatal(err)
		}
		tr := tar.NewReader(bytes.NewReader(gunzip(t, members(t, buf.Bytes())[2])))
		for {
			hdr, err := tr.Next()
			if err != nil {
				t.Fatalf("reached %v before the lying header", err)
			}
			if hdr.Name == "usr/bin/hello" {
				if hdr.Size != 1<<40 {
					t.Errorf("size = %d, want 1<<40", hdr.Size)
				}
				if _, err := io.Copy(io.Discard, tr); !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("reading the content: %v, want unexpected EOF", err)
				}
				return
			}
		}
	})
}
