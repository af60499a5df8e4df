package resolve

// levels is a set of search depths: the choices a dead end depends on. A
// choice whose depth is not in the set of the dead end below it cannot
// help, so the search jumps back over it (conflict-directed backjumping).
type levels []uint64

func (l *levels) add(i int32) {
	if i < 0 {
		return
	}
	w := int(i / 64)
	for len(*l) <= w {
		*l = append(*l, 0)
	}
	(*l)[w] |= 1 << (i % 64)
}

func (l levels) has(i int32) bool {
	w := int(i / 64)
	return i >= 0 && w < len(l) && l[w]&(1<<(i%64)) != 0
}

func (l levels) del(i int32) {
	if w := int(i / 64); i >= 0 && w < len(l) {
		l[w] &^= 1 << (i % 64)
	}
}

func (l *levels) union(o levels) {
	for len(*l) < len(o) {
		*l = append(*l, 0)
	}
	for w, bits := range o {
		(*l)[w] |= bits
	}
}
