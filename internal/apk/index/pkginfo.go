package index

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
)

// ParsePKGINFO reads a package's .PKGINFO: "key = value" lines, "#"
// comment lines, and repeatable keys (depend, provides, replaces,
// install_if). Only a line that starts with "#" is a comment: Wolfi's
// descriptions contain ";" and "#", which are text. Unknown keys are
// skipped. pkgname and pkgver are required.
func ParsePKGINFO(r io.Reader) (*apk.Package, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	p := &apk.Package{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("parsing .PKGINFO line %d: want key = value, got %q", n, clip(line))
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if err := setPKGINFO(p, key, value); err != nil {
			return nil, fmt.Errorf("parsing .PKGINFO line %d: %s: %w", n, key, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("reading .PKGINFO line %d: longer than %d bytes", n+1, maxLine)
		}
		return nil, fmt.Errorf("reading .PKGINFO line %d: %w", n+1, err)
	}
	if p.Name == "" || p.Version == "" {
		return nil, errors.New("parsing .PKGINFO: no pkgname or pkgver")
	}
	return p, nil
}

func setPKGINFO(p *apk.Package, key, v string) error {
	var err error
	switch key {
	case "pkgname":
		p.Name = v
	case "pkgver":
		p.Version = v
	case "pkgdesc":
		p.Description = v
	case "url":
		p.URL = v
	case "builddate":
		p.BuildTime, err = parseInt(v)
	case "size":
		p.InstalledSize, err = parseInt(v)
	case "arch":
		p.Arch = v
	case "origin":
		p.Origin = v
	case "commit":
		p.Commit = v
	case "maintainer":
		p.Maintainer = v
	case "license":
		p.License = v
	case "datahash":
		p.DataHash = v
	case "provider_priority":
		p.ProviderPriority, err = parseSmall(v)
	case "replaces_priority":
		p.ReplacesPriority, err = parseSmall(v)
	case "depend":
		p.Depends, err = appendDeps(p.Depends, v)
	case "provides":
		p.Provides, err = appendDeps(p.Provides, v)
	case "replaces":
		p.Replaces, err = appendDeps(p.Replaces, v)
	case "install_if":
		p.InstallIf, err = appendDeps(p.InstallIf, v)
	}
	return err
}

// appendDeps adds the atoms of one line; abuild writes one per line and
// install_if several, space-separated.
func appendDeps(deps []apk.Dependency, v string) ([]apk.Dependency, error) {
	more, err := apk.ParseDependencies(v)
	if err != nil {
		return nil, err
	}
	return append(deps, more...), nil
}
