package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/projectdist"
)

// hasVenv: the image gets /app/venv when there are packages to put in it.
func (b *planner) hasVenv() bool {
	return b.lockfile != nil || b.unlocked() || b.self != nil || b.selfBuild != nil || b.o.VenvPip
}

// buildSelf plans the project, which compiles native code (why), as a
// wheel built from its own files and installed into the venv, as
// "pip install ." (not editable) would. In a flat layout its top-level
// packages would shadow the installed ones from /app (first on sys.path
// for a script there), so they are left out of /app: the venv has them.
func (b *planner) buildSelf(why string, srcLayout bool) error {
	p := b.proj
	if !b.mayBuild(pep503.Normalize(p.Name)) {
		return fmt.Errorf("project %s compiles native code (%s) and must be built, which --no-build or --only-binary forbids", p.Name, why)
	}
	b.selfBuild = &plan.Wheel{Name: pep503.Normalize(p.Name), Version: p.Version, Source: "the project (" + why + ")",
		Build: &plan.SourceBuild{Kind: plan.SourceDirectory, Path: ".", Files: b.appFiles}}
	if srcLayout {
		return nil
	}
	var pkgs []string
	for _, f := range b.appFiles {
		if dir, ok := strings.CutSuffix(f.Path, "/__init__.py"); ok && !strings.Contains(dir, "/") {
			pkgs = append(pkgs, dir)
		}
	}
	if len(pkgs) == 0 {
		return nil
	}
	kept := b.appFiles[:0:0]
	for _, f := range b.appFiles {
		top, _, _ := strings.Cut(f.Path, "/")
		if !slices.Contains(pkgs, top) {
			kept = append(kept, f)
		}
	}
	b.appFiles = kept
	b.log.Info("the project compiles native code: it is built as a wheel into the venv, and its packages are not copied into "+AppDir,
		"project", p.Name, "packages", strings.Join(pkgs, " "), "why", why)
	return nil
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
		return nil, b.buildSelf(why, srcLayout)
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
