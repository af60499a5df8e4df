package wheel

import (
	"context"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/layer"
)

// installation is one Install call's state.
type installation struct {
	ctx           context.Context
	l             Layout
	o             options
	src           source
	name, version string // from the file name, then from METADATA
	members       []*member
	distInfo      string             // "flask-3.0.0.dist-info"
	hashes        map[string]digest  // member name → RECORD hash
	byName        map[string]*member // member name → member
	scripts       []script           // from entry_points.txt
	files         []installedFile    // what gets installed
	metadata      Metadata
}

// installedFile is one entry with its row in the new RECORD.
type installedFile struct {
	entry layer.Entry
	hash  string
}

// Size limits for the metadata files read whole: a RECORD lists every
// file (the largest wheels have tens of thousands), the others are small.
const (
	maxRecord   = 64 << 20
	maxMetadata = 16 << 20
)

func (in *installation) run() (*Installed, error) {
	dir, err := distInfoDir(in.src.wheel, in.members, in.name, in.version)
	if err != nil {
		return nil, err
	}
	in.distInfo = dir
	in.byName = make(map[string]*member, len(in.members))
	for _, m := range in.members {
		in.byName[m.name] = m
	}
	if err := in.readRecord(); err != nil {
		return nil, err
	}

	// > 1.a Parse distribution-1.0.dist-info/WHEEL.
	// > 1.b Check that installer is compatible with Wheel-Version. Warn if
	// > minor version is greater, abort if major version is greater.
	wheelFile, err := in.readDistInfo("WHEEL", true)
	if err != nil {
		return nil, err
	}
	if err := checkWheelFile(in.src.wheel, wheelFile, in.o.log); err != nil {
		return nil, err
	}
	// > 1.c If Root-Is-Purelib == 'true', unpack archive into purelib
	// > (site-packages).
	// > 1.d Else unpack archive into platlib (site-packages).
	// In a venv purelib and platlib are the same site-packages, so
	// Root-Is-Purelib does not change where anything goes.
	metadata, err := in.readDistInfo("METADATA", true)
	if err != nil {
		return nil, err
	}
	if in.name, in.version, err = checkMetadata(in.src.wheel, metadata, in.name, in.version); err != nil {
		return nil, err
	}
	if err := checkRequiresPython(in.src.wheel, metadata, in.name, in.version, in.o.python); err != nil {
		return nil, err
	}
	if in.metadata, err = ParseMetadata(metadata); err != nil {
		return nil, invalid(in.src.wheel, "METADATA", "%v", err)
	}
	if err := in.readEntryPoints(); err != nil {
		return nil, err
	}

	// > 2.a Unpacked archive includes distribution-1.0.dist-info/ and (if
	// > there is data) distribution-1.0.data/.
	// > 2.b Move each subtree of distribution-1.0.data/ onto its
	// > destination path. [...]
	// > 2.c If applicable, update scripts starting with #!python to point
	// > to the correct interpreter.
	if err := in.spread(); err != nil {
		return nil, err
	}
	in.addLaunchers()
	in.addInstallerMetadata()
	// > 2.d Update distribution-1.0.dist-info/RECORD with the installed
	// > paths.
	in.addRecord()
	// > 2.e Remove empty distribution-1.0.data directory.
	// Nothing to remove: .data members were mapped, never unpacked.
	//
	// Bytecode compilation would come here: it needs the target's
	// interpreter, so it is left to a build step that can run it.
	return in.result()
}

// readDistInfo reads a member of the .dist-info directory, verified.
func (in *installation) readDistInfo(name string, required bool) ([]byte, error) {
	m := in.byName[in.distInfo+"/"+name]
	if m == nil {
		if required {
			return nil, invalid(in.src.wheel, in.distInfo+"/"+name, "is missing; every wheel has one")
		}
		return nil, nil
	}
	return in.src.readVerified(m, in.hashes[m.name], maxMetadata)
}

func (in *installation) readEntryPoints() error {
	data, err := in.readDistInfo("entry_points.txt", false)
	if err != nil || data == nil {
		return err
	}
	in.scripts, err = parseEntryPoints(data)
	if err != nil {
		return invalid(in.src.wheel, in.distInfo+"/entry_points.txt", "%v", err)
	}
	return nil
}

func (in *installation) result() (*Installed, error) {
	out := &Installed{Name: in.name, Version: in.version, Metadata: in.metadata}
	for _, s := range in.scripts {
		out.Scripts = append(out.Scripts, s.name)
	}
	targets := make(map[string]bool, len(in.files))
	for _, f := range in.files {
		if targets[f.entry.Path] {
			return nil, invalid(in.src.wheel, f.entry.Path, "two files of the wheel install to this path")
		}
		targets[f.entry.Path] = true
		out.Entries = append(out.Entries, f.entry)
		out.Size += f.entry.Size
	}
	// A file where another file needs a directory would make an
	// unextractable layer.
	for p := range targets {
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if targets[dir] {
				return nil, invalid(in.src.wheel, dir, "is installed as a file and as the directory of %s", p)
			}
		}
	}
	slices.SortFunc(out.Entries, func(a, b layer.Entry) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// add records a file to install at image path target.
func (in *installation) add(target string, mode fs.FileMode, size int64, hash string, open func() (io.ReadCloser, error)) {
	in.files = append(in.files, installedFile{
		entry: layer.Entry{Path: target, Mode: mode, Size: size, Open: open},
		hash:  hash,
	})
}
