package audit

import (
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/osv"
)

// checkVulns reports the installed packages (apk or dpkg database,
// site-packages) that an OSV advisory affects.
func checkVulns(fs *fileSystem, vulns []*osv.Vuln) []Finding {
	if len(vulns) == 0 {
		return nil
	}
	var pkgs []osv.Package
	where := map[osv.Package]string{}
	for _, p := range installed(fs) {
		typ, _, _ := strings.Cut(p.key, "/")
		op := osv.Package{Type: typ, Name: p.name, Version: p.version}
		pkgs = append(pkgs, op)
		where[op] = p.where
	}
	var out []Finding
	for _, m := range osv.Match(vulns, pkgs) {
		msg := fmt.Sprintf("%s %s is affected by %s", m.Package.Name, m.Package.Version, m.Vuln.ID)
		if len(m.Vuln.Aliases) > 0 {
			msg += " (" + strings.Join(m.Vuln.Aliases, ", ") + ")"
		}
		if m.Vuln.Summary != "" {
			msg += ": " + m.Vuln.Summary
		}
		if m.Fixed != "" {
			msg += "; fixed in " + m.Fixed
		}
		out = append(out, Finding{Check: "vulnerability", Severity: vulnSeverity(m.Vuln), Path: where[m.Package], Message: msg})
	}
	return out
}

// vulnSeverity is the advisory's own rating, high when it gives none.
func vulnSeverity(v *osv.Vuln) Severity {
	switch strings.ToUpper(v.DatabaseSpecific.Severity) {
	case "CRITICAL":
		return Critical
	case "MODERATE", "MEDIUM":
		return Medium
	case "LOW":
		return Low
	}
	return High
}
