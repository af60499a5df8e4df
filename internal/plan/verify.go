package plan

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/target"
)

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Verify checks that p is whole and consistent before anything of it is
// executed: every package and wheel sits in exactly one layer and every
// layer names only what the plan lists, every wheel has a sha256 to be
// checked against, targets match their platforms, and no path leaves the
// image root. Download-time checks (hashes, signatures) come on top.
func Verify(p *Plan) error {
	if p.Layers.Compression != "gzip" && p.Layers.Compression != "zstd" {
		return fmt.Errorf("layerFormat.compression %q: use gzip or zstd", p.Layers.Compression)
	}
	if err := verifyApp(p.App); err != nil {
		return err
	}
	if len(p.Platforms) == 0 {
		return errors.New("the plan has no platform")
	}
	for _, pl := range p.Platforms {
		if err := verifyPlatform(pl); err != nil {
			return fmt.Errorf("platform %s: %w", pl.Platform, err)
		}
	}
	return nil
}

func verifyApp(a App) error {
	if !path.IsAbs(a.Dir) || path.Clean(a.Dir) != a.Dir || a.Dir == "/" {
		return fmt.Errorf("app.dir %q: use an absolute directory such as /app", a.Dir)
	}
	return verifyFiles(a.Files)
}

// verifyFiles checks files of the project (the app's, a directory's to
// build): relative paths inside, octal modes, hashes of regular files.
func verifyFiles(files []AppFile) error {
	for _, f := range files {
		if !localPath(f.Path) {
			return fmt.Errorf("app file %q: not a relative path inside the project", f.Path)
		}
		if _, err := ParseMode(f.Mode); err != nil {
			return fmt.Errorf("app file %s: %w", f.Path, err)
		}
		switch f.Type {
		case "dir", "symlink":
		case "file":
			if !sha256Hex.MatchString(f.SHA256) {
				return fmt.Errorf("app file %s: sha256 %q is not 64 hex digits", f.Path, f.SHA256)
			}
		default:
			return fmt.Errorf("app file %s: type %q: use file, dir or symlink", f.Path, f.Type)
		}
	}
	return nil
}

func verifyPlatform(pl Platform) error {
	vp, err := v1.ParsePlatform(pl.Platform)
	if err != nil {
		return err
	}
	want, err := target.For(*vp)
	if err != nil && (pl.Target != target.Target{} || pl.OS != nil || len(pl.Wheels) > 0) {
		return err
	}
	if err == nil && want.Machine != pl.Target.Machine || want.APKArch != pl.Target.APKArch {
		return fmt.Errorf("target machine %q and apkArch %q do not match the platform (%q, %q)", pl.Target.Machine, pl.Target.APKArch, want.Machine, want.APKArch)
	}
	if (pl.Base == nil) == (pl.OS == nil) {
		return errors.New("give exactly one of base and os")
	}
	builds := slices.ContainsFunc(pl.Wheels, func(w Wheel) bool { return w.Build != nil })
	if builds != (pl.BuildRoot != nil) {
		return errors.New("buildRoot must be given exactly when a wheel is built from source")
	}
	if br := pl.BuildRoot; br != nil && (br.Arch != pl.Target.APKArch || len(br.Packages) == 0) {
		return fmt.Errorf("buildRoot: arch %q (want %q), %d packages", br.Arch, pl.Target.APKArch, len(br.Packages))
	}
	if err := verifyBytecode(pl.Bytecode); err != nil {
		return err
	}
	if pl.OS != nil && pl.OS.Arch != pl.Target.APKArch {
		return fmt.Errorf("os.arch %q is not the target's %q", pl.OS.Arch, pl.Target.APKArch)
	}
	for _, w := range pl.Wheels {
		if err := verifyWheel(w); err != nil {
			return err
		}
	}
	return verifyLayers(pl)
}

func verifyWheel(w Wheel) error {
	if w.Build != nil {
		return verifySource(w)
	}
	if w.SHA256 != "" && !sha256Hex.MatchString(w.SHA256) {
		return fmt.Errorf("wheel %s (%s): sha256 %q is not 64 hex digits", w.ID(), w.Filename, w.SHA256)
	}
	for _, h := range w.Hashes {
		if alg, d, err := lock.ParseHash(h); err != nil || alg+":"+d != h {
			return fmt.Errorf("wheel %s (%s): hash %q is not sha256, sha384 or sha512 and its lowercase hex digest", w.ID(), w.Filename, h)
		}
	}
	if w.SHA256 == "" && len(w.Hashes) == 0 {
		return fmt.Errorf("wheel %s (%s) has no sha256, sha384 or sha512 to check it against: pin hashes in the lockfile (or serve them from the index) and plan again", w.ID(), w.Filename)
	}
	if w.Filename == "" || strings.ContainsAny(w.Filename, "/\\") {
		return fmt.Errorf("wheel %s: filename %q", w.ID(), w.Filename)
	}
	return nil
}

// verifySource checks a wheel built from source: an sdist is named and
// hashed like a wheel, a directory's files are inside it and hashed, a
// git source is pinned by a full commit; nothing claims to know the
// built wheel.
func verifySource(w Wheel) error {
	b := w.Build
	if w.Filename != "" || w.URL != "" || w.SHA256 != "" || len(w.Hashes) > 0 {
		return fmt.Errorf("wheel %s is built from source: it has no filename, url or hashes before it is built", w.ID())
	}
	switch b.Kind {
	case SourceSdist:
		return verifyWheel(Wheel{Name: w.Name, Version: w.Version, Filename: b.Filename, URL: b.URL, SHA256: b.SHA256, Hashes: b.Hashes})
	case SourceDirectory:
		if b.Path == "" || path.IsAbs(b.Path) || path.Clean(b.Path) != b.Path {
			return fmt.Errorf("wheel %s: build path %q: want a clean path relative to the project", w.ID(), b.Path)
		}
		return verifyFiles(b.Files)
	case SourceGit:
		if b.URL == "" || !lock.IsCommit(b.Commit) {
			return fmt.Errorf("wheel %s: git source %q at %q: want a repository URL and a full commit id", w.ID(), b.URL, b.Commit)
		}
		if b.Subdirectory != "" && !localPath(b.Subdirectory) {
			return fmt.Errorf("wheel %s: git subdirectory %q leaves the repository", w.ID(), b.Subdirectory)
		}
		return nil
	}
	return fmt.Errorf("wheel %s: build kind %q: want sdist, directory or git", w.ID(), b.Kind)
}

// verifyLayers checks that each package and wheel is in exactly one layer
// of the right kind, and that layers name nothing else.
func verifyLayers(pl Platform) error {
	placed := map[string]int{}
	for _, l := range pl.Layers {
		if err := verifyLayer(pl, l, placed); err != nil {
			return fmt.Errorf("%s layer: %w", l.Kind, err)
		}
	}
	if pl.OS != nil {
		for _, pk := range pl.OS.Packages {
			if placed["os:"+pk.ID()] != 1 {
				return fmt.Errorf("package %s is in %d layers: it must be in exactly one", pk.ID(), placed["os:"+pk.ID()])
			}
		}
	}
	for _, w := range pl.Wheels {
		if placed["py:"+w.ID()] != 1 {
			return fmt.Errorf("wheel %s is in %d layers: it must be in exactly one", w.ID(), placed["py:"+w.ID()])
		}
	}
	return nil
}

func verifyLayer(pl Platform, l Layer, placed map[string]int) error {
	switch l.Kind {
	case KindAccounts:
		for _, f := range l.Files {
			if !localPath(f.Path) || (f.Type != "file" && f.Type != "dir") {
				return fmt.Errorf("file %q of type %q", f.Path, f.Type)
			}
			if _, err := ParseMode(f.Mode); err != nil {
				return err
			}
		}
	case KindOS:
		for _, id := range l.Packages {
			if pl.OS == nil || !hasPackage(pl.OS.Packages, id) {
				return fmt.Errorf("package %s is not among the plan's OS packages", id)
			}
			placed["os:"+id]++
		}
	case KindPython:
		for _, id := range l.Wheels {
			if !hasWheel(pl.Wheels, id) {
				return fmt.Errorf("wheel %s is not among the plan's wheels", id)
			}
			placed["py:"+id]++
		}
	case KindBytecode:
		if pl.Base == nil || pl.Bytecode == nil || pl.Bytecode.Stdlib != l.Note {
			return fmt.Errorf("a bytecode layer is for an image on a base whose stdlib %q the plan's bytecode compiles", l.Note)
		}
	case KindSBOM:
		if len(l.SBOM) == 0 {
			return errors.New("no format: give spdx, cyclonedx or both")
		}
		for _, f := range l.SBOM {
			if f != SBOMSPDX && f != SBOMCycloneDX {
				return fmt.Errorf("format %q: want spdx or cyclonedx", f)
			}
		}
	case KindGenerated, KindApp:
	default:
		return errors.New("unknown kind: use accounts, os, generated, bytecode, python, app or sbom")
	}
	return nil
}

func hasPackage(ps []OSPackage, id string) bool {
	for _, p := range ps {
		if p.ID() == id {
			return true
		}
	}
	return false
}

func hasWheel(ws []Wheel, id string) bool {
	for _, w := range ws {
		if w.ID() == id {
			return true
		}
	}
	return false
}

// localPath: relative, clean, slash-separated and inside its root.
func localPath(p string) bool {
	return p != "" && !path.IsAbs(p) && path.Clean(p) == p && p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// ParseMode reads an octal permission string such as "0644".
func ParseMode(s string) (uint32, error) {
	m, err := strconv.ParseUint(s, 8, 32)
	if err != nil || m > 0o7777 {
		return 0, fmt.Errorf("mode %q: use octal permissions such as 0644", s)
	}
	return uint32(m), nil
}

// FormatMode writes permissions as ParseMode reads them.
func FormatMode(m uint32) string { return fmt.Sprintf("%04o", m&0o7777) }
