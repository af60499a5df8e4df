package requirements

import (
	"slices"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// Select returns the requirements whose markers hold in env, each pinned
// to one version, sorted by name. Markers are evaluated without extras:
// a requirements file is flat, so opts (groups and extras) do not apply.
//
// Lines of the same project merge: they must agree on the pin, and their
// hashes add up. A constraints file only constrains: its packages are
// installed only when required, and its pin pins a requirement that has
// none; its hashes, when the requirement also has some, narrow them to
// those both list (as pip intersects them).
func (f *File) Select(env pep508.Environment, _ lock.Options) ([]lock.Package, error) {
	reqs, names := selected(f.reqs, env)
	cons, _ := selected(f.constraints, env)
	slices.Sort(names)
	out := make([]lock.Package, 0, len(names))
	for _, name := range names {
		p, err := f.merge(reqs[name], cons[name])
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// selected groups the requirements whose markers hold by name; names are
// in order of first appearance.
func selected(rs []requirement, env pep508.Environment) (map[string][]requirement, []string) {
	byName := map[string][]requirement{}
	var names []string
	for _, r := range rs {
		if r.marker != nil && !r.marker.Evaluate(env, nil) {
			continue
		}
		if _, ok := byName[r.name]; !ok {
			names = append(names, r.name)
		}
		byName[r.name] = append(byName[r.name], r)
	}
	return byName, names
}

// merge turns the lines of one required project into its package.
func (f *File) merge(reqs, cons []requirement) (lock.Package, error) {
	all := append(slices.Clone(reqs), cons...)
	pinned := slices.IndexFunc(all, func(r requirement) bool { _, ok := r.pin(); return ok })
	if pinned < 0 {
		r := reqs[0]
		return lock.Package{}, r.errorf("%q is not pinned to one version: pin it (%s==VERSION) or generate the file with uv pip compile --generate-hashes / pip-compile --generate-hashes", r.text, r.name)
	}
	pin := all[pinned]
	version, _ := pin.pin()
	for _, r := range all {
		if err := agree(pin, r); err != nil {
			return lock.Package{}, err
		}
	}
	hashes, err := f.hashes(reqs, cons)
	if err != nil {
		return lock.Package{}, err
	}
	p := lock.Package{Name: pin.name, Version: version, Hashes: hashes, Source: pin.where()}
	// A direct reference on any line names the file.
	if i := slices.IndexFunc(all, func(r requirement) bool { return r.direct != nil }); i >= 0 {
		if b := all[i].direct.built; b != nil {
			p.Built = b
			return p, nil
		}
		file := all[i].direct.file
		if len(hashes) == 1 {
			if alg, d := lock.SplitPin(hashes[0]); alg == "sha256" {
				file.SHA256 = d
			}
		}
		p.Files = []lock.File{file}
	}
	return p, nil
}

// agree checks that line r allows the version line pin pins: the same pin
// if r has one, else a version its specifiers contain.
func agree(pin, r requirement) error {
	version, _ := pin.pin()
	conflict := func() error {
		return r.errorf("%q conflicts with %q on %s: keep one version", r.text, pin.text, pin.where())
	}
	if pin.direct != nil && r.direct != nil && pin.direct.file.URL != r.direct.file.URL {
		return conflict()
	}
	if other, ok := r.pin(); ok && !sameVersion(version, other) {
		return conflict()
	}
	if v, ok := parseVersion(version); ok && !r.specs.Contains(v, true) {
		return r.errorf("%q does not allow %s %s, pinned on %s: keep one version", r.text, pin.name, version, pin.where())
	}
	return nil
}

// hashes returns the sha256 digests a project's files may have: the union
// of its requirement lines' hashes, narrowed to those its constraint lines
// list when both have some. With hash checking on, a project must have
// some.
func (f *File) hashes(reqs, cons []requirement) ([]string, error) {
	own, consHashes, where := union(reqs), union(cons), reqs[0]
	out := own
	switch {
	case len(own) > 0 && len(consHashes) > 0:
		out = nil
		for _, h := range own {
			if slices.Contains(consHashes, h) {
				out = append(out, h)
			}
		}
		if len(out) == 0 {
			c := cons[slices.IndexFunc(cons, func(r requirement) bool { return len(r.hashes) > 0 })]
			return nil, where.errorf("no --hash of %q is among those of %q on %s: regenerate one of the files", where.text, c.text, c.where())
		}
	case len(own) == 0:
		out = consHashes
	}
	if f.requireHashes && len(out) == 0 {
		return nil, where.errorf("%q has no --hash, but hashes are required because %s has --hash or --require-hashes: add --hash=sha256:… for its files, or generate the file with uv pip compile --generate-hashes / pip-compile --generate-hashes", where.text, f.hashesFrom)
	}
	slices.Sort(out)
	return out, nil
}

// union is every hash of the lines, each once.
func union(rs []requirement) []string {
	var out []string
	for _, r := range rs {
		for _, h := range r.hashes {
			out = appendUnique(out, h)
		}
	}
	return out
}
