package executor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/projectdist"
	"github.com/pyko-dev/pyko/internal/python/wheel"
)

// appLayer is the app's files under the app directory and, when the
// project is a package, its metadata, .pth and launchers in the venv.
// Platforms with the same Python share one layer.
func (x *execution) appLayer(ctx context.Context, pl plan.Platform) (*layer.Layer, error) {
	minor, key := "", ""
	if pl.Self != nil {
		minor = pl.Target.Minor()
	}
	if pl.Bytecode != nil {
		key = pl.Bytecode.Tag
	}
	key = minor + " " + key
	if l, ok := x.apps[key]; ok {
		return l, nil
	}
	// A build with nothing changed takes even the app layer from the
	// cache: its key holds every file's sha256 from the plan. The files
	// are still checked against the plan, as writing the layer would: a
	// plan whose app has changed since is refused, not built from the
	// cache.
	ck, err := x.appKey(pl, minor)
	if err != nil {
		return nil, err
	}
	if ls, ok := x.layers.Get(ctx, ck, nil); ok && len(ls) == 1 {
		if err := x.checkAppFiles(); err != nil {
			return nil, err
		}
		x.apps[key] = ls[0]
		return ls[0], nil
	}
	entries, err := x.appEntries()
	if err != nil {
		return nil, err
	}
	if pl.Bytecode != nil {
		pycs, err := x.compileApp(ctx, pl.Bytecode, entries)
		if err != nil {
			return nil, err
		}
		entries = append(entries, pycs...)
	}
	if pl.Self != nil {
		self, err := x.selfEntries(ctx, *pl.Self, venvOf(pl), minor)
		if err != nil {
			return nil, err
		}
		entries = append(entries, self...)
	}
	l, err := x.writeLayer(ctx, "app", entries, x.layerOpts()...)
	if err != nil {
		return nil, fmt.Errorf("writing the app layer: %w", err)
	}
	if cached, err := x.layers.Put(ctx, ck, []*layer.Layer{l}, nil); err == nil {
		l = cached[0]
	} else {
		x.o.Log.Warn("could not cache the app layer", "error", err)
	}
	x.apps[key] = l
	return l, nil
}

// appEntries places the planned files under the app directory with the
// plan's modes, owned by root. Each file's bytes are checked against the
// plan's sha256 as the layer is written.
func (x *execution) appEntries() ([]layer.Entry, error) {
	root := x.p.App.Dir[1:]
	files, err := fileEntries(root, x.o.ProjectDir, x.p.App.Files)
	if err != nil {
		return nil, err
	}
	return append([]layer.Entry{{Path: root, Mode: fs.ModeDir | 0o755}}, files...), nil
}

// fileEntries places planned files of the host directory src under root,
// with the plan's modes; each file's bytes are checked against the plan's
// sha256 as they are read.
func fileEntries(root, src string, files []plan.AppFile) ([]layer.Entry, error) {
	var out []layer.Entry
	for _, f := range files {
		perm, err := plan.ParseMode(f.Mode)
		if err != nil {
			return nil, fmt.Errorf("app file %s: %w", f.Path, err)
		}
		e := layer.Entry{Path: path.Join(root, f.Path), Mode: fs.FileMode(perm)}
		switch f.Type {
		case "dir":
			e.Mode |= fs.ModeDir
		case "symlink":
			e.Mode, e.Link = fs.ModeSymlink|fs.FileMode(perm), f.Link
		default:
			abs := filepath.Join(src, filepath.FromSlash(f.Path))
			e.Size = f.Size
			e.Open = checkedOpener(abs, f)
		}
		out = append(out, e)
	}
	return out, nil
}

// checkedOpener opens abs and fails the read that meets the end of the
// file when its f.Size bytes do not hash to f.SHA256: a file changed since it was planned
// never reaches a layer.
func checkedOpener(abs string, f plan.AppFile) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		r, err := os.Open(abs)
		if err != nil {
			return nil, err
		}
		return &checked{ReadCloser: r, h: sha256.New(), left: f.Size, want: f.SHA256, name: f.Path}, nil
	}
}

type checked struct {
	io.ReadCloser
	h          hash.Hash
	left       int64
	want, name string
}

func (c *checked) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.h.Write(p[:n])
	c.left -= int64(n)
	if err == io.EOF && c.left == 0 && hex.EncodeToString(c.h.Sum(nil)) != c.want {
		return n, &ChangedError{Path: c.name}
	}
	return n, err
}

// ChangedError says an app file's bytes are not those the plan recorded.
type ChangedError struct{ Path string }

func (e *ChangedError) Error() string {
	return fmt.Sprintf("app file %s changed since the plan was made (its sha256 is not the plan's): plan again", e.Path)
}

// selfEntries installs the project as a distribution into venvDir: a
// metadata-only wheel written from the plan, then installed as any wheel.
func (x *execution) selfEntries(ctx context.Context, s plan.Self, venvDir, minor string) ([]layer.Entry, error) {
	dir, err := x.tempDir("project-")
	if err != nil {
		return nil, err
	}
	spec := projectdist.Spec{Name: s.Name, Version: s.Version, RequiresPython: s.RequiresPython,
		Dependencies: s.Dependencies, Scripts: s.Scripts, GUIScripts: s.GUIScripts, CodeRoot: s.CodeRoot}
	whl, err := projectdist.WriteWheel(dir, spec)
	if err != nil {
		return nil, fmt.Errorf("describing project %s: %w", s.Name, err)
	}
	inst, err := wheel.Install(ctx, whl, wheel.Layout{Prefix: venvDir, PythonVersion: minor, Interpreter: venvDir + "/bin/python"})
	if err != nil {
		return nil, fmt.Errorf("installing project %s: %w", s.Name, err)
	}
	return inst.Entries, nil
}

// checkAppFiles reads every planned app file through its checked opener:
// a file whose bytes are not the plan's fails with a *ChangedError.
func (x *execution) checkAppFiles() error {
	for _, f := range x.p.App.Files {
		if f.Type != "" && f.Type != "file" {
			continue
		}
		r, err := checkedOpener(filepath.Join(x.o.ProjectDir, filepath.FromSlash(f.Path)), f)()
		if err != nil {
			return fmt.Errorf("app file %s: %w", f.Path, err)
		}
		n, err := io.Copy(io.Discard, r)
		r.Close()
		if err != nil {
			return err
		}
		if n != f.Size {
			return &ChangedError{Path: f.Path}
		}
	}
	return nil
}
