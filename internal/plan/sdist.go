package plan

import (
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/wheelname"
)

// buildableExtensions are the sdist archives pyko unpacks (python/sdist):
// PEP 625's .tar.gz and the .zip of older releases.
var buildableExtensions = []string{".tar.gz", ".tgz", ".zip"}

// ChooseSdist picks the source distribution of p to build when no wheel
// fits (pip's rule: a compatible wheel always wins, so the caller asks
// only after ChooseWheel failed). The sdist must be of p's exact version,
// pass p's hash pins and admit python; nil when none does.
func ChooseSdist(p lock.Package, cands []Candidate, python string) *SourceBuild {
	want, err := pep440.Parse(p.Version)
	if err != nil {
		return nil
	}
	py, err := pep440.Parse(python)
	if err != nil {
		return nil
	}
	var fit []Candidate
	for _, c := range cands {
		if !wheelname.IsSdist(c.Filename) || !buildable(c.Filename) || !pinned(c, p.Hashes) || !SupportsPython(c.RequiresPython, py) {
			continue
		}
		if v, ok := SdistVersion(c.Filename, p.Name); ok && pep440.Compare(v, want) == 0 {
			fit = append(fit, c)
		}
	}
	if len(fit) == 0 {
		return nil
	}
	// A .tar.gz (PEP 625) before a .zip, then by name, so the choice does
	// not depend on the order the index lists files in.
	slices.SortFunc(fit, func(a, b Candidate) int {
		if ta, tb := strings.HasSuffix(a.Filename, ".tar.gz"), strings.HasSuffix(b.Filename, ".tar.gz"); ta != tb {
			if ta {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Filename, b.Filename)
	})
	c := fit[0]
	return &SourceBuild{Kind: SourceSdist, Filename: c.Filename, URL: c.URL, SHA256: c.SHA256,
		Hashes: wheelHashes(c, p.Hashes), Size: c.Size}
}

func buildable(filename string) bool {
	return slices.ContainsFunc(buildableExtensions, func(ext string) bool { return strings.HasSuffix(filename, ext) })
}

// SdistVersion is the version in an sdist's file name, {name}-{version}
// plus an archive extension, when the name part is name (compared
// normalised). Old sdists keep dashes in the name, so every dash is tried.
func SdistVersion(filename, name string) (pep440.Version, bool) {
	stem := filename
	for _, ext := range []string{".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".tar"} {
		if s, ok := strings.CutSuffix(filename, ext); ok {
			stem = s
			break
		}
	}
	for i := strings.IndexByte(stem, '-'); i > 0; {
		if pep503.Normalize(stem[:i]) == pep503.Normalize(name) {
			if v, err := pep440.Parse(stem[i+1:]); err == nil {
				return v, true
			}
		}
		j := strings.IndexByte(stem[i+1:], '-')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return pep440.Version{}, false
}
