package build

import (
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/target"
)

// entrypoint is --entrypoint; else the project's one console script;
// else main.py or app.py run by interp.
func (b *planner) entrypoint(interp string) ([]string, error) {
	if b.o.Entrypoint == "" && b.self != nil && len(b.self.Scripts) == 1 {
		for name := range b.self.Scripts {
			return []string{VenvDir + "/bin/" + name}, nil
		}
	}
	needsInterp := !strings.HasPrefix(strings.TrimSpace(b.o.Entrypoint), "[")
	if needsInterp && interp == "" {
		return nil, fmt.Errorf("base image %s has no python3.N in /usr/bin or /usr/local/bin: use a Python base image or pass --entrypoint as a JSON array", b.o.Base)
	}
	return b.proj.Entrypoint(b.o.Entrypoint, b.files, interp, AppDir)
}

// accountsLayers is the layer that adds the run-as user to a base's
// /etc/passwd and /etc/group, with a home directory it owns; none when
// the base has the user.
func accountsLayers(facts *image.Facts, a image.Account) ([]plan.Layer, error) {
	passwd, group, changed := image.Accounts(facts, a)
	if !changed {
		return nil, nil
	}
	files := []plan.LayerFile{
		{Path: "etc/passwd", Type: "file", Mode: "0644", Content: string(passwd)},
		{Path: "etc/group", Type: "file", Mode: "0644", Content: string(group)},
	}
	if a.Home != "" && a.Home != "/" {
		files = append(files, plan.LayerFile{Path: strings.TrimPrefix(a.Home, "/"), Type: "dir", Mode: "0755", UID: a.UID, GID: a.GID})
	}
	return []plan.Layer{{Kind: plan.KindAccounts, Files: files, Note: fmt.Sprintf("user %s (%s)", a.Name, a)}}, nil
}

// runInterpreter is what the entrypoint runs: the venv's python when there
// is a venv (so its packages are found), else the image's.
func (b *planner) runInterpreter(interp string) string {
	if b.hasVenv() && interp != "" {
		return VenvDir + "/bin/python"
	}
	return interp
}

// baseTarget is the target of a base image: its interpreter, and the
// glibc and CPython versions its package database records.
func (b *planner) baseTarget(p v1.Platform, facts *image.Facts) (target.Target, error) {
	t, err := target.For(p)
	if err != nil && !b.hasVenv() {
		// Nothing to install for it: an exotic platform of the base is
		// built as it is.
		return target.Target{}, nil
	} else if err != nil {
		return t, usagef(err)
	}
	interp, ok := facts.Interpreter()
	if !ok {
		return t, nil
	}
	python := facts.Python
	if minor := interp[strings.LastIndex(interp, "python")+len("python"):]; !strings.HasPrefix(python, minor+".") {
		python = minor // a Python of its own in /usr/local: the patch level is unknown
	}
	glibc := facts.Glibc
	if glibc == "" && b.hasVenv() {
		b.log.Warn("the base image records no glibc version; choosing wheels for manylinux2014 (glibc 2.17)", "base", b.o.Base)
		glibc = "2.17"
	}
	return t.WithPython(interp, python, glibc), nil
}
