package wheels

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// entry is one archive member, content in memory: test wheels are small.
type entry struct {
	name string
	data []byte
	mode fs.FileMode
}

// entries returns the wheel's archive members in archive order, RECORD
// last.
func (w Wheel) entries() ([]entry, error) {
	if w.Name == "" || w.Version == "" {
		return nil, errors.New("a wheel needs a Name and a Version")
	}
	if len(strings.Split(w.tags(), "-")) != 3 {
		return nil, fmt.Errorf("tags %q are not python-abi-platform", w.tags())
	}
	var out []entry
	seen := map[string]bool{}
	add := func(name string, data []byte, mode fs.FileMode) error {
		if !w.AllowUnsafePaths {
			if err := checkPath(name); err != nil {
				return err
			}
			if seen[name] {
				return fmt.Errorf("path %q is given twice", name)
			}
			seen[name] = true
		}
		out = append(out, entry{name: name, data: data, mode: fileMode(mode)})
		return nil
	}
	for _, f := range w.Files {
		if err := add(f.Path, f.Content, f.Mode); err != nil {
			return nil, err
		}
	}
	for _, f := range w.Data {
		if err := add(w.DataDir()+"/"+f.Path, f.Content, f.Mode); err != nil {
			return nil, err
		}
	}
	di := w.DistInfo()
	generated := []entry{
		{di + "/METADATA", w.metadata(), 0},
		{di + "/WHEEL", w.wheelFile(), 0},
	}
	if w.EntryPoints != "" {
		generated = append(generated, entry{di + "/entry_points.txt", []byte(w.EntryPoints), 0})
	}
	for _, e := range generated {
		if err := add(e.name, e.data, e.mode); err != nil {
			return nil, err
		}
	}
	// The .dist-info directory goes last, as the spec recommends, so that
	// an installer streaming the archive meets the payload first.
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.HasPrefix(out[i].name, di+"/"), strings.HasPrefix(out[j].name, di+"/")
		if a != b {
			return b
		}
		return out[i].name < out[j].name
	})
	record, err := w.record(out)
	if err != nil {
		return nil, err
	}
	return append(out, entry{di + "/RECORD", record, fileMode(0)}), nil
}

// checkPath rejects what a well-formed wheel never holds.
func checkPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) {
		return fmt.Errorf("path %q is empty, absolute or has a backslash (set AllowUnsafePaths to write it)", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("path %q has an empty, \".\" or \"..\" segment (set AllowUnsafePaths to write it)", p)
		}
	}
	return nil
}

// fileMode fills in default permissions: 0644, 0777 for symlinks.
func fileMode(m fs.FileMode) fs.FileMode {
	if m.Perm() != 0 {
		return m
	}
	if m&fs.ModeSymlink != 0 {
		return m | 0o777
	}
	return m | 0o644
}

// metadata is the METADATA file: the core metadata headers.
func (w Wheel) metadata() []byte {
	var b strings.Builder
	b.WriteString("Metadata-Version: 2.1\nName: " + w.Name + "\nVersion: " + w.Version + "\n")
	for _, l := range w.Metadata {
		b.WriteString(strings.TrimRight(l, "\n") + "\n")
	}
	return []byte(b.String())
}

// wheelFile is the WHEEL file, one Tag line per expanded tag.
func (w Wheel) wheelFile() []byte {
	var b strings.Builder
	purelib := "true"
	if w.Platlib {
		purelib = "false"
	}
	b.WriteString("Wheel-Version: 1.0\nGenerator: pyko-testutil\nRoot-Is-Purelib: " + purelib + "\n")
	if w.Build != "" {
		b.WriteString("Build: " + w.Build + "\n")
	}
	for _, t := range ExpandTags(w.tags()) {
		b.WriteString("Tag: " + t + "\n")
	}
	return []byte(b.String())
}
