package debwheels

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// meta is what a wheel's .dist-info is made from, read from the .egg-info or
// .dist-info directory Debian installs.
type meta struct {
	metadataVersion string
	name            string
	version         string // as the metadata spells it
	summary         string
	requiresPython  string
	providesExtra   []string
	extraRequires   []string // Requires-Dist values of extras
	entryPoints     []byte   // entry_points.txt, nil when absent
}

// readMeta reads an installed .egg-info (PKG-INFO, requires.txt) or
// .dist-info (METADATA) directory, and its entry_points.txt.
func readMeta(dir string) (meta, error) {
	egg := strings.HasSuffix(dir, ".egg-info")
	name := "METADATA"
	if egg {
		name = "PKG-INFO"
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return meta{}, fmt.Errorf("reading package metadata: %w", err)
	}
	fields, err := parseHeaders(string(b))
	if err != nil {
		return meta{}, fmt.Errorf("reading %s: %w", filepath.Join(dir, name), err)
	}
	m := meta{
		metadataVersion: get(fields, "Metadata-Version"),
		name:            get(fields, "Name"),
		version:         get(fields, "Version"),
		summary:         get(fields, "Summary"),
		requiresPython:  get(fields, "Requires-Python"),
		providesExtra:   all(fields, "Provides-Extra"),
	}
	if m.name == "" || m.version == "" {
		return meta{}, fmt.Errorf("reading %s: no Name or no Version field", filepath.Join(dir, name))
	}
	if egg {
		b, err := readOptional(filepath.Join(dir, "requires.txt"))
		if err != nil {
			return meta{}, err
		}
		// Debian empties the unconditional sections; they come from dists.
		if _, m.extraRequires, err = parseRequiresTxt(string(b)); err != nil {
			return meta{}, fmt.Errorf("reading %s: %w", filepath.Join(dir, "requires.txt"), err)
		}
	} else {
		for _, r := range all(fields, "Requires-Dist") {
			if isExtraRequirement(r) {
				m.extraRequires = append(m.extraRequires, r)
			}
		}
	}
	if m.entryPoints, err = readOptional(filepath.Join(dir, "entry_points.txt")); err != nil {
		return meta{}, err
	}
	return m, nil
}

// readOptional returns the content of path, or nil when it does not exist.
func readOptional(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading package metadata: %w", err)
	}
	return b, nil
}

// render writes METADATA with version (normalised) and the Requires-Dist
// entries requires followed by the extras' own. Only the fields that tools
// act on are kept; the long description is left out.
func (m meta) render(version string, requires []string) []byte {
	var b strings.Builder
	mv := m.metadataVersion
	switch mv {
	case "", "1.0", "1.1", "1.2", "2.0":
		mv = "2.1" // Provides-Extra needs 2.1
	}
	line := func(k, v string) {
		if v != "" {
			// A value never spans lines in the fields kept, but a stray
			// newline must not start a new field.
			fmt.Fprintf(&b, "%s: %s\n", k, strings.ReplaceAll(v, "\n", " "))
		}
	}
	line("Metadata-Version", mv)
	line("Name", m.name)
	line("Version", version)
	line("Summary", m.summary)
	line("Requires-Python", m.requiresPython)
	for _, r := range requires {
		line("Requires-Dist", r)
	}
	for _, e := range m.providesExtra {
		line("Provides-Extra", e)
	}
	for _, r := range m.extraRequires {
		line("Requires-Dist", r)
	}
	return []byte(b.String())
}
