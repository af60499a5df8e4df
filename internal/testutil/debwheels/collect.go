package debwheels

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// sitePackages is where Debian installs the modules of python3-* packages.
const sitePackages = "usr/lib/python3/dist-packages"

// collect lists the files a wheel takes from one unpacked package: every
// regular file under its dist-packages except bytecode, plus the
// .egg-info/.dist-info directories found at the top (returned apart, as
// metadata to convert). A symlink becomes a copy of its target when that is
// a regular file of the same package; others (Werkzeug's jquery.js points
// into libjs-jquery) are left out, since a wheel cannot hold links.
func collect(ctx context.Context, unpacked string) (files []file, metaDirs []string, err error) {
	root := filepath.Join(unpacked, filepath.FromSlash(sitePackages))
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case p == root:
			return nil
		case d.IsDir() && d.Name() == "__pycache__":
			return filepath.SkipDir
		case !strings.Contains(name, "/") && (strings.HasSuffix(name, ".egg-info") || strings.HasSuffix(name, ".dist-info")):
			if !d.IsDir() {
				return fmt.Errorf("%s is a file; only metadata directories are supported", name)
			}
			metaDirs = append(metaDirs, p)
			return filepath.SkipDir
		case d.IsDir():
			return nil
		case strings.HasSuffix(name, ".pyc"):
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			src, ok, err := linkTarget(unpacked, p)
			if err != nil {
				return err
			}
			if !ok {
				slog.DebugContext(ctx, "leaving out a symlink that points outside its package", "file", name)
				return nil
			}
			files = append(files, file{name: name, src: src})
			return nil
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			files = append(files, file{name: name, src: p, exec: info.Mode()&0o111 != 0})
			return nil
		default:
			return fmt.Errorf("%s: unsupported file type %v", name, d.Type())
		}
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listing the files of %s: %w", filepath.Base(unpacked), err)
	}
	return files, metaDirs, nil
}

// linkTarget resolves the symlink p found under the unpacked package dir.
// ok is false when the link, or any link on its way, leaves dir (an
// absolute link names a path of the target system, not of dir), or when it
// does not lead to a regular file.
func linkTarget(dir, p string) (target string, ok bool, err error) {
	if dest, err := os.Readlink(p); err != nil || filepath.IsAbs(dest) {
		return "", false, err
	}
	base, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", false, err
	}
	target, err = filepath.EvalSymlinks(p)
	if err != nil { // dangling, or a loop
		return "", false, nil
	}
	if rel, err := filepath.Rel(base, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false, nil
	}
	fi, err := os.Lstat(target)
	if err != nil || !fi.Mode().IsRegular() {
		return "", false, nil
	}
	return target, true, nil
}
