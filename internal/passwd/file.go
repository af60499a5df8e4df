package passwd

import (
	"bytes"
	"strconv"
	"strings"
)

// Entry is what a File holds: a User or a Group.
type Entry interface {
	// String formats the entry as a line, without the newline.
	String() string
	key() (name string, id int)
}

// File is a parsed passwd or group file: its bytes, kept as they are, and
// its valid entries in file order.
type File[E Entry] struct {
	data    []byte
	owned   bool // data is a copy that Add may append to
	entries []E
}

// parse reads every line of data with entry, which reports whether the
// line (comments and blank lines already skipped) is a valid entry.
func parse[E Entry](data []byte, entry func(line string) (E, bool)) *File[E] {
	f := &File[E]{data: data}
	for line := range strings.SplitSeq(string(data), "\n") {
		line = strings.TrimLeft(line, " \t\n\v\f\r")
		if line == "" || line[0] == '#' {
			continue
		}
		if e, ok := entry(line); ok {
			f.entries = append(f.entries, e)
		}
	}
	return f
}

// Entries returns the valid entries in file order.
func (f *File[E]) Entries() []E { return f.entries }

// ByName returns the first entry named name.
func (f *File[E]) ByName(name string) (E, bool) {
	return f.find(func(n string, _ int) bool { return n == name })
}

// ByID returns the first entry with the numeric ID id (UID or GID).
func (f *File[E]) ByID(id int) (E, bool) {
	return f.find(func(_ string, i int) bool { return i == id })
}

func (f *File[E]) find(match func(name string, id int) bool) (E, bool) {
	for _, e := range f.entries {
		if match(e.key()) {
			return e, true
		}
	}
	var zero E
	return zero, false
}

// Add appends e as a new last line. It does not check that e's name or ID
// is free, nor that its fields hold no ':' or newline: the caller decides.
func (f *File[E]) Add(e E) {
	if !f.owned {
		f.data, f.owned = bytes.Clone(f.data), true
	}
	if len(f.data) > 0 && f.data[len(f.data)-1] != '\n' {
		f.data = append(f.data, '\n')
	}
	f.data = append(f.data, e.String()+"\n"...)
	f.entries = append(f.entries, e)
}

// Bytes returns the file: the parsed bytes unchanged, then the added lines.
func (f *File[E]) Bytes() []byte { return f.data }

// id parses a UID or GID field: decimal digits, at most 2^32-1, as
// glibc's uid_t and gid_t.
func id(field string) (int, bool) {
	if field == "" || strings.TrimLeft(field, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(field, 10, 32)
	return int(n), err == nil
}
