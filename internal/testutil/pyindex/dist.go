package pyindex

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// dist is one file of the folder, as the pages describe it.
type dist struct {
	filename, project, version string
	size                       int64
	mtime                      time.Time
	sha256                     string
	metadata                   []byte // a wheel's METADATA; nil for sdists
	requiresPython             string
}

func (d *dist) wheel() bool { return strings.HasSuffix(d.filename, ".whl") }

// sdistExts are the archive suffixes of source distributions.
var sdistExts = []string{".tar.gz", ".zip", ".tar.bz2", ".tgz"}

// parseFilename returns the normalized project and the version a
// distribution's file name gives, or ok false for other files.
func parseFilename(name string) (project, version string, ok bool) {
	if stem, found := strings.CutSuffix(name, ".whl"); found {
		parts := strings.Split(stem, "-")
		if len(parts) < 5 {
			return "", "", false
		}
		return pep503.Normalize(parts[0]), parts[1], true
	}
	for _, ext := range sdistExts {
		if stem, found := strings.CutSuffix(name, ext); found {
			i := strings.LastIndex(stem, "-")
			if i <= 0 {
				return "", "", false
			}
			return pep503.Normalize(stem[:i]), stem[i+1:], true
		}
	}
	return "", "", false
}

// dists reads the folder: every distribution, sorted by file name. File
// details are cached by size and modification time.
func (s *Server) dists() ([]*dist, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var out []*dist
	for _, e := range entries {
		project, version, ok := parseFilename(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		d, err := s.dist(e.Name(), project, version)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].filename < out[j].filename })
	return out, nil
}

func (s *Server) dist(name, project, version string) (*dist, error) {
	path := filepath.Join(s.dir, name)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	d, ok := s.cache[name]
	s.mu.Unlock()
	if ok && d.size == fi.Size() && d.mtime.Equal(fi.ModTime()) {
		return d, nil
	}
	sum, err := fetch.HashFile(path)
	if err != nil {
		return nil, err
	}
	d = &dist{
		filename: name, project: project, version: version,
		size: fi.Size(), mtime: fi.ModTime(), sha256: sum,
	}
	if d.wheel() {
		// A wheel the server cannot read (a hostile or broken test wheel)
		// is still served, only without metadata.
		if meta, err := wheelMetadata(path); err == nil {
			d.metadata = meta
			d.requiresPython = header(meta, "Requires-Python")
		}
		if meta, ok := s.cfg.metadata[name]; ok {
			d.metadata = meta
		}
	}
	s.mu.Lock()
	s.cache[name] = d
	s.mu.Unlock()
	return d, nil
}

// wheelMetadata returns the content of the wheel's
// <name>-<version>.dist-info/METADATA.
func wheelMetadata(path string) ([]byte, error) {
	zr, err := zip.OpenReader(path)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	defer zr.Close()
	for _, f := range zr.File {
		dir, base, ok := strings.Cut(f.Name, "/")
		if !ok || base != "METADATA" || !strings.HasSuffix(dir, ".dist-info") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(io.LimitReader(rc, 1<<20))
	}
	return nil, errors.New("no .dist-info/METADATA")
}

// header returns the first value of a core metadata header, or "".
func header(meta []byte, key string) string {
	sc := bufio.NewScanner(bytes.NewReader(meta))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			break // the body (the description) starts
		}
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), key) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
