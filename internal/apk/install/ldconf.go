package install

import (
	"path"
	"slices"
	"strings"
)

// maxIncludeDepth stops include loops in ld.so.conf.
const maxIncludeDepth = 8

// ldConfDirs returns the directories etc/ld.so.conf names, in order,
// following "include" globs as ldconfig's parse_conf does: '#' starts a
// comment, "hwcap" lines are ignored, an old "dir=TYPE" suffix is dropped.
func (t *Tree) ldConfDirs() ([]string, error) {
	var dirs []string
	var parse func(file string, depth int) error
	parse = func(file string, depth int) error {
		data, ok, err := t.readFile(file)
		if err != nil || !ok || depth > maxIncludeDepth {
			return err
		}
		for _, line := range strings.Split(string(data), "\n") {
			line, _, _ = strings.Cut(line, "#")
			line = strings.TrimSpace(line)
			fields := strings.Fields(line)
			switch {
			case len(fields) == 0:
			case fields[0] == "include" && len(fields) > 1:
				for _, pattern := range fields[1:] {
					if !strings.HasPrefix(pattern, "/") {
						pattern = path.Join(path.Dir(file), pattern)
					}
					for _, inc := range t.glob(pattern) {
						if err := parse(inc, depth+1); err != nil {
							return err
						}
					}
				}
			case strings.EqualFold(fields[0], "hwcap") && len(fields) > 1:
			default:
				dir, _, _ := strings.Cut(line, "=")
				dirs = append(dirs, strings.TrimSpace(dir))
			}
		}
		return nil
	}
	err := parse("/etc/ld.so.conf", 0)
	return dirs, err
}

// glob matches an absolute pattern against the tree, each component with
// path.Match, and returns the matching regular files sorted (glob(3)'s C
// collation order).
func (t *Tree) glob(pattern string) []string {
	matches := []string{""}
	for _, c := range splitPath(pattern) {
		var next []string
		for _, m := range matches {
			if !strings.ContainsAny(c, `*?[\`) {
				next = append(next, m+"/"+c)
				continue
			}
			canon, n, err := t.resolve(m, true, false, "")
			if err != nil || n == nil || n.kind != kindDir {
				continue
			}
			for _, name := range t.list(canon) {
				if ok, _ := path.Match(c, name); ok && !strings.HasPrefix(name, ".") {
					next = append(next, m+"/"+name)
				}
			}
		}
		matches = next
	}
	var files []string
	for _, m := range matches {
		if t.isFile(m) {
			files = append(files, m)
		}
	}
	slices.Sort(files)
	return files
}
