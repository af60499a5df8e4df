package apkrepo

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/apk"
)

// IndexName is the file name of a repository index in its arch directory.
const IndexName = "APKINDEX.tar.gz"

// WriteRepo writes each package to dir/<arch>/<name>-<version>.apk and
// dir/<arch>/APKINDEX.tar.gz listing exactly them, all signed with key. A
// package without an architecture gets arch. An existing index is replaced;
// other files in the directory are left alone.
func WriteRepo(dir, arch string, pkgs []Package, key *Key, opts ...Option) error {
	entries, err := writePackages(dir, arch, pkgs, key, opts)
	if err != nil {
		return err
	}
	return writeIndex(dir, arch, entries, key, opts)
}

// AddPackages writes pkgs into the existing repository at dir/<arch> and
// re-signs its index, which keeps every package it listed (a package of the
// same name and version is replaced) and its DESCRIPTION. This is how tests make "a newer
// version appears in the mirror". The index's modification time moves
// forward by at least a second, so If-Modified-Since sees the change.
func AddPackages(dir, arch string, pkgs []Package, key *Key, opts ...Option) error {
	indexPath := filepath.Join(dir, arch, IndexName)
	old, err := os.Stat(indexPath)
	if err != nil {
		return fmt.Errorf("adding packages to %s: %w (write the repository with WriteRepo first)", filepath.Join(dir, arch), err)
	}
	existing, desc, err := readIndex(indexPath)
	if err != nil {
		return fmt.Errorf("adding packages to %s: %w", filepath.Join(dir, arch), err)
	}
	opts = append([]Option{Description(desc)}, opts...) // unless the caller sets another
	added, err := writePackages(dir, arch, pkgs, key, opts)
	if err != nil {
		return err
	}
	entries := slices.DeleteFunc(existing, func(e *apk.Package) bool {
		return slices.ContainsFunc(added, func(a *apk.Package) bool { return a.ID() == e.ID() })
	})
	entries = append(entries, added...)
	if err := writeIndex(dir, arch, entries, key, opts); err != nil {
		return err
	}
	mtime := time.Now().Truncate(time.Second)
	if floor := old.ModTime().Truncate(time.Second).Add(time.Second); mtime.Before(floor) {
		mtime = floor
	}
	if err := os.Chtimes(indexPath, mtime, mtime); err != nil {
		return fmt.Errorf("setting the time of %s: %w", indexPath, err)
	}
	return nil
}

// writePackages writes each package to its file in dir/<arch> through a
// temporary file and returns the index entries.
func writePackages(dir, arch string, pkgs []Package, key *Key, opts []Option) ([]*apk.Package, error) {
	archDir := filepath.Join(dir, arch)
	if arch == "" || strings.ContainsAny(arch, "/\\") {
		return nil, fmt.Errorf("writing repository %s: bad architecture %q (want x86_64 or aarch64)", dir, arch)
	}
	if err := os.MkdirAll(archDir, 0o755); err != nil {
		return nil, fmt.Errorf("creating repository directory: %w", err)
	}
	seen := map[string]bool{}
	var entries []*apk.Package
	for _, p := range pkgs {
		if p.Info.Arch == "" {
			p.Info.Arch = arch
		}
		if seen[p.Info.ID()] {
			return nil, fmt.Errorf("writing repository %s: package %s listed twice", archDir, p.Info.ID())
		}
		seen[p.Info.ID()] = true
		e, err := writePackageFile(archDir, p, key, opts)
		if err != nil {
			return nil, err
		}
		entries = append(entries, &e)
	}
	return entries, nil
}

func writePackageFile(archDir string, p Package, key *Key, opts []Option) (apk.Package, error) {
	f, err := os.CreateTemp(archDir, ".tmp-*.apk")
	if err != nil {
		return apk.Package{}, fmt.Errorf("creating package file: %w", err)
	}
	defer os.Remove(f.Name())
	e, err := WritePackage(f, p, key, opts...)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing package %s: %w", p.Info.ID(), cerr)
	}
	if err != nil {
		return apk.Package{}, err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", p.Info.ID(), err)
	}
	if err := os.Rename(f.Name(), filepath.Join(archDir, e.Filename())); err != nil {
		return apk.Package{}, fmt.Errorf("writing package %s: %w", p.Info.ID(), err)
	}
	return e, nil
}
