package sdist

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// Limits cap what an archive may expand to.
type Limits struct {
	// Bytes caps the sum of the members' sizes; Members their number.
	Bytes   int64
	Members int
}

// DefaultLimits: 4 GiB and 200,000 members.
var DefaultLimits = Limits{Bytes: 4 << 30, Members: 200_000}

// ErrUnsafe is wrapped by every error about an archive member that would
// escape the tree or is not a file, a directory or an in-tree link.
var ErrUnsafe = errors.New("unsafe sdist member")

// Extract unpacks the sdist at archive (.tar.gz, .tgz or .zip) into dir,
// which must not exist yet, and returns the source tree: dir/<the
// archive's top-level directory>.
func Extract(ctx context.Context, archive, dir string, lim Limits) (string, error) {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", fmt.Errorf("unpacking %s: %w", filepath.Base(archive), err)
	}
	x := &extractor{ctx: ctx, dir: dir, lim: lim, name: filepath.Base(archive)}
	var err error
	switch {
	case strings.HasSuffix(archive, ".tar.gz") || strings.HasSuffix(archive, ".tgz"):
		err = x.tarGz(archive)
	case strings.HasSuffix(archive, ".zip"):
		err = x.zip(archive)
	default:
		err = fmt.Errorf("not a .tar.gz or .zip archive: pyko builds those sdists")
	}
	if err == nil && x.top == "" {
		err = errors.New("the archive is empty")
	}
	if err != nil {
		return "", fmt.Errorf("unpacking %s: %w", x.name, err)
	}
	return filepath.Join(dir, x.top), nil
}

// extractor unpacks one archive.
type extractor struct {
	ctx     context.Context
	dir     string
	lim     Limits
	name    string
	top     string // the one top-level directory
	bytes   int64
	members int
}

func (x *extractor) tarGz(archive string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := x.ctx.Err(); err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeXGlobalHeader, tar.TypeXHeader, tar.TypeGNULongName, tar.TypeGNULongLink:
			continue // metadata, already applied by archive/tar
		}
		if err := x.member(h.Name, h.Typeflag, h.Linkname, h.FileInfo().Mode(), h.Size, tr); err != nil {
			return err
		}
	}
}

func (x *extractor) zip(archive string) error {
	zr, err := zip.OpenReader(archive)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if err := x.ctx.Err(); err != nil {
			return err
		}
		typ := byte(tar.TypeReg)
		switch {
		case f.Mode().IsDir():
			typ = tar.TypeDir
		case f.Mode()&fs.ModeSymlink != 0:
			return fmt.Errorf("%w: %s is a link (zip sdists may not hold links)", ErrUnsafe, f.Name)
		case !f.Mode().IsRegular():
			typ = tar.TypeChar // refused below
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		err = x.member(f.Name, typ, "", f.Mode(), int64(f.UncompressedSize64), rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// member makes one archive member, checked.
func (x *extractor) member(name string, typ byte, link string, mode fs.FileMode, size int64, r io.Reader) error {
	rel, err := x.rel(name)
	if err != nil {
		return err
	}
	if rel == x.top && typ != tar.TypeDir {
		return fmt.Errorf("%w: %q is not under a top-level directory", ErrUnsafe, name)
	}
	if x.members++; x.lim.Members > 0 && x.members > x.lim.Members {
		return fmt.Errorf("more than %d members: the archive is too large to build", x.lim.Members)
	}
	dst := filepath.Join(x.dir, filepath.FromSlash(rel))
	if err := x.noLinkedParent(rel); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	switch typ {
	case tar.TypeDir:
		return os.MkdirAll(dst, 0o755)
	case tar.TypeReg, tar.TypeRegA:
		return x.file(dst, mode, size, r)
	case tar.TypeSymlink:
		if target := path.Join(path.Dir(rel), link); path.IsAbs(link) || !inside(x.top, target) {
			return fmt.Errorf("%w: %s links to %s, outside the tree", ErrUnsafe, name, link)
		}
		return os.Symlink(link, dst)
	case tar.TypeLink:
		target, err := x.rel(link)
		if err != nil {
			return err
		}
		src := filepath.Join(x.dir, filepath.FromSlash(target))
		if fi, err := os.Lstat(src); err != nil || !fi.Mode().IsRegular() {
			return fmt.Errorf("%w: %s is a hard link to %s, which is not a file met before it", ErrUnsafe, name, link)
		}
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		fi, _ := in.Stat()
		return x.file(dst, fi.Mode(), fi.Size(), in)
	}
	return fmt.Errorf("%w: %s is not a file, a directory or a link", ErrUnsafe, name)
}

// rel is name inside the one top-level directory, as a clean relative
// slash path ("" for the top directory itself).
func (x *extractor) rel(name string) (string, error) {
	clean := path.Clean(strings.TrimPrefix(name, "./"))
	dotdot := false
	for _, part := range strings.Split(name, "/") {
		dotdot = dotdot || part == ".."
	}
	if name == "" || path.IsAbs(name) || strings.Contains(name, `\`) || dotdot {
		return "", fmt.Errorf("%w: %q is outside the tree", ErrUnsafe, name)
	}
	top, _, _ := strings.Cut(clean, "/")
	if x.top == "" {
		if top == "." {
			return "", fmt.Errorf("%w: %q is not under a top-level directory", ErrUnsafe, name)
		}
		x.top = top
	}
	if top != x.top {
		return "", fmt.Errorf("%w: %q is outside the top-level directory %s/ (an sdist has one)", ErrUnsafe, name, x.top)
	}
	return clean, nil
}

// noLinkedParent refuses a member under a link made earlier: a lexical
// check of a link's target cannot see through links among its parents.
func (x *extractor) noLinkedParent(rel string) error {
	p := x.dir
	parts := strings.Split(rel, "/")
	for _, part := range parts[:len(parts)-1] {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%w: %s is under a link", ErrUnsafe, rel)
		}
	}
	return nil
}

func inside(top, p string) bool {
	p = path.Clean(p)
	return p == top || strings.HasPrefix(p, top+"/")
}

// file writes a member's bytes, counting them against the limit.
func (x *extractor) file(dst string, mode fs.FileMode, size int64, r io.Reader) error {
	if size < 0 || x.lim.Bytes > 0 && x.bytes+size > x.lim.Bytes {
		return fmt.Errorf("more than %d bytes unpacked: the archive is too large to build", x.lim.Bytes)
	}
	perm := fs.FileMode(0o644)
	if mode&0o111 != 0 {
		perm = 0o755
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrUnsafe, filepath.Base(dst), err)
	}
	n, err := io.Copy(f, io.LimitReader(r, size+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n != size {
		err = fmt.Errorf("%s: %d bytes, its header says %d", filepath.Base(dst), n, size)
	}
	x.bytes += n
	return err
}

// Metadata reads the PKG-INFO at the top of an unpacked source tree.
func Metadata(tree string) (wheel.Metadata, error) {
	b, err := os.ReadFile(filepath.Join(tree, "PKG-INFO"))
	if err != nil {
		return wheel.Metadata{}, fmt.Errorf("reading the sdist's PKG-INFO: %w", err)
	}
	return wheel.ParseMetadata(b)
}
