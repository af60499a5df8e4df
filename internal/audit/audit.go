// Package audit checks a built image for what a secure production image
// must not have, reading every layer (so a file deleted by a later layer
// is still found): a root user, a shell or a package manager, setuid or
// world-writable files, secrets, build tools or pip, a missing or wrong
// SBOM, bytes wasted on files that later layers replace. Each finding has
// a severity; the caller decides which fail.
package audit

import (
	"context"
	"fmt"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/osv"
)

// Severity ranks findings.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string { return severityNames[s] }

// MarshalText writes the name, for JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads "info", "low", "medium", "high" or "critical".
func ParseSeverity(s string) (Severity, error) {
	if i := slices.Index(severityNames, strings.ToLower(s)); i >= 0 {
		return Severity(i), nil
	}
	return 0, fmt.Errorf("severity %q: want %s", s, strings.Join(severityNames, ", "))
}

// Finding is one problem.
type Finding struct {
	Check    string   `json:"check"`
	Severity Severity `json:"severity"`
	// Path is the file at fault ("/etc/shadow"), when there is one; Layer
	// the index (from 1) of the layer holding it; Deleted says a later
	// layer deletes it, which hides it from the container but not from
	// whoever pulls the image.
	Path    string `json:"path,omitempty"`
	Layer   int    `json:"layer,omitempty"`
	Deleted bool   `json:"deleted,omitempty"`
	Message string `json:"message"`
}

// Report is an image's findings.
type Report struct {
	Platform string    `json:"platform"`
	Digest   string    `json:"digest"`
	Findings []Finding `json:"findings"`
	// WastedBytes are the bytes of files that a later layer replaces or
	// deletes: pulled, never seen.
	WastedBytes int64 `json:"wastedBytes"`
}

// Options are what an audit knows besides the image.
type Options struct {
	// Vulns are OSV advisories to match the image's packages against
	// (none: no vulnerability check).
	Vulns []*osv.Vuln
}

// Audit reads img's config and every layer and reports its findings,
// sorted by severity (highest first), then path.
func Audit(ctx context.Context, img v1.Image, o Options) (*Report, error) {
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading the config: %w", err)
	}
	d, err := img.Digest()
	if err != nil {
		return nil, err
	}
	r := &Report{Digest: d.String()}
	if p := cf.Platform(); p != nil {
		r.Platform = p.String()
	}
	fs, err := walk(ctx, img)
	if err != nil {
		return nil, err
	}
	r.Findings = append(r.Findings, checkUser(cf)...)
	r.Findings = append(r.Findings, fs.findings...)
	r.Findings = append(r.Findings, checkFiles(fs)...)
	r.Findings = append(r.Findings, checkSBOM(fs)...)
	r.Findings = append(r.Findings, checkVulns(fs, o.Vulns)...)
	r.WastedBytes = fs.wasted
	if fs.wasted > 0 {
		r.Findings = append(r.Findings, Finding{Check: "wasted-bytes", Severity: Info,
			Message: fmt.Sprintf("%d bytes of files are replaced or deleted by later layers: they are pulled and never used", fs.wasted)})
	}
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity - a.Severity)
		}
		return strings.Compare(a.Path, b.Path)
	})
	return r, nil
}

// checkUser reports an image that runs as root.
func checkUser(cf *v1.ConfigFile) []Finding {
	user, _, _ := strings.Cut(cf.Config.User, ":")
	if user == "" || user == "0" || user == "root" {
		return []Finding{{Check: "root-user", Severity: High,
			Message: fmt.Sprintf("the image runs as root (User %q): set a non-root user, such as 65532", cf.Config.User)}}
	}
	return nil
}
