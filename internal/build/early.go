package build

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/usage"
)

// checkProject refuses a directory with nothing Python in it, or, when the
// image needs one (run), with nothing to run, unless an entrypoint says
// what to run: almost always the wrong directory or a forgotten flag,
// better said before anything is downloaded.
func checkProject(ctx context.Context, proj *project.Project, entrypoint string, run bool) error {
	if entrypoint != "" {
		return nil
	}
	files, err := proj.Files(ctx)
	if err != nil {
		return err
	}
	if !project.HasPython(files) {
		return usage.Errorf("%s holds no Python project: no .py file, pyproject.toml, requirements.txt or lockfile; "+
			"run pyko in your project's directory or pass its path as DIR, or add main.py", proj.Dir)
	}
	if !run || len(proj.Scripts) > 0 {
		return nil // the planner decides whether a console script is the entrypoint
	}
	// main.py or app.py, else the one error that says what to add.
	_, err = proj.Entrypoint("", files, "python3", "/app")
	return usage.Wrap(err)
}

// absLinks makes each relative --find-links path absolute: from the
// working directory when it came from the command line, from the project
// directory when it came from [tool.pyko], as a user reads each. URLs are
// kept.
func absLinks(links []string, fromFlag bool, dir string) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l
		if l == "" || filepath.IsAbs(l) || strings.Contains(l, "://") || strings.HasPrefix(l, "file:") {
			continue
		}
		if fromFlag {
			if abs, err := filepath.Abs(l); err == nil {
				out[i] = abs
			}
			continue
		}
		out[i] = filepath.Join(dir, l)
	}
	return out
}
