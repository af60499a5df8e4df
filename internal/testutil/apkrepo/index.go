package apkrepo

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/index"
	"github.com/pyko-dev/pyko/internal/apk/version"
	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// writeIndex writes dir/<arch>/APKINDEX.tar.gz listing entries, sorted by
// name then version (apk order) so that the bytes depend only on the set: a
// signature member over the raw bytes of member 2, then member 2, a complete
// tar of DESCRIPTION and APKINDEX (as `apk index` writes it).
func writeIndex(dir, arch string, entries []*apk.Package, key *Key, opts []Option) error {
	cfg := newConfig(opts)
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, func(a, b *apk.Package) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		if c := version.Compare(a.Version, b.Version); c != 0 {
			return c
		}
		return strings.Compare(a.Version, b.Version)
	})
	var text bytes.Buffer
	if err := index.Write(&text, entries); err != nil {
		return fmt.Errorf("writing APKINDEX of %s: %w", filepath.Join(dir, arch), err)
	}
	var mtime int64
	for _, e := range entries {
		mtime = max(mtime, e.BuildTime)
	}
	desc := []byte(cfg.description)
	member, err := indexMember(desc, text.Bytes(), mtime)
	if err != nil {
		return fmt.Errorf("writing APKINDEX of %s: %w", filepath.Join(dir, arch), err)
	}
	var out bytes.Buffer
	if !cfg.unsigned {
		signer := key
		if cfg.indexSigner != nil {
			signer = cfg.indexSigner
		}
		if signer == nil {
			return fmt.Errorf("signing APKINDEX of %s: no key (pass one, or use Unsigned)", filepath.Join(dir, arch))
		}
		sig, err := signatureMember(signer, member, cfg.indexSHA1, mtime)
		if err != nil {
			return fmt.Errorf("signing APKINDEX of %s: %w", filepath.Join(dir, arch), err)
		}
		out.Write(sig)
	}
	if cfg.tamperIndex {
		desc, tampered := flipCase(desc, text.Bytes())
		if member, err = indexMember(desc, tampered, mtime); err != nil {
			return fmt.Errorf("writing APKINDEX of %s: %w", filepath.Join(dir, arch), err)
		}
	}
	out.Write(member)
	if err := atomicfile.WriteFile(filepath.Join(dir, arch, IndexName), out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing APKINDEX of %s: %w", filepath.Join(dir, arch), err)
	}
	return nil
}

func indexMember(desc, text []byte, mtime int64) ([]byte, error) {
	return tarMember([]memFile{{"DESCRIPTION", 0o644, desc}, {"APKINDEX", 0o644, text}}, mtime, false)
}

// flipCase changes the case of the first letter of the first description
// (T:) of the index text, or else of the DESCRIPTION, so that the index
// still parses but no longer matches its signature.
func flipCase(desc, text []byte) ([]byte, []byte) {
	flip := func(b []byte, from int) bool {
		for i := from; i < len(b) && b[i] != '\n'; i++ {
			if r := rune(b[i]); r < unicode.MaxASCII && unicode.IsLetter(r) {
				b[i] ^= 0x20
				return true
			}
		}
		return false
	}
	text, desc = slices.Clone(text), slices.Clone(desc)
	if i := bytes.Index(text, []byte("\nT:")); i >= 0 && flip(text, i+3) {
		return desc, text
	}
	if !flip(desc, 0) {
		desc = append(desc, '!')
	}
	return desc, text
}

// ReadIndex returns the entries of dir/<arch>/APKINDEX.tar.gz without
// verifying its signature: it is for a test's own repository (use
// internal/apk/index.Read to verify one). Like apk-tools, it reads the
// concatenated gzip members as one tar stream, which works because the
// signature tar is cut.
func ReadIndex(dir, arch string) ([]*apk.Package, error) {
	pkgs, _, err := readIndex(filepath.Join(dir, arch, IndexName))
	return pkgs, err
}

// readIndex returns the entries and the DESCRIPTION of an index.
func readIndex(path string) ([]*apk.Package, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("reading index: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, "", fmt.Errorf("reading index %s: %w", path, err)
	}
	tr := tar.NewReader(zr)
	var desc []byte
	for {
		hdr, err := tr.Next()
		if err != nil {
			return nil, "", fmt.Errorf("reading index %s: no APKINDEX entry: %w", path, err)
		}
		switch hdr.Name {
		case "DESCRIPTION":
			if desc, err = io.ReadAll(io.LimitReader(tr, 64<<10)); err != nil {
				return nil, "", fmt.Errorf("reading index %s: %w", path, err)
			}
		case "APKINDEX":
			pkgs, err := index.Parse(tr)
			if err != nil {
				return nil, "", fmt.Errorf("reading index %s: %w", path, err)
			}
			return pkgs, string(desc), nil
		}
	}
}
