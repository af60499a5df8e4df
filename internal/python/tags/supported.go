package tags

import (
	"slices"
	"strings"
)

// Rank is the position of a tag in Target.Tags: lower is better. Among
// the wheels of one release, pick the lowest rank.
type Rank int

// Supported returns the rank of the best of a wheel's tags for the target.
// When none fits, ok is false and the Reason is the one of the tag that
// came closest (see ReasonKind), such as "needs glibc 2.35, image has
// 2.31" or "built for macOS". Tags are compared without regard to case.
func (t Target) Supported(wheelTags []Tag) (rank Rank, ok bool, why Reason) {
	plats, gs, anys := t.platforms(), t.groups(), t.anyGroups()
	best := Rank(-1)
	for _, wt := range wheelTags {
		wt = Tag{strings.ToLower(wt.Python), strings.ToLower(wt.ABI), strings.ToLower(wt.Platform)}
		r, fits, reason := t.rank(wt, plats, gs, anys)
		switch {
		case fits && (best < 0 || r < best):
			best = r
		case !fits && reason.closerThan(why):
			why = reason
		}
	}
	if best >= 0 {
		return best, true, Reason{}
	}
	if len(wheelTags) == 0 {
		why = Reason{Kind: ReasonPlatform, Message: "the wheel has no compatibility tags"}
	}
	return 0, false, why
}

// rank places one lower-cased tag, checking the platform's OS and
// architecture first, then the interpreter and ABI, then the glibc
// version, so that the reason is the most fundamental misfit.
func (t Target) rank(wt Tag, plats []string, gs, anys []group) (Rank, bool, Reason) {
	g := group{wt.Python, wt.ABI}
	if wt.Platform == "any" {
		if i := slices.Index(anys, g); i >= 0 {
			return Rank(len(gs)*len(plats) + i), true, Reason{}
		}
		return 0, false, t.interpreterReason(wt)
	}
	platform := t.platformReason(wt)
	if platform.Kind == ReasonPlatform || platform.Kind == ReasonArch {
		return 0, false, platform
	}
	gi := slices.Index(gs, g)
	if gi < 0 {
		return 0, false, t.interpreterReason(wt)
	}
	if platform.Kind == ReasonGlibc {
		return 0, false, platform
	}
	pi := slices.Index(plats, wt.Platform)
	if pi < 0 {
		return 0, false, Reason{Kind: ReasonPlatform, Tag: wt,
			Message: "platform " + wt.Platform + " is not a manylinux platform for " + t.Arch}
	}
	return Rank(gi*len(plats) + pi), true, Reason{}
}
