package lock

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
)

// Registry is a fixed set of lockfile formats: it finds a project's
// lockfile in the default search order and opens a lockfile by the format
// its name says. Build one with NewRegistry; the formats pyko reads are
// in package formats.
type Registry struct {
	formats []Format // by Priority
}

// NewRegistry makes a registry of formats. It is an error when a format
// has no name, no Open or a malformed pattern, when two formats share a
// name, a priority or a file name, or when more than one is the fallback.
// Patterns may overlap other formats' names: see Lookup.
func NewRegistry(formats ...Format) (*Registry, error) {
	r := &Registry{}
	names, prios, files := map[string]bool{}, map[int]string{}, map[string]string{}
	fallback := ""
	for _, f := range formats {
		switch {
		case f.Name == "":
			return nil, errors.New("lock format with no name")
		case f.Open == nil:
			return nil, fmt.Errorf("lock format %s: no Open", f.Name)
		case names[f.Name]:
			return nil, fmt.Errorf("lock format %s: registered twice", f.Name)
		case prios[f.Priority] != "":
			return nil, fmt.Errorf("lock format %s: priority %d is also %s's", f.Name, f.Priority, prios[f.Priority])
		case f.Fallback && fallback != "":
			return nil, fmt.Errorf("lock format %s: %s is already the fallback", f.Name, fallback)
		}
		names[f.Name], prios[f.Priority] = true, f.Name
		if f.Fallback {
			fallback = f.Name
		}
		for _, n := range f.Files {
			if other, ok := files[n]; ok {
				return nil, fmt.Errorf("lock format %s: file name %s is also %s's", f.Name, n, other)
			}
			files[n] = f.Name
		}
		for _, p := range f.Patterns {
			if _, err := path.Match(p, ""); err != nil {
				return nil, fmt.Errorf("lock format %s: pattern %q: %w", f.Name, p, err)
			}
		}
		r.formats = append(r.formats, f.clone())
	}
	slices.SortFunc(r.formats, func(a, b Format) int { return cmp.Compare(a.Priority, b.Priority) })
	return r, nil
}

// Formats are the registry's formats in the default search order.
func (r *Registry) Formats() []Format {
	out := make([]Format, len(r.formats))
	for i, f := range r.formats {
		out[i] = f.clone()
	}
	return out
}

// Names are the file names and patterns the formats claim, in the
// default search order, for messages: "pylock.toml", "pylock.*.toml",
// "uv.lock", ….
func (r *Registry) Names() []string {
	var out []string
	for _, f := range r.formats {
		out = append(append(out, f.Files...), f.Patterns...)
	}
	return out
}

// Lookup returns the format that opens the lockfile file, by its base
// name: the format with that exact name, else the one with a matching
// pattern (the first in search order), else the fallback. It is false
// when there is none.
func (r *Registry) Lookup(file string) (Format, bool) {
	base := filepath.Base(file)
	var byPattern, fallback *Format
	for i := range r.formats {
		f := &r.formats[i]
		exact, pattern := f.claims(base)
		switch {
		case exact:
			return f.clone(), true
		case pattern && byPattern == nil:
			byPattern = f
		case f.Fallback:
			fallback = f
		}
	}
	for _, f := range []*Format{byPattern, fallback} {
		if f != nil {
			return f.clone(), true
		}
	}
	return Format{}, false
}
