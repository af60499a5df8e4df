package requirements

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// Unpinned reports whether a requirement selected for env pins no version
// (no == pin of its own or from a constraint): the file then needs
// resolving, as pip install -r would, rather than installing as it is.
func (f *File) Unpinned(env pep508.Environment) bool {
	reqs, names := selected(f.reqs, env)
	cons, _ := selected(f.constraints, env)
	for _, name := range names {
		pinned := false
		for _, r := range append(reqs[name], cons[name]...) {
			if _, ok := r.pin(); ok {
				pinned = true
			}
		}
		if !pinned {
			return true
		}
	}
	return false
}

// Requirements returns, for a resolver, the requirements selected for env
// and the constraints (-c), as PEP 508 requirements. A requirement by URL
// or path is an error: only index packages are resolved.
func (f *File) Requirements(env pep508.Environment) (reqs, constraints []pep508.Requirement, err error) {
	conv := func(rs []requirement) ([]pep508.Requirement, error) {
		var out []pep508.Requirement
		for _, r := range rs {
			if r.marker != nil && !r.marker.Evaluate(env, nil) {
				continue
			}
			if r.direct != nil {
				return nil, fmt.Errorf("%s: %q names a URL or a path, and pyko resolves only packages from an index: pin every line (uv pip compile / pip-compile) to install it as it is", r.where(), r.text)
			}
			out = append(out, pep508.Requirement{Name: r.name, Extras: r.extras, Specifiers: r.specs})
		}
		return out, nil
	}
	if reqs, err = conv(f.reqs); err != nil {
		return nil, nil, err
	}
	constraints, err = conv(f.constraints)
	return reqs, constraints, err
}
