package resolve

import "github.com/pyko-dev/pyko/internal/apk"

// queueInstallIf queues the first (by name) install_if package that the
// selection triggers and that is neither selected nor declined, and
// reports whether there was one. Called each time the queue runs dry, it
// adds install_if packages to a fixpoint, as apk-tools does: a package is
// triggered when every atom of its install_if is met by the selection
// ("docs" and "lang" subpackages, plugins of an installed pair).
func (s *solver) queueInstallIf() bool {
	best := ""
	for _, sl := range s.sel {
		p := s.ix.pkgs[sl.pkg]
		for k := range numNames(p) {
			name, _, _ := nameAt(p, k)
			for _, c := range s.ix.installIf[name] {
				cn := s.ix.pkgs[c].Name
				if (best != "" && cn >= best) || s.declined[cn] || len(s.holders[cn]) > 0 {
					continue
				}
				if s.triggered(s.ix.pkgs[c]) {
					best = cn
				}
			}
		}
	}
	if best == "" {
		return false
	}
	r := req{dep: apk.Dependency{Name: best}, parent: -1, installIf: true}
	for _, a := range s.ix.answers(best) {
		if p := s.ix.pkgs[a.pkg]; a.own && len(p.InstallIf) > 0 && s.triggered(p) {
			r.cands = append(r.cands, a)
		}
	}
	for _, d := range s.ix.pkgs[r.cands[0].pkg].InstallIf {
		if pos := s.satisfiedBy(d); pos >= 0 && !d.Conflict {
			r.triggers = append(r.triggers, pos)
		}
	}
	if len(r.triggers) > 0 {
		r.parent = r.triggers[0]
	}
	s.push(r)
	return true
}

// triggered reports whether the selection meets every install_if atom of
// p ("!name" atoms: no selected package matches).
func (s *solver) triggered(p *apk.Package) bool {
	for _, d := range p.InstallIf {
		if met := s.satisfiedBy(d) >= 0; met == d.Conflict {
			return false
		}
	}
	return true
}
