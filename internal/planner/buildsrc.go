package planner

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
)

// builtWheel plans a package the lock pins to a directory or a git
// commit: it is built from there. A directory's files are listed and
// hashed now, as the app's are, so the plan says exactly what is built;
// a repository is only named: the commit pins it and planning clones
// nothing.
func (b *planner) builtWheel(ctx context.Context, p lock.Package) (plan.Wheel, error) {
	src := p.Built
	where := "a directory"
	if src.Kind == lock.BuiltGit {
		where = "git"
	}
	if !b.mayBuild(p.Name) {
		return plan.Wheel{}, fmt.Errorf("%s: %s comes from %s and must be built, which --no-build or --only-binary forbids", p.Source, p.Name, where)
	}
	w := plan.Wheel{Name: p.Name, Version: p.Version, Source: p.Source}
	switch src.Kind {
	case lock.BuiltGit:
		w.Build = &plan.SourceBuild{Kind: plan.SourceGit, URL: lock.RedactURL(src.URL), Commit: src.Commit, Subdirectory: src.Subdirectory}
	case lock.BuiltDirectory:
		rel, err := filepath.Rel(b.proj.Dir, src.Dir)
		if err != nil {
			return plan.Wheel{}, fmt.Errorf("%s: %s is in %s: %w", p.Source, p.Name, src.Dir, err)
		}
		if rel == "." {
			return plan.Wheel{}, fmt.Errorf("%s: %s is the project directory itself, which pyko installs as the project", p.Source, p.Name)
		}
		files, err := (&project.Project{Dir: src.Dir}).Files(ctx)
		if err != nil {
			return plan.Wheel{}, fmt.Errorf("%s: reading the directory of %s: %w", p.Source, p.Name, err)
		}
		afs, err := appFiles(files, nil)
		if err != nil {
			return plan.Wheel{}, fmt.Errorf("%s: %w", p.Source, err)
		}
		w.Build = &plan.SourceBuild{Kind: plan.SourceDirectory, Path: filepath.ToSlash(rel), Files: afs}
	default:
		return plan.Wheel{}, fmt.Errorf("%s: unknown source kind %q", p.Source, src.Kind)
	}
	return w, nil
}
