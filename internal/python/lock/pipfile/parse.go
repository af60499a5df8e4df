package pipfile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

// maxFileSize bounds what Parse reads: large real Pipfile.lock files are
// well under a megabyte.
const maxFileSize = 64 << 20

// Parse reads the Pipfile.lock at path. It checks the format version, the
// sources and every entry's syntax; pins, paths and VCS references are
// checked by Select, for the entries it selects.
func Parse(path string, opts ...Option) (*File, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	data, err := readFile(abs)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	f, err := parse(data, filepath.Base(path), filepath.Dir(abs), o)
	if err != nil {
		return nil, err
	}
	f.path = path
	return f, nil
}

// Open is Parse as a lock.OpenFunc; the pyproject is not needed.
func Open(_ context.Context, in lock.Input) (lock.Lockfile, error) {
	f, err := Parse(in.Path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func readFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("larger than %d MiB: is it a Pipfile.lock?", maxFileSize>>20)
	}
	return data, nil
}

// parse reads the JSON of a Pipfile.lock named name (for messages) in
// directory dir.
func parse(data []byte, name, dir string, o options) (*File, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &top); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", name, err)
	}
	rawMeta, ok := top["_meta"]
	if !ok {
		return nil, fmt.Errorf("parsing %s: no _meta: it is not a Pipfile.lock (pipenv lock writes one)", name)
	}
	var m meta
	if err := json.Unmarshal(rawMeta, &m); err != nil {
		return nil, fmt.Errorf("parsing %s _meta: %w", name, err)
	}
	if m.Spec != nil && (*m.Spec < 1 || *m.Spec > maxSpec) {
		return nil, fmt.Errorf("parsing %s: pipfile-spec %d is not one pyko reads (1 to %d): lock with a pipenv that writes %d, or tell pyko's maintainers", name, *m.Spec, maxSpec, maxSpec)
	}
	f := &File{name: name, categories: map[string][]entry{}}
	names := map[string]string{}
	for i, s := range m.Sources {
		if s.URL == "" {
			return nil, fmt.Errorf("parsing %s: _meta.sources[%d] has no url", name, i)
		}
		u := expandEnv(s.URL, o.lookupEnv)
		f.sources = append(f.sources, u)
		if s.Name != "" {
			names[s.Name] = u
		}
	}
	f.requireHashes = true
	// Sorted, so that the first error is always the same one.
	for _, cat := range sortedKeys(top) {
		if cat == "_meta" {
			continue
		}
		var entries map[string]entryJSON
		if err := json.Unmarshal(top[cat], &entries); err != nil {
			return nil, fmt.Errorf("parsing %s %s: %w", name, cat, err)
		}
		list := make([]entry, 0, len(entries))
		for _, key := range sortedKeys(entries) {
			e, err := checkEntry(cat, key, entries[key], names, dir)
			if err != nil {
				return nil, &EntryError{File: name, Category: cat, Name: key, Err: err}
			}
			list = append(list, e)
			if len(e.hashes) == 0 {
				f.requireHashes = false
			}
		}
		f.categories[cat] = list
	}
	return f, nil
}

// envVar is a variable reference pipenv expands in source URLs, as
// Python's os.path.expandvars does: $NAME or ${NAME}.
var envVar = regexp.MustCompile(`\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))`)

// expandEnv replaces the variables that are set; others stay as written.
func expandEnv(s string, lookupEnv func(string) (string, bool)) string {
	return envVar.ReplaceAllStringFunc(s, func(m string) string {
		sub := envVar.FindStringSubmatch(m)
		if v, ok := lookupEnv(sub[1] + sub[2]); ok {
			return v
		}
		return m
	})
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
