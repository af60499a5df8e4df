package requirements

import (
	"fmt"
	"strings"
)

// optionSpec is one option pip accepts in a requirements file.
type optionSpec struct {
	long  string // "--index-url"
	short string // "-i", or ""
	value bool   // it takes a value
	// perRequirement options may follow a requirement on its line; the
	// others must be on a line of their own.
	perRequirement bool
}

// optionSpecs are the options of pip's req_file.py SUPPORTED_OPTIONS and
// SUPPORTED_OPTIONS_REQ. Removed options (--install-option) are unknown.
var optionSpecs = []optionSpec{
	{long: "--index-url", short: "-i", value: true},
	{long: "--extra-index-url", value: true},
	{long: "--no-index"},
	{long: "--constraint", short: "-c", value: true},
	{long: "--requirement", short: "-r", value: true},
	{long: "--editable", short: "-e", value: true},
	{long: "--find-links", short: "-f", value: true},
	{long: "--no-binary", value: true},
	{long: "--only-binary", value: true},
	{long: "--prefer-binary"},
	{long: "--require-hashes"},
	{long: "--pre"},
	{long: "--trusted-host", value: true},
	{long: "--use-feature", value: true},
	{long: "--hash", value: true, perRequirement: true},
	{long: "--global-option", value: true, perRequirement: true},
	{long: "--config-settings", short: "-C", value: true, perRequirement: true},
}

// option is one option given on a line, by its long name.
type option struct {
	name, value string
}

// parsedLine is what one logical line says: a requirement with its
// options, or options alone.
type parsedLine struct {
	req  string // the requirement as written, "" on an option line
	opts []option
}

// parseLine splits a logical line into its requirement and options and
// parses the options as pip's optparse would: "--name=value", "--name
// value", "-xvalue", "-x value", and long names shortened to a unique
// prefix.
func parseLine(text string) (parsedLine, error) {
	req, optText := splitArgsOptions(text)
	words, err := shellSplit(optText)
	if err != nil {
		return parsedLine{}, fmt.Errorf("splitting options %q: %w", optText, err)
	}
	pl := parsedLine{req: req}
	for i := 0; i < len(words); i++ {
		w := words[i]
		spec, value, hasValue, err := lookupOption(w)
		if err != nil {
			return parsedLine{}, err
		}
		if req != "" && !spec.perRequirement {
			return parsedLine{}, fmt.Errorf("%s must be on a line of its own, not after the requirement %q", spec.long, req)
		}
		switch {
		case !spec.value && hasValue:
			return parsedLine{}, fmt.Errorf("%s takes no value", spec.long)
		case spec.value && !hasValue:
			if i+1 == len(words) {
				return parsedLine{}, fmt.Errorf("%s needs a value", spec.long)
			}
			i++
			value = words[i]
		}
		pl.opts = append(pl.opts, option{name: spec.long, value: value})
	}
	return pl, nil
}

// lookupOption finds the option a word names and the value attached to it
// ("--hash=sha256:…", "-rbase.txt").
func lookupOption(w string) (spec optionSpec, value string, hasValue bool, err error) {
	switch {
	case strings.HasPrefix(w, "--") && len(w) > 2:
		name, value, hasValue := strings.Cut(w, "=")
		spec, err := lookupLong(name)
		return spec, value, hasValue, err
	case strings.HasPrefix(w, "-") && len(w) > 1 && w[1] != '-':
		for _, s := range optionSpecs {
			if s.short != "" && s.short == w[:2] {
				return s, w[2:], len(w) > 2, nil
			}
		}
		return optionSpec{}, "", false, fmt.Errorf("unknown option %s", w[:2])
	}
	return optionSpec{}, "", false, fmt.Errorf("unexpected %q among the options: a requirement comes first on its line, and a line holds one", w)
}

// lookupLong finds a long option by its name or, as optparse allows, by a
// prefix of it that no other option shares.
func lookupLong(name string) (optionSpec, error) {
	var found []optionSpec
	for _, s := range optionSpecs {
		if s.long == name {
			return s, nil
		}
		if strings.HasPrefix(s.long, name) {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 0:
		return optionSpec{}, fmt.Errorf("unknown option %s", name)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, s := range found {
		names[i] = s.long
	}
	return optionSpec{}, fmt.Errorf("option %s is ambiguous: %s", name, strings.Join(names, ", "))
}
