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
var pkgDBs = map[string]bool{
	"var/lib/dpkg/status":      true,
	"lib/apk/db/installed":     true,
	"usr/lib/apk/db/installed": true,
}

// pkgOfInterest matches the packages that carry glibc and CPython in Debian
// and Wolfi: libc6 and glibc; python3.X-minimal and python-3.X-base.
var pkgOfInterest = regexp.MustCompile(`^(libc6|glibc|python3\.[0-9]+-minimal|python-3\.[0-9]+-base)$`)

// readPkgDB streams a dpkg status file or an apk installed db and returns
// "name version" lines for the packages of interest, so that a large
// database is never held.
func readPkgDB(r io.Reader) ([]byte, error) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	var out strings.Builder
	var name string
	for s.Scan() {
		line := s.Text()
		switch {
		case line == "":
			name = ""
		case strings.HasPrefix(line, "Package: "):
			name = strings.TrimPrefix(line, "Package: ")
		case strings.HasPrefix(line, "P:"):
			name = line[2:]
		case name != "" && pkgOfInterest.MatchString(name) &&
			(strings.HasPrefix(line, "Version: ") || strings.HasPrefix(line, "V:")):
			v := strings.TrimPrefix(strings.TrimPrefix(line, "Version: "), "V:")
			out.WriteString(name + " " + v + "\n")
		}
	}
	return []byte(out.String()), s.Err()
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
