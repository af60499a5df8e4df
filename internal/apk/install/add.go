package install

import (
	"archive/tar"
	"context"
	"crypto/sha1" //nolint:gosec // apk's installed database records SHA-1 checksums
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
)

// specialBits are the mode bits kept from the tar besides the permissions.
const specialBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// Add applies one package's data tar (the decompressed data stream of an
// .apk, already verified against its datahash). Regular file contents are
// streamed to the temp dir; only metadata stays in memory. Packages must
// come in install order (dependencies first). After an error the tree is
// half-applied and must be discarded.
func (t *Tree) Add(ctx context.Context, pkg *apk.Package, data io.Reader) error {
	rec, err := t.record(pkg)
	if err != nil {
		return err
	}
	tr := tar.NewReader(data)
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("installing %s: %w", pkg.ID(), err)
		}
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the data tar of %s: %w", pkg.ID(), err)
		}
		content := func() (*blob, error) { return t.blobs.put(tr, hdr.Size) }
		if err := t.addEntry(rec, hdr, content); err != nil {
			return err
		}
	}
}

// record starts the installed-database record of pkg.
func (t *Tree) record(pkg *apk.Package) (*pkgRecord, error) {
	if t.finished {
		return nil, errors.New("adding a package after Finish: add every package first")
	}
	if pkg == nil || pkg.Name == "" {
		return nil, errors.New("adding a package without a name")
	}
	if _, dup := t.byName[pkg.Name]; dup {
		return nil, fmt.Errorf("package %s is added twice", pkg.ID())
	}
	rec := newPkgRecord(pkg)
	t.pkgs = append(t.pkgs, rec)
	t.byName[pkg.Name] = rec
	return rec, nil
}

// addEntry applies one tar entry; content stores a regular file's bytes
// (called only for one, after its size is checked).
func (t *Tree) addEntry(rec *pkgRecord, hdr *tar.Header, content func() (*blob, error)) error {
	id := rec.pkg.ID()
	name, skip, err := cleanName(hdr.Name)
	if err != nil {
		return &PathError{Package: id, Path: hdr.Name, Err: err}
	}
	if skip {
		return nil
	}
	perm := hdr.FileInfo().Mode() & specialBits
	n := &node{perm: perm, uid: hdr.Uid, gid: hdr.Gid, owner: rec.pkg.Name}
	switch hdr.Typeflag {
	case tar.TypeDir:
		return t.addDir(rec, name, n)
	case tar.TypeReg:
		if strings.HasPrefix(path.Base(name), ".keep_") {
			return nil // apk-tools' placeholders for empty directories
		}
		if err := t.checkSize(hdr); err != nil {
			return &PathError{Package: id, Path: hdr.Name, Err: err}
		}
		b, err := content()
		if err != nil {
			return &PathError{Package: id, Path: hdr.Name, Err: err}
		}
		n.kind, n.blob = kindFile, b
	case tar.TypeSymlink:
		n.kind, n.link = kindSymlink, hdr.Linkname
	case tar.TypeLink:
		target, err := t.hardlinkTarget(rec, hdr.Linkname)
		if err != nil {
			return &PathError{Package: id, Path: hdr.Name, Err: err}
		}
		n.kind, n.blob = kindFile, target.blob
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		t.log.Debug("skipping a device node or FIFO in a data tar", "package", id, "path", name)
		return nil
	default:
		return &PathError{Package: id, Path: hdr.Name, Err: fmt.Errorf("unsupported tar entry type %q", hdr.Typeflag)}
	}
	if err := t.place(rec, name, n); err != nil {
		return &PathError{Package: id, Path: hdr.Name, Err: err}
	}
	return nil
}

// checkSize refuses a regular file larger than the tree allows.
func (t *Tree) checkSize(hdr *tar.Header) error {
	if hdr.Size < 0 || hdr.Size > t.maxSize {
		return fmt.Errorf("size %d is outside 0..%d bytes: a corrupt or hostile package", hdr.Size, t.maxSize)
	}
	return nil
}

// addDir makes (or confirms) a directory. A symlink to a directory counts
// as one: that is how merged /usr takes "lib/" entries into usr/lib.
func (t *Tree) addDir(rec *pkgRecord, name string, n *node) error {
	canon, old, err := t.resolve(name, true, true, rec.pkg.Name)
	if err != nil {
		return &PathError{Package: rec.pkg.ID(), Path: name, Err: err}
	}
	n.kind = kindDir
	switch {
	case old == nil || old.implicit:
		t.nodes[canon] = n
	case old.kind != kindDir:
		return &PathError{Package: rec.pkg.ID(), Path: name,
			Err: fmt.Errorf("%w: a directory where %s has a file or symlink at /%s", ErrTypeConflict, old.owner, canon)}
	}
	// The first explicit directory entry keeps its metadata: other
	// packages' modes for a shared directory are recorded, not applied.
	rec.dir(name).acl = acl{mode: unixMode(n.perm), uid: n.uid, gid: n.gid}
	return nil
}

// place puts a file or symlink at name, settling conflicts.
func (t *Tree) place(rec *pkgRecord, name string, n *node) error {
	dir, base := path.Split(name)
	parent, pn, err := t.resolve(dir, true, true, rec.pkg.Name)
	if err != nil {
		return err
	}
	if pn == nil {
		t.nodes[parent] = &node{kind: kindDir, perm: 0o755, owner: rec.pkg.Name, implicit: true}
	} else if pn.kind != kindDir {
		return fmt.Errorf("/%s: %w", parent, ErrNotDir)
	}
	target := join(parent, base)
	if old := t.nodes[target]; old != nil {
		keepOld, err := t.settle(target, old, rec, n)
		if err != nil || keepOld {
			return err
		}
		if old.rec != nil {
			old.rec.removed = true
		}
	}
	t.nodes[target] = n
	a := acl{mode: unixMode(n.perm), uid: n.uid, gid: n.gid}
	n.rec = rec.addFile(name, a, n.checksum())
	return nil
}

// hardlinkTarget finds the regular file a hard link names; like apk-tools,
// it must have come earlier in the same package.
func (t *Tree) hardlinkTarget(rec *pkgRecord, link string) (*node, error) {
	clean, skip, err := cleanName(link)
	if err != nil {
		// err already says ErrBadName: joining it again printed the cause
		// twice, on two lines.
		return nil, fmt.Errorf("hard link target %q: %w", link, err)
	}
	if skip {
		return nil, fmt.Errorf("hard link target %q: %w: not a file of the package", link, ErrBadName)
	}
	_, n, err := t.resolve(clean, false, false, "")
	if err != nil {
		return nil, fmt.Errorf("hard link target %q: %w", link, err)
	}
	if n == nil || n.kind != kindFile || n.owner != rec.pkg.Name {
		return nil, fmt.Errorf("hard link target %q is not a regular file earlier in this package", link)
	}
	return n, nil
}

// checksum is what apk records as Z: the SHA-1 of a file's content or of a
// symlink's target.
func (n *node) checksum() [20]byte {
	if n.kind == kindSymlink {
		return sha1.Sum([]byte(n.link)) //nolint:gosec // apk's format
	}
	return n.blob.sha1
}
