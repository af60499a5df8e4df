package poetry

// The TOML shapes of poetry.lock. Keys pyko does not need (description,
// [package.extras]' descriptions, ...) are left out: the decoder ignores
// them.

type lockWire struct {
	Packages []packageWire `toml:"package"`
	// Extras maps the project's extras to the names of the packages each
	// adds (written by Poetry before lock-version 2.1).
	Extras   map[string][]string `toml:"extras"`
	Metadata metadataWire        `toml:"metadata"`
}

type metadataWire struct {
	LockVersion    string `toml:"lock-version"`
	PythonVersions string `toml:"python-versions"`
	// Files holds every package's files in lock-version 1.x; 2.x moved
	// them into each [[package]].
	Files map[string][]fileWire `toml:"files"`
}

type packageWire struct {
	Name           string `toml:"name"`
	Version        string `toml:"version"`
	Optional       bool   `toml:"optional"`
	PythonVersions string `toml:"python-versions"`
	// Groups and Markers (lock-version 2.1) say in which of the project's
	// groups the package is needed and under which markers: a string for
	// every group, or a table by group.
	Groups  []string   `toml:"groups"`
	Markers any        `toml:"markers"`
	Files   []fileWire `toml:"files"`
	// Dependencies map a name to a constraint string, a table, or an array
	// of tables (one name constrained differently under different markers).
	Dependencies map[string]any `toml:"dependencies"`
	// Extras map each extra to requirement strings, "name[x] (>=1) ; marker".
	Extras map[string][]string `toml:"extras"`
	Source *sourceWire         `toml:"source"`
}

// sourceWire is where a package does not come from the default index:
// type git, directory, file, url, or legacy (a named package index).
type sourceWire struct {
	Type              string `toml:"type"`
	URL               string `toml:"url"`
	Reference         string `toml:"reference"`
	ResolvedReference string `toml:"resolved_reference"`
	Subdirectory      string `toml:"subdirectory"`
}

type fileWire struct {
	File string `toml:"file"`
	Hash string `toml:"hash"`
}
