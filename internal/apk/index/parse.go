package index

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
)

// maxLine bounds one APKINDEX line. Wolfi's longest (the provides of a
// large package) are tens of kilobytes.
const maxLine = 16 << 20

// Parse reads APKINDEX text: records separated by blank lines, each line
// "X:value". Every field of apk.Package is read; unknown field letters are
// skipped so that newer indexes still parse, and empty values are skipped
// as apk-tools does. A record without P: or V: is an error. Errors give
// the line number.
func Parse(r io.Reader) ([]*apk.Package, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var (
		pkgs  []*apk.Package
		cur   *apk.Package
		start int // line of cur's first field
		n     int
	)
	finish := func() error {
		if cur == nil {
			return nil
		}
		if cur.Name == "" || cur.Version == "" {
			return fmt.Errorf("parsing APKINDEX record at line %d: no P: (name) or V: (version) field", start)
		}
		pkgs = append(pkgs, cur)
		cur = nil
		return nil
	}
	for sc.Scan() {
		n++
		// Tolerate CRLF files: no value ends in a carriage return.
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			if err := finish(); err != nil {
				return nil, err
			}
			continue
		}
		if cur == nil {
			cur, start = &apk.Package{}, n
		}
		if err := setField(cur, line); err != nil {
			return nil, fmt.Errorf("parsing APKINDEX line %d: %w", n, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("reading APKINDEX line %d: longer than %d bytes", n+1, maxLine)
		}
		return nil, fmt.Errorf("reading APKINDEX line %d: %w", n+1, err)
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return pkgs, nil
}

// setField applies one "X:value" line to p.
func setField(p *apk.Package, line string) error {
	if len(line) < 2 || line[1] != ':' {
		return fmt.Errorf("want X:value, got %q", clip(line))
	}
	field, v := line[0], line[2:]
	if v == "" {
		return nil
	}
	var err error
	switch field {
	case 'C':
		p.Checksum = v
	case 'P':
		p.Name = v
	case 'V':
		p.Version = v
	case 'A':
		p.Arch = v
	case 'S':
		p.Size, err = parseInt(v)
	case 'I':
		p.InstalledSize, err = parseInt(v)
	case 'T':
		p.Description = v
	case 'U':
		p.URL = v
	case 'L':
		p.License = v
	case 'o':
		p.Origin = v
	case 'm':
		p.Maintainer = v
	case 't':
		p.BuildTime, err = parseInt(v)
	case 'c':
		p.Commit = v
	case 'D':
		p.Depends, err = apk.ParseDependencies(v)
	case 'p':
		p.Provides, err = apk.ParseDependencies(v)
	case 'i':
		p.InstallIf, err = apk.ParseDependencies(v)
	case 'k':
		p.ProviderPriority, err = parseSmall(v)
	case 'r':
		p.Replaces, err = apk.ParseDependencies(v)
	case 'q':
		p.ReplacesPriority, err = parseSmall(v)
	}
	if err != nil {
		return fmt.Errorf("field %c: %w", field, err)
	}
	return nil
}

func parseInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a non-negative integer", clip(s))
	}
	return n, nil
}

// parseSmall parses a priority, which apk-tools keeps in a small int.
func parseSmall(s string) (int, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a non-negative integer", clip(s))
	}
	return int(n), nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
