package planner

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/projectdist"
)

// hasVenv: the image gets /app/venv when there are packages to put in it.
func (b *planner) hasVenv() bool {
	return b.lockfile != nil || b.unlocked() || b.self != nil || b.o.VenvPip
}

// unlocked: the project declares dependencies (or --extra / --group asks
// for some) and no lockfile pins them.
func (b *planner) unlocked() bool {
	return b.lockfile == nil && (len(b.proj.Dependencies) > 0 || len(b.o.Extras) > 0 || len(b.o.Groups) > 0)
}

// projectDist describes the project as a distribution when it is a
// package: a [project] name and a [build-system]. A project that would
// compile native code is an error for now.
func (b *planner) projectDist() (*plan.Self, error) {
	p := b.proj
	if p.Name == "" || p.BuildRequires == nil {
		return nil, nil
	}
	var rels []string
	srcLayout := false
	for _, f := range b.files {
		rels = append(rels, f.Rel)
		srcLayout = srcLayout || (f.Rel == "src" && f.Mode.IsDir())
	}
	if why := projectdist.NeedsCompiler(p.BuildBackend, p.BuildRequires, rels); why != "" {
		return nil, fmt.Errorf("project %s needs a compiler to build (%s): pyko installs pure-Python projects only for now; publish a wheel of it and list it in the lockfile, or remove [build-system] to ship its files as they are", p.Name, why)
	}
	if p.Version == "" {
		b.log.Warn("the project's version is dynamic; its metadata says version 0", "project", p.Name)
	}
	root := AppDir
	if srcLayout {
		root = AppDir + "/src"
	}
	return &plan.Self{Name: p.Name, Version: p.Version, RequiresPython: p.RequiresPython,
		Dependencies: p.Dependencies, Scripts: p.Scripts, GUIScripts: p.GUIScripts, CodeRoot: root}, nil
}
