package image

import (
	"archive/tar"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"golang.org/x/sync/errgroup"
)

// Facts are what pyko needs to know about a base image's filesystem.
type Facts struct {
	// Passwd and Group hold /etc/passwd and /etc/group, empty when absent.
	Passwd, Group []byte
	// CABundle is set when /etc/ssl/certs/ca-certificates.crt exists.
	CABundle bool
	// Interpreters lists python3.N executables in /usr/bin and
	// /usr/local/bin, as absolute paths.
	Interpreters []string
	// Glibc and Python are the versions of glibc ("2.36") and CPython
	// ("3.11.2") that the image's package database records; empty when it
	// has none (a Python built into /usr/local, say).
	Glibc, Python string
	// StdlibPycs lists the standard libraries' compiled os module
	// ("/usr/lib/python3.11/__pycache__/os.cpython-311.pyc"): a base
	// whose stdlib has no pycs gets them from pyko.
	StdlibPycs []string `json:",omitempty"`
	// Packages are the installed packages of its package databases
	// (for the SBOM), sorted by type and name; OSRelease what
	// /etc/os-release says (ID, NAME, VERSION_ID).
	Packages  []Package         `json:",omitempty"`
	OSRelease map[string]string `json:",omitempty"`
}

// CABundlePath is where Wolfi, Debian and Alpine keep the CA bundle.
const CABundlePath = "/etc/ssl/certs/ca-certificates.crt"

// maxTextFile caps what is read of /etc/passwd and /etc/group.
const maxTextFile = 1 << 20

var (
	interpreterRe = regexp.MustCompile(`^usr/(local/)?bin/python3\.[0-9]+$`)
	stdlibPycRe   = regexp.MustCompile(`^usr/(local/)?lib/python3\.[0-9]+/__pycache__/os\.cpython-3[0-9]+\.pyc$`)
)

// event is one change a layer makes to a path pyko cares about.
type event struct {
	path    string
	delete  bool // a whiteout: path and everything below it is gone
	opaque  bool // an opaque whiteout: everything below path is gone
	content []byte
	pkgs    []Package
}

// Scan reads the image's layers, in parallel, and applies their changes in
// order, whiteouts included, to learn the Facts.
func Scan(ctx context.Context, img v1.Image) (*Facts, error) {
	layers, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("listing layers: %w", err)
	}
	events := make([][]event, len(layers))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, l := range layers {
		g.Go(func() error {
			ev, err := scanLayer(ctx, l)
			if err != nil {
				d, _ := l.Digest()
				return fmt.Errorf("reading layer %s: %w", d, err)
			}
			events[i] = ev
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return apply(events), nil
}

func scanLayer(ctx context.Context, l v1.Layer) ([]event, error) {
	rc, err := l.Uncompressed()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	var out []event
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ev, ok, err := toEvent(h, tr)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, ev)
		}
	}
}

func toEvent(h *tar.Header, r io.Reader) (event, bool, error) {
	p := strings.TrimPrefix(path.Clean("/"+h.Name), "/")
	dir, base := path.Split(p)
	if base == ".wh..wh..opq" {
		return event{path: strings.TrimSuffix(dir, "/"), opaque: true}, true, nil
	}
	if strings.HasPrefix(base, ".wh.") {
		return event{path: dir + strings.TrimPrefix(base, ".wh."), delete: true}, true, nil
	}
	switch {
	case p == "etc/passwd" || p == "etc/group":
		if h.Typeflag != tar.TypeReg {
			return event{path: p}, true, nil
		}
		b, err := io.ReadAll(io.LimitReader(r, maxTextFile))
		return event{path: p, content: b}, true, err
	case pkgDBs[p] != "":
		if h.Typeflag != tar.TypeReg {
			return event{path: p}, true, nil
		}
		b, pkgs, err := readPkgDB(r, pkgDBs[p])
		return event{path: p, content: b, pkgs: pkgs}, true, err
	case p == "etc/os-release" || p == "usr/lib/os-release":
		if h.Typeflag != tar.TypeReg {
			return event{path: p}, true, nil
		}
		b, err := io.ReadAll(io.LimitReader(r, maxTextFile))
		return event{path: p, content: b}, true, err
	case p == strings.TrimPrefix(CABundlePath, "/") || interpreterRe.MatchString(p) || stdlibPycRe.MatchString(p):
		return event{path: p}, h.Typeflag != tar.TypeDir, nil
	}
	return event{}, false, nil
}

func apply(layers [][]event) *Facts {
	files := map[string][]byte{}
	pkgs := map[string][]Package{}
	for _, evs := range layers {
		for _, e := range evs {
			switch {
			case e.opaque:
				removeBelow(files, e.path)
			case e.delete:
				delete(files, e.path)
				removeBelow(files, e.path)
			default:
				files[e.path] = e.content
				pkgs[e.path] = e.pkgs
			}
		}
	}
	f := &Facts{Passwd: files["etc/passwd"], Group: files["etc/group"]}
	var db []byte
	for p := range pkgDBs {
		if _, ok := files[p]; ok {
			db = append(db, files[p]...)
			f.Packages = append(f.Packages, pkgs[p]...)
		}
	}
	slices.SortFunc(f.Packages, func(a, b Package) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
	f.Packages = slices.CompactFunc(f.Packages, func(a, b Package) bool { return a.Type == b.Type && a.Name == b.Name })
	release := files["etc/os-release"]
	if release == nil {
		release = files["usr/lib/os-release"]
	}
	f.OSRelease = ParseOSRelease(release)
	f.Glibc, f.Python = versions(db)
	_, f.CABundle = files[strings.TrimPrefix(CABundlePath, "/")]
	for p := range files {
		if interpreterRe.MatchString(p) {
			f.Interpreters = append(f.Interpreters, "/"+p)
		}
		if stdlibPycRe.MatchString(p) {
			f.StdlibPycs = append(f.StdlibPycs, "/"+p)
		}
	}
	slices.Sort(f.Interpreters)
	slices.Sort(f.StdlibPycs)
	return f
}

func removeBelow(files map[string][]byte, dir string) {
	prefix := dir + "/"
	for p := range files {
		if strings.HasPrefix(p, prefix) {
			delete(files, p)
		}
	}
}
