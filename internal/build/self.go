package build

import (
	"context"
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/python/projectdist"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// hasVenv: the image gets /app/venv when there are packages to put in it.
func (b *builder) hasVenv() bool { return b.pyLock != nil || b.self != nil || b.o.VenvPip }

// projectDist describes the project as a distribution when it is a
// package: a [project] name and a [build-system]. A project that would
// compile native code is an error for now.
func (b *builder) projectDist() (*projectdist.Spec, error) {
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
	return &projectdist.Spec{Name: p.Name, Version: p.Version, RequiresPython: p.RequiresPython,
		Dependencies: p.Dependencies, Scripts: p.Scripts, GUIScripts: p.GUIScripts, CodeRoot: root}, nil
}

// appLayer is the app's files under /app and, when the project is a
// package, its metadata, .pth and launchers in the venv of Python minor.
// Layers are cached by minor: platforms share them.
func (b *builder) appLayer(ctx context.Context, minor string) (*layer.Layer, error) {
	if b.self == nil {
		minor = ""
	}
	if l, ok := b.apps[minor]; ok {
		return l, nil
	}
	entries := appEntries(b.files)
	if minor != "" {
		dir, err := os.MkdirTemp(b.tmp, "project-")
		if err != nil {
			return nil, err
		}
		whl, err := projectdist.WriteWheel(dir, *b.self)
		if err != nil {
			return nil, fmt.Errorf("describing project %s: %w", b.self.Name, err)
		}
		inst, err := wheel.Install(ctx, whl, wheel.Layout{Prefix: VenvDir, PythonVersion: minor, Interpreter: VenvDir + "/bin/python"})
		if err != nil {
			return nil, fmt.Errorf("installing project %s: %w", b.self.Name, err)
		}
		entries = append(entries, inst.Entries...)
	}
	l, err := layer.New(ctx, entries, b.layerOpts()...)
	if err != nil {
		return nil, fmt.Errorf("writing the app layer: %w", err)
	}
	if b.apps == nil {
		b.apps = map[string]*layer.Layer{}
	}
	b.apps[minor] = l
	return l, nil
}

// minorOf is "3.12" for "/usr/bin/python3.12".
func minorOf(interp string) string {
	return strings.TrimPrefix(path.Base(interp), "python")
}
