package image

import (
	"bufio"
	"io"
	"regexp"
	"strings"

	"github.com/pyko-dev/pyko/internal/target"
)

// pkgDBs are the package databases whose versions of glibc and Python pyko
// reads: dpkg's (Debian, Ubuntu) and apk's (Wolfi, Alpine; /lib is
// /usr/lib in a merged-/usr image).
var pkgDBs = map[string]string{
	"var/lib/dpkg/status":      "deb",
	"lib/apk/db/installed":     "apk",
	"usr/lib/apk/db/installed": "apk",
}

// pkgOfInterest matches the packages that carry glibc and CPython in Debian
// and Wolfi: libc6 and glibc; python3.X-minimal and python-3.X-base.
var pkgOfInterest = regexp.MustCompile(`^(libc6|glibc|python3\.[0-9]+-minimal|python-3\.[0-9]+-base)$`)

// Package is a package a base image's package database says is
// installed: a Debian package (Type "deb", from /var/lib/dpkg/status) or
// an APK ("apk", from the installed db). Depends are names as written
// (dpkg's alternatives and versions dropped; apk's "so:" and "cmd:" names
// kept, matched against Provides).
type Package struct {
	Type    string `json:"type"`
	Name    string `json:"name"`
	Version string `json:"version"`
	Arch    string `json:"arch,omitempty"`
	Origin  string `json:"origin,omitempty"`
	// OriginVersion is a Debian source package's version, when it
	// differs from the binary package's ("Source: bzip2 (1.0.8-5)").
	OriginVersion string   `json:"originVersion,omitempty"`
	License       string   `json:"license,omitempty"`
	Description   string   `json:"description,omitempty"`
	Checksum      string   `json:"checksum,omitempty"`
	Depends       []string `json:"depends,omitempty"`
	Provides      []string `json:"provides,omitempty"`
}

// maxPackages bounds how many packages a database may list.
const maxPackages = 100000

// ReadPackageDB reads the installed packages of a dpkg status file (kind
// "deb") or an apk installed database ("apk").
func ReadPackageDB(r io.Reader, kind string) ([]Package, error) {
	_, pkgs, err := readPkgDB(r, kind)
	return pkgs, err
}

// readPkgDB streams a dpkg status file or an apk installed db and returns
// "name version" lines for the packages of interest, and every installed
// package, so that a large database is never held.
func readPkgDB(r io.Reader, kind string) ([]byte, []Package, error) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	var out strings.Builder
	var pkgs []Package
	// A dpkg entry without Status counts as installed; one whose Status
	// is not "... installed" (removed, config files only) does not.
	p, installed := Package{Type: kind}, true
	flush := func() {
		if p.OriginVersion == p.Version {
			p.OriginVersion = "" // the source's version is only told when it differs
		}
		if p.Name != "" && p.Version != "" && installed && len(pkgs) < maxPackages {
			if pkgOfInterest.MatchString(p.Name) {
				out.WriteString(p.Name + " " + p.Version + "\n")
			}
			pkgs = append(pkgs, p)
		}
		p, installed = Package{Type: kind}, true
	}
	for s.Scan() {
		line := s.Text()
		if line == "" {
			flush()
			continue
		}
		if kind == "apk" {
			apkField(&p, line)
			continue
		}
		if strings.HasPrefix(line, " ") {
			continue // a continuation: only descriptions have them
		}
		key, value, _ := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		switch key {
		case "Package":
			p.Name = value
		case "Status":
			installed = strings.HasSuffix(value, " installed")
		case "Version":
			p.Version = value
		case "Architecture":
			p.Arch = value
		case "Source":
			var v string
			p.Origin, v, _ = strings.Cut(value, " ")
			p.OriginVersion = strings.Trim(v, "()")
		case "Description":
			p.Description = value
		case "Depends", "Pre-Depends":
			p.Depends = append(p.Depends, debDepends(value)...)
		case "Provides":
			p.Provides = append(p.Provides, debDepends(value)...)
		}
	}
	flush()
	return []byte(out.String()), pkgs, s.Err()
}

// apkField reads one "X:value" line of an installed db entry.
func apkField(p *Package, line string) {
	if len(line) < 2 || line[1] != ':' {
		return
	}
	v := line[2:]
	switch line[0] {
	case 'P':
		p.Name = v
	case 'V':
		p.Version = v
	case 'A':
		p.Arch = v
	case 'o':
		p.Origin = v
	case 'L':
		p.License = v
	case 'T':
		p.Description = v
	case 'C':
		p.Checksum = v
	case 'D':
		for _, d := range strings.Fields(v) {
			if n := depName(d); n != "" && !strings.HasPrefix(d, "!") {
				p.Depends = append(p.Depends, n)
			}
		}
	case 'p':
		for _, d := range strings.Fields(v) {
			if n := depName(d); n != "" {
				p.Provides = append(p.Provides, n)
			}
		}
	}
}

// depName is an apk dependency's name: "so:libc.so.6" of
// "so:libc.so.6=2.36", "glibc" of "glibc>=2.36".
func depName(d string) string {
	if i := strings.IndexAny(d, "=<>~"); i >= 0 {
		return d[:i]
	}
	return d
}

// debDepends are the package names of a dpkg relationship field: the
// first of each "a | b" alternative, versions and architectures dropped.
func debDepends(v string) []string {
	var out []string
	for _, alt := range strings.Split(v, ",") {
		first, _, _ := strings.Cut(alt, "|")
		name := strings.Fields(strings.TrimSpace(first))
		if len(name) == 0 {
			continue
		}
		n, _, _ := strings.Cut(name[0], ":")
		if n, _, _ = strings.Cut(n, "("); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// versions reads the glibc and CPython versions from the collected
// database lines: the upstream part only ("2.36", "3.11.2").
func versions(lines []byte) (glibc, python string) {
	for _, l := range strings.Split(string(lines), "\n") {
		name, v, ok := strings.Cut(l, " ")
		up, known := target.ParseUpstream(v)
		if !ok || !known {
			continue
		}
		switch {
		case name == "libc6" || name == "glibc":
			glibc = up
		case python == "" || newerPython(up, python):
			python = up
		}
	}
	return glibc, python
}

func newerPython(a, b string) bool {
	return len(a) > len(b) || (len(a) == len(b) && a > b)
}

// ParseOSRelease reads the ID, NAME and VERSION_ID of an os-release file
// (os-release(5): KEY=value lines, values maybe quoted); nil for none.
func ParseOSRelease(b []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), "=")
		if ok && (key == "ID" || key == "NAME" || key == "VERSION_ID") {
			out[key] = strings.Trim(value, `"'`)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
