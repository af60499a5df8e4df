package uvlock

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// artifacts lists a package's wheels and then its sdist. Relative URLs
// are resolved against the package's artifact-base (newer uv factors the
// common prefix out); local paths become file: URLs relative to dir, the
// lock's directory.
func artifacts(dir string, w *packageWire) ([]lock.File, error) {
	var out []lock.File
	all := w.Wheels
	if w.Sdist != nil {
		all = append(all[:len(all):len(all)], *w.Sdist)
	}
	for _, fw := range all {
		a, err := artifact(dir, w, fw)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func artifact(dir string, w *packageWire, fw fileWire) (lock.File, error) {
	a := lock.File{Size: fw.Size}
	switch {
	case fw.URL != "":
		u, err := resolveURL(w.ArtifactBase, fw.URL)
		if err != nil {
			return a, err
		}
		a.URL = u
		a.Filename = lock.FileName(u)
	case fw.Path != "":
		a.URL = lock.FileURL(dir, fw.Path)
		a.Filename = path.Base(filepath.ToSlash(fw.Path))
	case fw.Filename != "":
		// A file of a url or path source: the file is the source itself.
		a.Filename = fw.Filename
		switch {
		case w.Source.URL != "":
			a.URL = w.Source.URL
		case w.Source.Path != "":
			a.URL = lock.FileURL(dir, w.Source.Path)
		}
	default:
		return a, fmt.Errorf("a file has no url, path or filename: run `uv lock`")
	}
	if fw.Filename != "" {
		a.Filename = fw.Filename
	}
	if err := a.SetHash(fw.Hash); err != nil {
		return a, fmt.Errorf("file %s: %w: run `uv lock`", a.Filename, err)
	}
	return a, nil
}

// resolveURL joins a relative artifact URL to the package's artifact-base.
func resolveURL(base, ref string) (string, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("parsing file URL %q: %w", ref, err)
	}
	if u.Scheme != "" || base == "" {
		return ref, nil
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("parsing artifact-base %q: %w", base, err)
	}
	return b.ResolveReference(u).String(), nil
}
