package wheelname

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
	"github.com/pyko-dev/pyko/internal/python/tags"
)

// Name is a parsed wheel file name.
type Name struct {
	// Distribution is the project name as the file writes it
	// ("typing_extensions"); compare with pep503.Normalize.
	Distribution string
	// Version is the version as written; it is a valid PEP 440 version.
	Version string
	// Build is the optional build tag, starting with a digit; "" if absent.
	Build string
	// Tags is the expanded tag set: "py2.py3-none-any" gives py2-none-any
	// and py3-none-any, python tags outermost, in the order written.
	Tags []tags.Tag
}

// Error is a wheel file name that does not follow the convention.
type Error struct {
	Filename string
	Msg      string
}

func (e *Error) Error() string {
	return fmt.Sprintf("parsing wheel filename %q: %s", e.Filename, e.Msg)
}

// The traps of the file name convention:
//
//   - "-" separates the fields, so a name writes its dashes as "_"
//     ("typing_extensions-4.12.2-py3-none-any.whl"); a file with more than
//     six fields is invalid, not a name with dashes.
//   - The build tag is optional and must start with a digit: with six
//     fields, the third is the build tag.
//   - Each tag field may be a "."-separated set ("py2.py3",
//     "manylinux_2_17_x86_64.manylinux2014_x86_64"): the wheel carries the
//     product of the three sets.
//   - A file name from an index is untrusted: a "/" or "\" in it could
//     steer a download path, so it is rejected here.

// Parse parses a wheel file name (not a path or URL). Errors are *Error
// and begin with the file name.
func Parse(filename string) (Name, error) {
	fail := func(format string, args ...any) (Name, error) {
		return Name{}, &Error{Filename: filename, Msg: fmt.Sprintf(format, args...)}
	}
	if strings.ContainsAny(filename, `/\`) {
		return fail("a file name must not contain a path separator")
	}
	stem, ok := strings.CutSuffix(filename, ".whl")
	if !ok {
		return fail(`a wheel file name ends in ".whl"`)
	}
	parts := strings.Split(stem, "-")
	if len(parts) != 5 && len(parts) != 6 {
		return fail("expected {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl, found %d dash-separated fields", len(parts))
	}
	var n Name
	n.Distribution, n.Version = parts[0], parts[1]
	if !pep503.Valid(n.Distribution) {
		return fail("invalid distribution name %q", n.Distribution)
	}
	if _, err := pep440.Parse(n.Version); err != nil {
		return fail("invalid version %q: %v", n.Version, err)
	}
	if len(parts) == 6 {
		n.Build = parts[2]
		if !validBuild(n.Build) {
			return fail("build tag %q must start with a digit and hold only letters, digits, \"_\" and \".\"", n.Build)
		}
	}
	tagFields := parts[len(parts)-3:]
	sets := make([][]string, 3)
	for i, field := range tagFields {
		set, err := splitTagSet(field)
		if err != nil {
			return fail("%s tag %q: %v", [...]string{"python", "abi", "platform"}[i], field, err)
		}
		sets[i] = set
	}
	for _, py := range sets[0] {
		for _, abi := range sets[1] {
			for _, plat := range sets[2] {
				n.Tags = append(n.Tags, tags.Tag{Python: py, ABI: abi, Platform: plat})
			}
		}
	}
	return n, nil
}

// validBuild: a digit first, then letters, digits, "_" and ".".
func validBuild(b string) bool {
	if b == "" || b[0] < '0' || b[0] > '9' {
		return false
	}
	return strings.Trim(b, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == ""
}

// splitTagSet splits "py2.py3" into its tags, each non-empty, made of
// letters, digits and "_", without repeats.
func splitTagSet(field string) ([]string, error) {
	var set []string
	for tag := range strings.SplitSeq(field, ".") {
		if tag == "" {
			return nil, fmt.Errorf("empty tag")
		}
		if strings.Trim(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
			return nil, fmt.Errorf("tag %q holds a character other than a letter, digit or \"_\"", tag)
		}
		if slices.Contains(set, tag) {
			return nil, fmt.Errorf("tag %q appears twice", tag)
		}
		set = append(set, tag)
	}
	return set, nil
}

// String writes the file name back, compressing the tags into one
// "."-separated set per field, each in first-seen order. For a Name from
// Parse this is the original file name.
func (n Name) String() string {
	var py, abi, plat []string
	for _, t := range n.Tags {
		py = appendNew(py, t.Python)
		abi = appendNew(abi, t.ABI)
		plat = appendNew(plat, t.Platform)
	}
	fields := []string{n.Distribution, n.Version}
	if n.Build != "" {
		fields = append(fields, n.Build)
	}
	fields = append(fields, strings.Join(py, "."), strings.Join(abi, "."), strings.Join(plat, "."))
	return strings.Join(fields, "-") + ".whl"
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
