package wheel

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/python/wheelname"
)

// Installed is a wheel installed as layer entries.
type Installed struct {
	// Name and Version are as the wheel's METADATA spells them.
	Name, Version string
	// Entries are the installed files, sorted by path, owned by root: the
	// application must not be able to rewrite its dependencies. Parent
	// directories are left to the layer writer. Contents stream from the
	// wheel file, which must stay in place until the layer is written.
	Entries []layer.Entry
	// Size is the sum of the entries' sizes.
	Size int64
	// Scripts are the launchers made from entry points, by name.
	Scripts []string
	// Metadata is the wheel's METADATA, parsed (for SBOMs).
	Metadata Metadata
}

// Install installs the wheel at wheelPath into the venv l describes,
// step by step as the binary distribution format says:
// https://packaging.python.org/en/latest/specifications/binary-distribution-format/#installing-a-wheel-distribution-1-0-py32-none-any-whl
//
// Everything about the wheel is checked here, before an entry is
// returned: its name, metadata, paths and RECORD. Content hashes are
// checked as the entries are read: an entry's Open returns a reader whose
// last Read fails with a *HashMismatchError if the content is not the one
// RECORD describes. Other problems are *InvalidWheelError.
func Install(ctx context.Context, wheelPath string, l Layout, opts ...Option) (*Installed, error) {
	o := options{installer: "pyko", log: slog.Default()}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	base := filepath.Base(wheelPath)
	if err := l.validate(); err != nil {
		return nil, fmt.Errorf("installing wheel %s: %w", base, err)
	}
	fn, err := wheelname.Parse(base)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(wheelPath)
	if err != nil {
		return nil, fmt.Errorf("opening wheel: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("opening wheel: %w", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	// ErrInsecurePath (with GODEBUG=zipinsecurepath=0) still returns the
	// reader; members() then names the path at fault.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, invalid(base, "", "reading zip: %v", err)
	}
	ms, err := members(base, zr)
	if err != nil {
		return nil, err
	}
	in := &installation{
		ctx: ctx, l: l, o: o, src: source{path: wheelPath, wheel: base},
		name: fn.Distribution, version: fn.Version, members: ms,
	}
	return in.run()
}
