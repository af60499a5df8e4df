package planner

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/lock/formats"
	"github.com/pyko-dev/pyko/internal/python/lock/pylock"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// checkPylock looks at a pylock.toml that pyko lock wrote: when what it
// was resolved from has changed since (or pyko lock asks to upgrade), the
// build resolves again from that input, trying the lock's pins first;
// with --locked a stale lock is an error.
func (b *planner) checkPylock(ctx context.Context) error {
	pf, ok := b.lockfile.(*pylock.File)
	if !ok || pf.Pyko().From == "" {
		return nil
	}
	from := pf.Pyko().From
	cur, err := b.inputsDigest(from)
	if err != nil {
		return err
	}
	fresh := cur == pf.Pyko().Inputs
	if fresh && !b.o.Upgrade && len(b.o.UpgradePackages) == 0 {
		return nil
	}
	name := filepath.Base(pf.Path())
	if !fresh {
		if b.o.Locked {
			return fmt.Errorf("--locked: %s is out of date: %s changed since pyko lock wrote it; run pyko lock", name, from)
		}
		b.log.Warn(name+" is out of date: resolving again, keeping its pins where they still fit; run pyko lock to update it", "changed", from)
	}
	if !b.o.Upgrade {
		b.prefer = pf.Pins()
		for _, p := range b.o.UpgradePackages {
			delete(b.prefer, pep503.Normalize(p))
		}
	}
	// Resolve from the input: pyproject.toml (no lockfile), or the
	// requirements file.
	b.lockfile = nil
	if from != project.PyprojectFile {
		lf, err := formats.Registry().Open(ctx, lock.Input{Path: filepath.Join(b.proj.Dir, from), Pyproject: filepath.Join(b.proj.Dir, project.PyprojectFile), Log: b.log})
		if err != nil {
			return err
		}
		b.lockfile = lf
	}
	return nil
}

// inputsDigest is a digest of what a resolution from "from" depends on:
// the requirements it reads (pyproject.toml's, with --extra and --group,
// or the requirements file's bytes), the platforms and the index URLs.
func (b *planner) inputsDigest(from string) (string, error) {
	var lines []string
	if from == project.PyprojectFile {
		root, err := b.projectRoot()
		if err != nil {
			return "", err
		}
		for _, r := range root.Requirements {
			lines = append(lines, "requirement "+r.String())
		}
		slices.Sort(lines)
	} else {
		data, err := os.ReadFile(filepath.Join(b.proj.Dir, from))
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", from, err)
		}
		lines = append(lines, fmt.Sprintf("file %x", sha256.Sum256(data)))
	}
	for _, p := range b.o.Platforms {
		lines = append(lines, "platform "+p.String())
	}
	lines = append(lines, "index "+b.o.IndexURL, "extra-index "+strings.Join(b.o.ExtraIndexURLs, " "), "find-links "+strings.Join(portableLinks(b.o.FindLinks, b.proj.Dir), " "))
	return fmt.Sprintf("sha256:%x", sha256.Sum256([]byte(strings.Join(lines, "\n")))), nil
}

// portableLinks names each --find-links directory inside the project by
// its path from the project, so that a lock stays fresh in another
// checkout of the same project (pyko makes the paths absolute).
func portableLinks(links []string, dir string) []string {
	out := make([]string, len(links))
	for i, l := range links {
		out[i] = l
		if rel, err := filepath.Rel(dir, l); err == nil && filepath.IsAbs(l) && filepath.IsLocal(rel) {
			out[i] = filepath.ToSlash(rel)
		}
	}
	return out
}
