package install

import (
	"errors"
	"fmt"
)

// Sentinel causes inside a PathError, for errors.Is.
var (
	// ErrEscapesRoot: the path, or a symlink followed while resolving it,
	// would leave the image root.
	ErrEscapesRoot = errors.New("leaves the image root")
	// ErrSymlinkLoop: more than 40 symlinks were followed.
	ErrSymlinkLoop = errors.New("too many levels of symbolic links")
	// ErrNotDir: a path component that must be a directory is a file.
	ErrNotDir = errors.New("not a directory")
	// ErrBadName: the tar entry's name is absolute, empty, or has "." or
	// ".." components or control characters.
	ErrBadName = errors.New("unsafe file name")
	// ErrTypeConflict: a directory where a file or symlink is, or the
	// reverse.
	ErrTypeConflict = errors.New("file type conflict")
)

// PathError is a problem with one path of one package's data tar.
type PathError struct {
	Package string // "name-version"
	Path    string // as named in the tar (or by Finish)
	Err     error
}

func (e *PathError) Error() string {
	return fmt.Sprintf("package %s: %q: %v", e.Package, e.Path, e.Err)
}

func (e *PathError) Unwrap() error { return e.Err }

// FileConflictError reports two packages that ship the same file with
// different content, neither replacing the other. apk-tools refuses the
// same ("trying to overwrite ... owned by ...").
type FileConflictError struct {
	Path     string    // canonical path in the image, without a leading "/"
	Packages [2]string // the installed owner, then the package being added
}

func (e *FileConflictError) Error() string {
	return fmt.Sprintf("file /%s is in both %s and %s with different content: leave one of them out, "+
		"or use a version where one declares \"replaces\" on the other", e.Path, e.Packages[0], e.Packages[1])
}
