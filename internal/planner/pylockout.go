package planner

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock/pylock"
)

// PylockFile is the lockfile pyko lock writes for Python dependencies.
const PylockFile = "pylock.toml"

// LockPython resolves the project's Python dependencies that nothing pins
// ([project] dependencies without a lockfile, or a requirements file with
// lines that pin nothing) for every platform, and writes pylock.toml in
// the project directory, where pyko build looks first. It returns the
// file's path, or "" when a lockfile already pins everything.
func LockPython(ctx context.Context, log *slog.Logger, proj *project.Project, o Options) (string, error) {
	b := &planner{log: log, o: o, proj: proj, tmp: o.TempDir}
	p, err := b.plan(ctx)
	if err != nil {
		return "", err
	}
	if b.resolvedFrom == "" {
		return "", nil
	}
	var buf bytes.Buffer
	l := pylockOf(p, b.o.IndexURL)
	l.Pyko = pylock.PykoInputs{From: b.resolvedFrom, Inputs: b.inputs}
	if err := pylock.Write(&buf, l); err != nil {
		return "", err
	}
	path := filepath.Join(proj.Dir, PylockFile)
	if err := atomicfile.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	log.Info("locked the Python dependencies", "from", b.resolvedFrom, "file", PylockFile)
	return path, nil
}

// pylockOf merges the wheels of every platform of p: a package at the
// same version everywhere is one entry with each platform's wheel; else
// one entry per platform, marked with its platform_machine. The lock's
// environments are the platforms, so it never installs where it was not
// resolved.
func pylockOf(p *plan.Plan, index string) pylock.Lock {
	l := pylock.Lock{CreatedBy: "pyko"}
	type seen struct {
		versions map[string][]string // version → machines
		wheels   map[string][]plan.Wheel
	}
	byName := map[string]*seen{}
	var machines []string
	pythons := map[string]bool{}
	for _, pl := range p.Platforms {
		m := pl.Target.Machine
		machines = append(machines, m)
		pythons[pl.Target.FullPython()] = true
		for _, w := range pl.Wheels {
			s := byName[w.Name]
			if s == nil {
				s = &seen{versions: map[string][]string{}, wheels: map[string][]plan.Wheel{}}
				byName[w.Name] = s
			}
			s.versions[w.Version] = append(s.versions[w.Version], m)
			if !slices.ContainsFunc(s.wheels[w.Version], func(o plan.Wheel) bool { return o.Filename == w.Filename }) {
				s.wheels[w.Version] = append(s.wheels[w.Version], w)
			}
		}
	}
	for _, m := range machines {
		l.Environments = append(l.Environments, machineMarker(m))
	}
	if len(pythons) == 1 {
		for py := range pythons {
			l.RequiresPython = "==" + py
		}
	}
	for name, s := range byName {
		for v, ms := range s.versions {
			pkg := pylock.Package{Name: name, Version: v, Index: strings.TrimSuffix(index, "/")}
			if len(ms) < len(machines) {
				var ors []string
				for _, m := range ms {
					ors = append(ors, machineMarker(m))
				}
				pkg.Marker = strings.Join(ors, " or ")
			}
			for _, w := range s.wheels[v] {
				pkg.Wheels = append(pkg.Wheels, pylockWheel(w))
			}
			l.Packages = append(l.Packages, pkg)
		}
	}
	return l
}

func machineMarker(m string) string { return "platform_machine == '" + m + "'" }

func pylockWheel(w plan.Wheel) pylock.Wheel {
	h := map[string]string{}
	if w.SHA256 != "" {
		h["sha256"] = w.SHA256
	}
	for _, x := range w.Hashes {
		if alg, hex, ok := strings.Cut(x, ":"); ok {
			h[alg] = hex
		}
	}
	return pylock.Wheel{Name: w.Filename, URL: w.URL, Size: w.Size, Hashes: h}
}
