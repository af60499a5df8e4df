package resolve

// search meets the requirements from queue index qi on, choosing at depth
// level. It returns true with the selection complete, or false with the
// depths of the earlier choices the failure depends on (all below level).
//
// Requirements are met in queue order, which is breadth-first from the
// world, so the world's own pins are in place before any package's
// dependencies are chosen. For each, the candidates are tried in order of
// preference; a dead end below a candidate is undone and the next tried,
// unless the dead end does not depend on this choice at all, in which case
// the search jumps straight back to the deepest choice it does depend on.
func (s *solver) search(qi int, level int32) (bool, levels) {
	for qi < len(s.queue) && !s.queue[qi].installIf && s.satisfiedBy(s.queue[qi].dep) >= 0 {
		qi++
	}
	if qi == len(s.queue) && !s.queueInstallIf() {
		return true, nil
	}
	r := s.queue[qi]
	cands := r.cands
	if !r.installIf {
		cands = s.ix.candidates(r.dep)
	}

	var blame levels
	s.blameReq(&blame, &r)
	var first block
	ruledOut, descended := 0, false
	for _, c := range cands {
		if b := s.blocked(c.pkg, qi); b.kind != notBlocked {
			if ruledOut == 0 {
				first = b
			}
			ruledOut++
			s.blame(&blame, b)
			continue
		}
		if s.steps++; s.steps > s.maxSteps {
			s.aborted = true
			return false, nil
		}
		m := s.mark()
		s.choose(c.pkg, qi, level)
		if r.installIf {
			s.iifDepth++
		}
		ok, sub := s.search(qi+1, level+1)
		if r.installIf {
			s.iifDepth--
		}
		if ok {
			return true, nil
		}
		s.undo(m)
		if s.aborted {
			return false, nil
		}
		descended = true
		if !sub.has(level) {
			return false, sub // no other candidate here can help
		}
		sub.del(level)
		blame.union(sub)
	}

	if r.installIf {
		// An install_if package that cannot join is left out.
		m := s.mark()
		s.decline(r.dep.Name)
		ok, sub := s.search(qi+1, level)
		if ok {
			return true, nil
		}
		s.undo(m)
		blame.union(sub)
		return false, blame
	}
	if !descended && s.iifDepth == 0 && s.first == nil {
		s.first = s.explain(qi, cands, first, ruledOut)
	}
	return false, blame
}
