package uvlock

import (
	"fmt"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// node is a package, or one of its extras ("" for the package itself).
type node struct {
	p     *pkg
	extra string
}

// walk is one breadth-first traversal of the lock for one environment.
type walk struct {
	f      *File
	env    pep508.Environment
	active []string // conflict-encoded extras and groups, for markers
	seen   map[node]bool
	queue  []node
	// reached lists packages in the order first reached; via names the
	// package each was first reached from, for messages.
	reached   []*pkg
	via       map[*pkg]string
	activated map[string]bool // conflict encodings of extras edges asked for
}

func (w *walk) run(extras, groups []string) error {
	w.activated = map[string]bool{}
	for _, r := range w.f.roots {
		w.reach(r, "the project")
		w.push(r, "")
		for _, x := range extras {
			if _, ok := r.extras[x]; ok {
				w.push(r, x)
			}
		}
		for _, g := range groups {
			if err := w.follow(r.groups[g], r.name+" group "+g); err != nil {
				return err
			}
		}
	}
	if err := w.follow(w.f.requirements, "the workspace requirements"); err != nil {
		return err
	}
	for _, g := range groups {
		if err := w.follow(w.f.groups[g], "the workspace group "+g); err != nil {
			return err
		}
	}
	for len(w.queue) > 0 {
		n := w.queue[0]
		w.queue = w.queue[1:]
		edges, from := n.p.deps, n.p.id()
		if n.extra != "" {
			edges, from = n.p.extras[n.extra], n.p.name+"["+n.extra+"]"
		}
		if err := w.follow(edges, from); err != nil {
			return err
		}
	}
	return nil
}

// follow takes every edge whose marker holds.
func (w *walk) follow(edges []*edge, from string) error {
	for _, e := range edges {
		if e.marker != nil && !e.marker.Evaluate(w.env, w.active) {
			continue
		}
		p, err := w.target(e, from)
		if err != nil {
			return err
		}
		w.reach(p, from)
		w.push(p, "")
		for _, x := range e.extras {
			w.push(p, x)
			w.activated[encode("extra", p.name, x)] = true
		}
	}
	return nil
}

// target settles which locked package an edge leads to for env.
func (w *walk) target(e *edge, from string) (*pkg, error) {
	if len(e.candidates) == 1 {
		return e.candidates[0], nil
	}
	var hits []*pkg
	for _, p := range e.candidates {
		if p.holds(w.env, w.active) {
			hits = append(hits, p)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	var ids []string
	for _, p := range hits {
		ids = append(ids, p.id())
	}
	what := "none of its versions is locked"
	if len(hits) > 1 {
		what = "several versions match (" + strings.Join(ids, ", ") + ")"
	}
	return nil, fmt.Errorf("selecting from %s: %s needs %s, and %s for Python %s on %s %s: run `uv lock`",
		w.f.path, from, e.name, what, w.env["python_full_version"], w.env["sys_platform"], w.env["platform_machine"])
}

func (w *walk) reach(p *pkg, from string) {
	if _, ok := w.via[p]; !ok {
		w.via[p] = from
		w.reached = append(w.reached, p)
	}
}

func (w *walk) push(p *pkg, extra string) {
	n := node{p, extra}
	if !w.seen[n] {
		w.seen[n] = true
		w.queue = append(w.queue, n)
	}
}
