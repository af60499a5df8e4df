package resolve

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/apk/version"
)

// compare orders two packages answering to name, most preferred first.
// Before this order applies, a requirement already met by a selected
// package takes that package: nothing is chosen. Otherwise:
//
//  1. A versioned answer (a real package, or "name=ver" in provides)
//     before an unversioned provide.
//  2. The higher version for the name asked for: the package's version for
//     its own name, the provided version for a provide. This is apk-tools'
//     "latest by requested name": the newest version of a real name wins,
//     and a renamed package that provides its old name at a newer version
//     wins over the stale old package.
//  3. The package whose real name is the name asked for.
//  4. The higher provider_priority (k:), e.g. busybox over toybox for an
//     unversioned /bin/sh, or py3.13-foo over py3.12-foo for py3-foo.
//  5. The package name, then the newer version of the same name, then
//     repository, checksum and metadata.
//
// Every step compares a key of each package on its own, so the order is
// total and a choice never depends on the order of the available
// packages. apk-tools' compare_providers (src/solver.c), which apko
// follows, has no step 3, compares the versions of two packages of the
// same name just before step 4, and ends on the repository order; as its
// steps are not transitive, it picks by a scan whose result can depend on
// the index order.
func (ix *index) compare(name string, a, b answer) int {
	pa, pb := ix.pkgs[a.pkg], ix.pkgs[b.pkg]
	if a.versioned != b.versioned {
		return boolFirst(a.versioned, b.versioned)
	}
	if a.versioned {
		if r := version.Compare(b.version, a.version); r != 0 {
			return r
		}
	}
	if ownA, ownB := pa.Name == name, pb.Name == name; ownA != ownB {
		return boolFirst(ownA, ownB)
	}
	if r := cmp.Compare(pb.ProviderPriority, pa.ProviderPriority); r != 0 {
		return r
	}
	if r := cmp.Compare(pa.Name, pb.Name); r != 0 {
		return r
	}
	if r := version.Compare(pb.Version, pa.Version); r != 0 {
		return r
	}
	if r := cmp.Compare(pa.Version, pb.Version); r != 0 {
		return r
	}
	if r := cmp.Compare(pa.Repository, pb.Repository); r != 0 {
		return r
	}
	if r := cmp.Compare(pa.Checksum, pb.Checksum); r != 0 {
		return r
	}
	return cmp.Compare(fingerprint(pa), fingerprint(pb))
}

// boolFirst orders true before false.
func boolFirst(a, b bool) int {
	if a && !b {
		return -1
	}
	if b && !a {
		return 1
	}
	return 0
}

// fingerprint renders the fields that affect resolution, to order two
// entries that agree on name, version, repository and checksum (a broken
// index) by their content rather than by their position.
func fingerprint(p *apk.Package) string {
	var b strings.Builder
	for _, l := range [][]apk.Dependency{p.Depends, p.Provides, p.InstallIf} {
		for _, d := range l {
			b.WriteString(d.String())
			b.WriteByte(' ')
		}
		b.WriteByte('|')
	}
	fmt.Fprintf(&b, "%d|%s|%d", p.ProviderPriority, p.Arch, p.BuildTime)
	return b.String()
}
