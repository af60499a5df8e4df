package e2e

import (
	"bufio"
	"bytes"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/index"
)

// installedDB is /lib/apk/db/installed read back: the packages (with
// index.Parse, which skips the file lines) and each package's files.
type installedDB struct {
	pkgs  []*apk.Package
	files map[string][]string // package name → the paths of its F:/R: lines
}

// parseInstalled reads apk's installed database. index.Parse reads the
// package fields; the F: (directory) and R: (file in it) lines, which it
// skips, are read here.
func parseInstalled(t *testing.T, b []byte) installedDB {
	t.Helper()
	pkgs, err := index.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parsing /lib/apk/db/installed: %v", err)
	}
	db := installedDB{pkgs: pkgs, files: map[string][]string{}}
	var name, dir string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			name, dir = "", ""
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || len(k) != 1 {
			t.Fatalf("/lib/apk/db/installed line %d: %q is not X:value", n, line)
		}
		switch k {
		case "P":
			name = v
		case "F":
			dir = v
			if v != "" { // "F:" alone is the root, for files right in it
				db.files[name] = append(db.files[name], v)
			}
		case "R":
			if dir == "" && strings.Contains(v, "/") {
				t.Fatalf("/lib/apk/db/installed line %d: R:%s with a slash outside an F: directory", n, v)
			}
			db.files[name] = append(db.files[name], path.Join(dir, v))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading /lib/apk/db/installed: %v", err)
	}
	return db
}

// names returns the sorted package names.
func (db installedDB) names() []string {
	var out []string
	for _, p := range db.pkgs {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}

// version returns the installed version of name, or "".
func (db installedDB) version(name string) string {
	for _, p := range db.pkgs {
		if p.Name == name {
			return p.Version
		}
	}
	return ""
}

// checkClosure checks that the installed packages are exactly what world
// needs: every dependency of an installed package is satisfied by an
// installed package, and every installed package is reached from world
// through those dependencies (nothing extra, nothing missing).
func checkClosure(t *testing.T, db installedDB, world []string) {
	t.Helper()
	byName := map[string]*apk.Package{}
	for _, p := range db.pkgs {
		if byName[p.Name] != nil {
			t.Errorf("installed db lists %s twice", p.Name)
		}
		byName[p.Name] = p
	}
	reached := map[string]bool{}
	var queue []*apk.Package
	for _, w := range world {
		d, err := apk.ParseDependency(w)
		if err != nil {
			t.Fatal(err)
		}
		p := satisfier(db.pkgs, d)
		if p == nil {
			t.Errorf("nothing installed satisfies the world's %s", w)
			continue
		}
		queue = append(queue, p)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if reached[p.Name] {
			continue
		}
		reached[p.Name] = true
		for _, d := range p.Depends {
			if d.Conflict {
				if q := satisfier(db.pkgs, d); q != nil {
					t.Errorf("%s conflicts with %s, and both are installed", p.ID(), q.ID())
				}
				continue
			}
			q := satisfier(db.pkgs, d)
			if q == nil {
				t.Errorf("%s depends on %s, which no installed package satisfies", p.ID(), d)
				continue
			}
			queue = append(queue, q)
		}
	}
	for _, p := range db.pkgs {
		if !reached[p.Name] {
			t.Errorf("%s is installed but nothing in %v needs it", p.ID(), world)
		}
	}
}

// satisfier returns the installed package satisfying d, preferring one
// named d.Name.
func satisfier(pkgs []*apk.Package, d apk.Dependency) *apk.Package {
	if i := slices.IndexFunc(pkgs, func(p *apk.Package) bool { return p.Name == d.Name && d.Matches(p.Version) }); i >= 0 {
		return pkgs[i]
	}
	if i := slices.IndexFunc(pkgs, d.SatisfiedBy); i >= 0 {
		return pkgs[i]
	}
	return nil
}
