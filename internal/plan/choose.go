package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/tags"
	"github.com/pyko-dev/pyko/internal/python/wheelname"
)

// Candidate is a file a lockfile or an index offers for a distribution.
type Candidate struct {
	Filename string
	URL      string
	SHA256   string // hex; empty when neither the lock nor the index gives one
	// Hashes are the file's other digests the lock or the index gives, by
	// algorithm ("sha384", "sha512"), lowercase hex; nil when none.
	Hashes map[string]string
	Size   int64
	// RequiresPython is the index's Requires-Python of the file
	// (data-requires-python), "" when it gives none.
	RequiresPython string
}

// Rejected is a file that was not chosen, and why.
type Rejected struct {
	Filename, Reason string
	// Kind groups reasons for a summary: "another CPU architecture".
	Kind string
}

// NoWheelError says that no file of a distribution fits the image.
type NoWheelError struct {
	Name, Version string
	Target        tags.Target
	// Python is the image's full Python version, "3.12.4".
	Python   string
	Rejected []Rejected
	// NoBuild says a fitting sdist was there but building was refused
	// (--no-build, --only-binary).
	NoBuild bool
}

// hashMismatch is the reason given to a file whose hash the lock does not
// allow.
const hashMismatch = "hash not among the pinned hashes"

// requiresPythonPrefix starts the reason given to a file whose
// Requires-Python excludes the image's Python.
const requiresPythonPrefix = "requires Python "

func (e *NoWheelError) Error() string {
	var b strings.Builder
	if len(e.Rejected) > 0 && !slices.ContainsFunc(e.Rejected, func(r Rejected) bool { return r.Reason != hashMismatch }) {
		fmt.Fprintf(&b, "%s %s: no file matches the pinned hashes (the file changed on the index, or the lock is wrong: re-lock it); offered:", e.Name, e.Version)
		for _, r := range e.Rejected {
			fmt.Fprintf(&b, " %s;", r.Filename)
		}
		return strings.TrimSuffix(b.String(), ";")
	}
	if len(e.Rejected) > 0 && !slices.ContainsFunc(e.Rejected, func(r Rejected) bool { return !strings.HasPrefix(r.Reason, requiresPythonPrefix) }) {
		fmt.Fprintf(&b, "%s %s: no wheel supports the image's Python %s (pin a version of %s that does, or pick another --python); offered:", e.Name, e.Version, e.Python, e.Name)
		for _, r := range e.Rejected {
			fmt.Fprintf(&b, " %s (Requires-Python %s);", r.Filename, strings.TrimPrefix(r.Reason, requiresPythonPrefix))
		}
		return strings.TrimSuffix(b.String(), ";")
	}
	fmt.Fprintf(&b, "%s %s: no wheel fits CPython %d.%d on glibc %d.%d %s",
		e.Name, e.Version, e.Target.PythonMajor, e.Target.PythonMinor, e.Target.GlibcMajor, e.Target.GlibcMinor, e.Target.Arch)
	if len(e.Rejected) == 0 {
		b.WriteString(" (the lock and the index offer no file of this version)")
		return b.String()
	}
	onlySdists := !slices.ContainsFunc(e.Rejected, func(r Rejected) bool { return !wheelname.IsSdist(r.Filename) })
	switch {
	case e.NoBuild:
		b.WriteString(": only a source distribution fits, and --no-build or --only-binary forbids building it: allow the build, or build a wheel and serve it from an index or --find-links")
	case onlySdists:
		b.WriteString(": no source distribution pyko can build either (it builds .tar.gz and .zip sdists of this exact version that pass the hash pins): build a wheel and serve it from an index or --find-links")
	}
	if len(e.Rejected) <= maxListed {
		b.WriteString("; offered:")
		for _, r := range e.Rejected {
			fmt.Fprintf(&b, " %s (%s);", r.Filename, r.Reason)
		}
		return strings.TrimSuffix(b.String(), ";")
	}
	fmt.Fprintf(&b, "; of the %d files offered,", len(e.Rejected))
	for _, g := range summarize(e.Rejected) {
		fmt.Fprintf(&b, " %d: %s (such as %s: %s);", g.n, g.kind, g.first.Filename, g.first.Reason)
	}
	return strings.TrimSuffix(b.String(), ";") + " (-v lists them all)"
}

// maxListed is how many rejected files an error lists one by one; more
// are summarised by kind.
const maxListed = 6

type rejectGroup struct {
	kind  string
	n     int
	first Rejected
}

// summarize groups rejected files by kind, the largest group first.
func summarize(rs []Rejected) []rejectGroup {
	var gs []rejectGroup
	for _, r := range rs {
		k := cmp.Or(r.Kind, r.Reason)
		i := slices.IndexFunc(gs, func(g rejectGroup) bool { return g.kind == k })
		if i < 0 {
			gs = append(gs, rejectGroup{kind: k, first: r})
			i = len(gs) - 1
		}
		gs[i].n++
	}
	slices.SortStableFunc(gs, func(a, b rejectGroup) int { return b.n - a.n })
	return gs
}

// ChooseWheel picks the best wheel of p for t and the image's Python
// (its full version, "3.12.4") among cands, as pip ranks them: the file
// whose best tag comes first in t's tag order, then the highest build tag,
// then the file name. Files of other versions, files whose Requires-Python
// excludes python, and, when p lists hashes, files whose hash is not among
// them are not candidates. A yanked file stays one: the pin is exact, and
// PEP 592 lets an exact pin use a yanked release. It never picks an sdist.
func ChooseWheel(p lock.Package, cands []Candidate, t tags.Target, python string) (Wheel, error) {
	want, err := pep440.Parse(p.Version)
	if err != nil {
		return Wheel{}, fmt.Errorf("%s: version %q: %w", p.Source, p.Version, err)
	}
	py, err := pep440.Parse(python)
	if err != nil {
		return Wheel{}, fmt.Errorf("the image's Python version %q: %w", python, err)
	}
	type scored struct {
		c    Candidate
		n    wheelname.Name
		rank tags.Rank
	}
	var best []scored
	var rejected []Rejected
	for _, c := range cands {
		n, rank, why, kind := judge(c, p, want, t, py)
		if why != "" {
			rejected = append(rejected, Rejected{c.Filename, why, kind})
			continue
		}
		best = append(best, scored{c, n, rank})
	}
	if len(best) == 0 {
		return Wheel{}, &NoWheelError{Name: p.Name, Version: p.Version, Target: t, Python: python, Rejected: rejected}
	}
	slices.SortFunc(best, func(a, b scored) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), -cmp.Compare(a.n.Build, b.n.Build), cmp.Compare(a.c.Filename, b.c.Filename))
	})
	w := best[0]
	return Wheel{Name: p.Name, Version: p.Version, Filename: w.c.Filename, URL: w.c.URL, SHA256: w.c.SHA256,
		Hashes: wheelHashes(w.c, p.Hashes), Size: w.c.Size, Tag: t.Tags()[w.rank].String(), Source: p.Source}, nil
}

// judge returns why c is not a candidate and the kind of reason, or its
// parsed name and rank.
func judge(c Candidate, p lock.Package, want pep440.Version, t tags.Target, python pep440.Version) (wheelname.Name, tags.Rank, string, string) {
	if wheelname.IsSdist(c.Filename) {
		return wheelname.Name{}, 0, "source distribution", "source distributions"
	}
	n, err := wheelname.Parse(c.Filename)
	if err != nil {
		return n, 0, "not a wheel", "not wheels"
	}
	if v, err := pep440.Parse(n.Version); err != nil || pep440.Compare(v, want) != 0 {
		return n, 0, "version " + n.Version, "other versions"
	}
	if !pinned(c, p.Hashes) {
		return n, 0, hashMismatch, hashMismatch
	}
	if !SupportsPython(c.RequiresPython, python) {
		return n, 0, requiresPythonPrefix + c.RequiresPython, "Requires-Python excludes the image's"
	}
	rank, ok, why := t.Supported(n.Tags)
	if !ok {
		return n, 0, why.String(), reasonKinds[why.Kind]
	}
	return n, rank, "", ""
}

// reasonKinds name the kinds of tags.Reason in a summary.
var reasonKinds = map[tags.ReasonKind]string{
	tags.ReasonPlatform: "another OS or libc",
	tags.ReasonArch:     "another CPU architecture",
	tags.ReasonPython:   "another Python",
	tags.ReasonABI:      "another ABI",
	tags.ReasonGlibc:    "a newer glibc",
}

// SupportsPython reports whether a Requires-Python specifier admits
// python. An empty or invalid one admits every Python, as pip ignores an
// invalid Requires-Python. Pre-releases of Python are admitted like
// releases (pip passes prereleases=True).
func SupportsPython(requiresPython string, python pep440.Version) bool {
	if requiresPython == "" {
		return true
	}
	spec, err := pep440.ParseSpecifiers(requiresPython)
	if err != nil {
		return true
	}
	return spec.Contains(python, true)
}
