package apkrepo

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/version"
)

var revisionRe = regexp.MustCompile(`-r([0-9]+)$`)

// BumpRevision republishes the newest version of package name in the
// repository dir/<arch> with its revision incremented ("3.11.2-r9" becomes
// "3.11.2-r10"): same files, scripts and metadata, "cmd:" and other provides
// that carried the old version carry the new one. It adds it with
// [AddPackages] (so the old version stays) and returns the new version.
func BumpRevision(dir, arch, name string, key *Key, opts ...Option) (string, error) {
	pkgs, err := ReadIndex(dir, arch)
	if err != nil {
		return "", fmt.Errorf("bumping %s: %w", name, err)
	}
	var old *apk.Package
	for _, p := range pkgs {
		if p.Name == name && (old == nil || version.Compare(p.Version, old.Version) > 0) {
			old = p
		}
	}
	if old == nil {
		return "", fmt.Errorf("bumping %s: no such package in %s", name, filepath.Join(dir, arch))
	}
	newVersion := nextRevision(old.Version)
	work, err := os.MkdirTemp("", "apkrepo-bump-*")
	if err != nil {
		return "", fmt.Errorf("bumping %s: %w", name, err)
	}
	defer os.RemoveAll(work)
	p, err := readPackage(filepath.Join(dir, arch, old.Filename()), work)
	if err != nil {
		return "", fmt.Errorf("bumping %s: %w", old.ID(), err)
	}
	p.Info = *old
	p.Info.Version = newVersion
	p.Info.Checksum, p.Info.Size, p.Info.DataHash = "", 0, ""
	p.Info.Provides = append([]apk.Dependency(nil), old.Provides...)
	for i, d := range p.Info.Provides {
		if d.Version == old.Version {
			p.Info.Provides[i].Version = newVersion
		}
	}
	if err := AddPackages(dir, arch, []Package{p}, key, opts...); err != nil {
		return "", err
	}
	return newVersion, nil
}

// nextRevision increments the "-rN" suffix of v, or appends "-r1".
func nextRevision(v string) string {
	m := revisionRe.FindStringSubmatchIndex(v)
	if m == nil {
		return v + "-r1"
	}
	n, _ := strconv.Atoi(v[m[2]:m[3]])
	return v[:m[2]] + strconv.Itoa(n+1)
}

// readPackage reads the scripts and files of an .apk this package wrote,
// unpacking regular files into work so they are streamed, not held.
func readPackage(file, work string) (Package, error) {
	f, err := os.Open(file)
	if err != nil {
		return Package{}, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	p := Package{Scripts: map[string]string{}}
	for member := 0; ; member++ {
		zr, err := gzip.NewReader(br)
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return Package{}, fmt.Errorf("reading gzip member %d: %w", member+1, err)
		}
		zr.Multistream(false)
		if err := readMember(tar.NewReader(zr), &p, work); err != nil {
			return Package{}, fmt.Errorf("reading gzip member %d: %w", member+1, err)
		}
		if _, err := io.Copy(io.Discard, zr); err != nil {
			return Package{}, fmt.Errorf("reading gzip member %d: %w", member+1, err)
		}
	}
}

// readMember reads one member: signatures and .PKGINFO are skipped (they
// are rewritten), other dot files are scripts, the rest is data.
func readMember(tr *tar.Reader, p *Package, work string) error {
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(hdr.Name, ".SIGN.") || hdr.Name == ".PKGINFO":
			continue
		case strings.HasPrefix(hdr.Name, ".") && !strings.Contains(hdr.Name, "/"):
			b, err := io.ReadAll(io.LimitReader(tr, 1<<20))
			if err != nil {
				return err
			}
			p.Scripts[hdr.Name] = string(b)
			continue
		}
		if !filepath.IsLocal(hdr.Name) {
			return fmt.Errorf("entry %q: not a local path; a bad-input package cannot be republished", hdr.Name)
		}
		fi := hdr.FileInfo()
		file := File{Path: hdr.Name, Mode: fi.Mode(), Link: hdr.Linkname, UID: hdr.Uid, GID: hdr.Gid}
		if hdr.Typeflag == tar.TypeReg {
			dst := filepath.Join(work, filepath.FromSlash(hdr.Name))
			if err := unpackFile(tr, dst); err != nil {
				return fmt.Errorf("unpacking %s: %w", hdr.Name, err)
			}
			file.Open = func() (io.ReadCloser, error) { return os.Open(dst) }
		} else if file.Mode&(fs.ModeDir|fs.ModeSymlink) == 0 && hdr.Typeflag != tar.TypeLink {
			return fmt.Errorf("entry %q: unsupported type %c", hdr.Name, hdr.Typeflag)
		}
		p.Files = append(p.Files, file)
	}
}

func unpackFile(r io.Reader, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}
