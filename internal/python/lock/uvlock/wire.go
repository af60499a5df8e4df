package uvlock

// The TOML shapes of uv.lock, as uv's serializer writes them. Keys pyko
// does not need ([options], [package.metadata], upload-time, ...) are left
// out: the decoder ignores them.

type lockWire struct {
	Version           int64           `toml:"version"`
	Revision          int64           `toml:"revision"`
	RequiresPython    string          `toml:"requires-python"`
	ResolutionMarkers []string        `toml:"resolution-markers"`
	SupportedMarkers  []string        `toml:"supported-markers"`
	Conflicts         [][]conflictSet `toml:"conflicts"`
	Manifest          manifestWire    `toml:"manifest"`
	Packages          []packageWire   `toml:"package"`
}

type conflictSet struct {
	Package string `toml:"package"`
	Extra   string `toml:"extra"`
	Group   string `toml:"group"`
}

// manifestWire holds the workspace's inputs. Members name the workspace
// packages; Requirements and DependencyGroups are those of a workspace
// root that is not itself a project (no [project] table).
type manifestWire struct {
	Members          []string                     `toml:"members"`
	Requirements     []requirementWire            `toml:"requirements"`
	DependencyGroups map[string][]requirementWire `toml:"dependency-groups"`
}

type requirementWire struct {
	Name   string   `toml:"name"`
	Extras []string `toml:"extras"`
	Marker string   `toml:"marker"`
}

type packageWire struct {
	Name                 string                      `toml:"name"`
	Version              string                      `toml:"version"`
	Source               sourceWire                  `toml:"source"`
	ResolutionMarkers    []string                    `toml:"resolution-markers"`
	Dependencies         []dependencyWire            `toml:"dependencies"`
	OptionalDependencies map[string][]dependencyWire `toml:"optional-dependencies"`
	DevDependencies      map[string][]dependencyWire `toml:"dev-dependencies"`
	Metadata             metadataWire                `toml:"metadata"`
	// ArtifactBase is a URL prefix newer uv factors out of the package's
	// file URLs, which are then relative to it.
	ArtifactBase string     `toml:"artifact-base"`
	Sdist        *fileWire  `toml:"sdist"`
	Wheels       []fileWire `toml:"wheels"`
}

// sourceWire is where a package comes from: exactly one of the fields
// but Subdirectory is set.
type sourceWire struct {
	Registry     string `toml:"registry"`
	Git          string `toml:"git"`
	URL          string `toml:"url"`
	Path         string `toml:"path"`
	Directory    string `toml:"directory"`
	Editable     string `toml:"editable"`
	Virtual      string `toml:"virtual"`
	Subdirectory string `toml:"subdirectory"`
}

type dependencyWire struct {
	Name    string      `toml:"name"`
	Version string      `toml:"version"`
	Source  *sourceWire `toml:"source"`
	Marker  string      `toml:"marker"`
	Extra   []string    `toml:"extra"`
}

// fileWire is a wheel or an sdist: url for remote files, path for files
// of a local registry or a path source, filename when the name is not the
// last part of either.
type fileWire struct {
	URL      string `toml:"url"`
	Path     string `toml:"path"`
	Filename string `toml:"filename"`
	Hash     string `toml:"hash"`
	Size     int64  `toml:"size"`
}

// metadataWire is what a local package declared: its extras and groups are
// known here even when they are empty and so have no edges.
type metadataWire struct {
	ProvidesExtras []string       `toml:"provides-extras"`
	RequiresDev    map[string]any `toml:"requires-dev"`
}
