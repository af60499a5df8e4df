package poetry

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// artifacts lists a package's files. poetry.lock records names and hashes
// but no URLs: the index is asked for them, except for a package whose
// source is itself a file or a URL.
func (f *File) artifacts(w *packageWire) ([]lock.File, error) {
	var direct, name string
	if s := w.Source; s != nil && (s.Type == "url" || s.Type == "file") {
		direct = s.URL
		if s.Type == "file" {
			direct = lock.FileURL(f.dir, s.URL)
		}
		name = lock.FileName(direct)
	}
	out := make([]lock.File, 0, len(w.Files))
	for _, fw := range w.Files {
		a := lock.File{Filename: fw.File}
		if err := a.SetHash(fw.Hash); err != nil {
			return nil, fmt.Errorf("file %s: %w: re-lock with `poetry lock`", fw.File, err)
		}
		if direct != "" && (fw.File == name || len(w.Files) == 1) {
			a.URL = direct
		}
		out = append(out, a)
	}
	if len(out) == 0 && direct != "" {
		out = append(out, lock.File{Filename: name, URL: direct})
	}
	return out, nil
}
