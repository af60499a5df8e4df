package debwheels

import (
	"fmt"
	"strings"
)

// parseRequiresTxt turns setuptools' egg-info requires.txt into Requires-Dist
// values, as setuptools does when it writes METADATA. Lines before any
// section are unconditional requirements; a section "[extra]",
// "[extra:marker]" or "[:marker]" applies its extra and marker to the lines
// under it. base holds the requirements of no extra, extras the others.
func parseRequiresTxt(text string) (base, extras []string, err error) {
	var extra, marker string
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, nil, fmt.Errorf("parsing requires.txt line %d: section %q has no closing ]", n+1, line)
			}
			extra, marker, _ = strings.Cut(line[1:len(line)-1], ":")
			extra, marker = strings.TrimSpace(extra), strings.TrimSpace(marker)
			if strings.ContainsAny(extra, ` "'`) {
				return nil, nil, fmt.Errorf("parsing requires.txt line %d: bad extra name %q", n+1, extra)
			}
			continue
		}
		req, own, _ := strings.Cut(line, ";")
		req = strings.TrimSpace(req)
		if req == "" {
			return nil, nil, fmt.Errorf("parsing requires.txt line %d: no requirement before the marker", n+1)
		}
		var m []string
		for _, part := range []string{strings.TrimSpace(own), marker} {
			if part != "" {
				m = append(m, part)
			}
		}
		if extra != "" {
			m = append(m, fmt.Sprintf("extra == %q", extra))
		}
		if len(m) > 1 {
			for i := range m {
				m[i] = "(" + m[i] + ")"
			}
		}
		if len(m) > 0 {
			req += "; " + strings.Join(m, " and ")
		}
		if extra == "" {
			base = append(base, req)
		} else {
			extras = append(extras, req)
		}
	}
	return base, extras, nil
}

// isExtraRequirement reports whether a Requires-Dist value is about an
// extra, which Debian leaves alone, so that it is kept as the package has it.
func isExtraRequirement(req string) bool {
	_, marker, ok := strings.Cut(req, ";")
	return ok && strings.Contains(strings.ReplaceAll(marker, " ", ""), "extra==")
}
