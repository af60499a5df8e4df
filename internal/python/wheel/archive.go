package wheel

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"strings"
)

// member is one regular file of the wheel, located so that its data can be
// read again later from the wheel file alone (see open.go).
type member struct {
	name   string
	size   int64
	exec   bool
	method uint16
	offset int64 // of the (compressed) data in the wheel file
	csize  int64
	crc    uint32
}

// members lists the regular files of the archive, refusing unsafe paths,
// links and special files, duplicates and compression methods other than
// stored and deflate (the two the spec's zip tools write).
func members(wheel string, zr *zip.Reader) ([]*member, error) {
	seen := make(map[string]bool, len(zr.File))
	var out []*member
	for _, f := range zr.File {
		name := f.Name
		isDir := strings.HasSuffix(name, "/")
		if err := checkPath(strings.TrimSuffix(name, "/")); err != nil {
			return nil, invalid(wheel, name, "%v", err)
		}
		mode := f.Mode()
		switch {
		case isDir || mode.IsDir():
			// Directories are implied by their files; the layer adds them.
			continue
		case mode&fs.ModeSymlink != 0:
			return nil, invalid(wheel, name, "is a symbolic link; wheels hold regular files only")
		case !mode.IsRegular():
			return nil, invalid(wheel, name, "is a special file (%s); wheels hold regular files only", mode.Type())
		}
		if seen[name] {
			return nil, invalid(wheel, name, "appears twice in the archive")
		}
		seen[name] = true
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return nil, invalid(wheel, name, "uses zip compression method %d; only stored and deflate are supported", f.Method)
		}
		off, err := f.DataOffset()
		if err != nil {
			return nil, invalid(wheel, name, "reading its zip header: %v", err)
		}
		if int64(f.UncompressedSize64) < 0 || int64(f.CompressedSize64) < 0 {
			return nil, invalid(wheel, name, "has an impossible size")
		}
		out = append(out, &member{
			name:   name,
			size:   int64(f.UncompressedSize64),
			exec:   mode&0o111 != 0,
			method: f.Method,
			offset: off,
			csize:  int64(f.CompressedSize64),
			crc:    f.CRC32,
		})
	}
	return out, nil
}

// checkPath refuses a member path that is not a plain relative path: an
// absolute path, a backslash (a Windows separator that some extractors
// honour), an empty, "." or ".." component, or a control character.
func checkPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("empty path")
	case strings.HasPrefix(p, "/"):
		return fmt.Errorf("absolute path; wheel paths must be relative")
	case strings.Contains(p, `\`):
		return fmt.Errorf("backslash in path; wheel paths use \"/\"")
	case hasControl(p):
		return fmt.Errorf("control character in path")
	}
	for part := range strings.SplitSeq(p, "/") {
		switch part {
		case "..":
			return fmt.Errorf("\"..\" in path would escape the install directory")
		case "", ".":
			return fmt.Errorf("path is not clean (empty or \".\" component)")
		}
	}
	return nil
}
