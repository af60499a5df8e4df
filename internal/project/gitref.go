package project

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// maxRefDepth bounds chains of symbolic refs, as git's own limit does.
const maxRefDepth = 5

// readHead resolves HEAD of gitDir to a commit id: HEAD holds either an id
// (detached) or "ref: refs/heads/NAME". A ref is read from its loose file in
// gitDir, then commonDir, then from commonDir/packed-refs. An unborn branch
// resolves to "".
func readHead(gitDir, commonDir string) (string, error) {
	headPath := filepath.Join(gitDir, "HEAD")
	data, err := os.ReadFile(headPath)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", headPath, err)
	}
	ref := "HEAD"
	content := strings.TrimSpace(string(data))
	for range maxRefDepth {
		target, symbolic := strings.CutPrefix(content, "ref:")
		if !symbolic {
			if !isObjectID(content) {
				return "", fmt.Errorf("parsing git ref %s in %s: %q is not a commit id", ref, gitDir, content)
			}
			return content, nil
		}
		ref = strings.TrimSpace(target)
		if !validRefName(ref) {
			return "", fmt.Errorf("parsing git ref in %s: invalid ref name %q", gitDir, ref)
		}
		var found bool
		if content, found, err = readLooseRef(ref, gitDir, commonDir); err != nil {
			return "", err
		}
		if !found {
			return lookupPackedRef(commonDir, ref)
		}
	}
	return "", fmt.Errorf("resolving git HEAD in %s: more than %d levels of symbolic refs", gitDir, maxRefDepth)
}

// readLooseRef returns the trimmed content of the first of dirs holding ref.
func readLooseRef(ref string, dirs ...string) (string, bool, error) {
	for _, dir := range dirs {
		data, err := readOptional(filepath.Join(dir, filepath.FromSlash(ref)))
		if err != nil {
			return "", false, err
		}
		if data != nil {
			return strings.TrimSpace(string(data)), true, nil
		}
	}
	return "", false, nil
}

// lookupPackedRef finds ref in commonDir/packed-refs; "" when absent.
func lookupPackedRef(commonDir, ref string) (string, error) {
	p := filepath.Join(commonDir, "packed-refs")
	data, err := readOptional(p)
	if data == nil || err != nil {
		return "", err
	}
	id, err := parsePackedRefs(data, ref)
	if err != nil {
		return "", fmt.Errorf("parsing %s: %w", p, err)
	}
	return id, nil
}

// parsePackedRefs returns the id of ref in a packed-refs file, "" when absent.
// The format: an optional "# pack-refs with: ..." header, then "ID REFNAME"
// lines, each possibly followed by a "^ID" line giving the peeled tag.
func parsePackedRefs(data []byte, ref string) (string, error) {
	n := 0
	for line := range bytes.Lines(data) {
		n++
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 || line[0] == '#' || line[0] == '^' {
			continue
		}
		id, name, ok := bytes.Cut(line, []byte(" "))
		if !ok || !isObjectID(string(id)) {
			return "", fmt.Errorf("line %d: want \"ID REFNAME\", got %q", n, line)
		}
		if string(name) == ref {
			return string(id), nil
		}
	}
	return "", nil
}

// isObjectID reports whether s is a full SHA-1 or SHA-256 object id.
func isObjectID(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// validRefName accepts the ref names HEAD may point to, and rejects any that
// could name a file outside the git directory.
func validRefName(ref string) bool {
	return strings.HasPrefix(ref, "refs/") && path.Clean(ref) == ref &&
		!strings.Contains(ref, "..") && !strings.ContainsAny(ref, "\\\x00")
}
