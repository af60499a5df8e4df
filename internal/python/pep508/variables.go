package pep508

// varKind says how a marker variable compares.
type varKind uint8

const (
	// kindString compares as a string.
	kindString varKind = iota
	// kindVersion compares as a PEP 440 version when both sides are
	// versions, as a string otherwise (the spec's "Version" and
	// "Version | String" types).
	kindVersion
	// kindExtra is "extra": compared with PEP 503 normalisation, against
	// the set of extras being installed.
	kindExtra
	// kindSet is a PEP 751 set-valued variable ("extras",
	// "dependency_groups"), usable only as `"name" in var`.
	kindSet
)

// variables lists the marker variables and their kinds. The version ones
// are packaging's MARKERS_REQUIRING_VERSION; os_name == "1.0" stays a
// string comparison.
var variables = map[string]varKind{
	"python_version":                 kindVersion,
	"python_full_version":            kindVersion,
	"implementation_version":         kindVersion,
	"platform_release":               kindVersion,
	"os_name":                        kindString,
	"sys_platform":                   kindString,
	"platform_system":                kindString,
	"platform_version":               kindString,
	"platform_machine":               kindString,
	"platform_python_implementation": kindString,
	"implementation_name":            kindString,
	"extra":                          kindExtra,
	"extras":                         kindSet,
	"dependency_groups":              kindSet,
}

// aliases maps the PEP 345 dotted names and setuptools' legacy
// "python_implementation", which old METADATA still carries, to the
// canonical variable. String prints the canonical name.
var aliases = map[string]string{
	"os.name":                        "os_name",
	"sys.platform":                   "sys_platform",
	"platform.version":               "platform_version",
	"platform.machine":               "platform_machine",
	"platform.python_implementation": "platform_python_implementation",
	"python_implementation":          "platform_python_implementation",
}

// lookupVariable returns the canonical name of a marker variable.
func lookupVariable(word string) (string, bool) {
	if canon, ok := aliases[word]; ok {
		return canon, true
	}
	_, ok := variables[word]
	return word, ok
}
