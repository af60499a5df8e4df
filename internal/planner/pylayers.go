package planner

import "github.com/pyko-dev/pyko/internal/plan"

// DefaultLargePackage is the installed size above which a Python package
// gets a layer of its own, so that bumping a small dependency does not
// re-upload numpy.
const DefaultLargePackage = 20 << 20

// isLarge says whether a wheel gets a layer of its own. It is decided on
// the file size, which the plan knows before anything is downloaded.
func (b *planner) isLarge(w plan.Wheel) bool { return w.Size > b.largePackage() }

// pythonLayers lays out the venv: the venv itself with the small
// packages, then each large package alone.
func (b *planner) pythonLayers(wheels []plan.Wheel) []plan.Layer {
	small := plan.Layer{Kind: plan.KindPython, Venv: VenvDir}
	var large []plan.Layer
	for _, w := range wheels {
		if b.isLarge(w) {
			large = append(large, plan.Layer{Kind: plan.KindPython, Wheels: []string{w.ID()}})
		} else {
			small.Wheels = append(small.Wheels, w.ID())
		}
	}
	return append([]plan.Layer{small}, large...)
}

func (b *planner) largePackage() int64 {
	if b.o.LargePackage > 0 {
		return b.o.LargePackage
	}
	return DefaultLargePackage
}
