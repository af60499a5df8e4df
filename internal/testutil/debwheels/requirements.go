package debwheels

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// Requirements returns a hash-pinned requirements.txt for Flask in the wheel
// dir made by [Build]: one "name==version --hash=sha256:HEX" line for each
// of Flask, Werkzeug, Jinja2, MarkupSafe, itsdangerous, click and blinker,
// sorted by name, with the hash of the wheel file found in dir.
func Requirements(dir string) (string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("reading wheel dir: %w", err)
	}
	names := slices.Clone(flaskSet)
	for i, n := range names {
		names[i] = pep503.Normalize(n)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("# Flask and its dependencies from Debian 12, made by debwheels\n")
	for _, name := range names {
		var found []string
		for _, e := range ents {
			project, _, ok := strings.Cut(e.Name(), "-")
			if ok && strings.HasSuffix(e.Name(), ".whl") && pep503.Normalize(project) == name {
				found = append(found, e.Name())
			}
		}
		if len(found) != 1 {
			return "", fmt.Errorf("pinning %s: want one wheel in %s, found %d %v (rebuild the dir with debwheels.Build)", name, dir, len(found), found)
		}
		parts := strings.Split(found[0], "-")
		if len(parts) < 5 {
			return "", fmt.Errorf("pinning %s: bad wheel file name %q", name, found[0])
		}
		sum, err := fetch.HashFile(filepath.Join(dir, found[0]))
		if err != nil {
			return "", fmt.Errorf("pinning %s: %w", name, err)
		}
		fmt.Fprintf(&b, "%s==%s --hash=sha256:%s\n", name, parts[1], sum)
	}
	return b.String(), nil
}
