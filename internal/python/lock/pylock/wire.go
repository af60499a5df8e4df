package pylock

// The TOML shapes of pylock.toml, named as in the specification. Keys
// pyko does not need (created-by, upload-time, attestation-identities,
// [tool], packages.dependencies) are left out: the decoder ignores them.

type lockWire struct {
	LockVersion      string        `toml:"lock-version"`
	Environments     []string      `toml:"environments"`
	RequiresPython   string        `toml:"requires-python"`
	Extras           []string      `toml:"extras"`
	DependencyGroups []string      `toml:"dependency-groups"`
	DefaultGroups    []string      `toml:"default-groups"`
	Packages         []packageWire `toml:"packages"`
	Tool             struct {
		Pyko PykoInputs `toml:"pyko"`
	} `toml:"tool"`
}

// PykoInputs is pyko's [tool.pyko] table of a pylock.toml it wrote: what
// it resolved (From: "pyproject.toml", "requirements.in") and a digest of
// those inputs, so that a later build sees when they changed.
type PykoInputs struct {
	From   string `toml:"from"`
	Inputs string `toml:"inputs"`
}

type packageWire struct {
	Name           string     `toml:"name"`
	Version        string     `toml:"version"`
	Marker         string     `toml:"marker"`
	RequiresPython string     `toml:"requires-python"`
	Index          string     `toml:"index"`
	VCS            *vcsWire   `toml:"vcs"`
	Directory      *dirWire   `toml:"directory"`
	Archive        *fileWire  `toml:"archive"`
	Sdist          *fileWire  `toml:"sdist"`
	Wheels         []fileWire `toml:"wheels"`
}

type vcsWire struct {
	Type         string `toml:"type"`
	URL          string `toml:"url"`
	Path         string `toml:"path"`
	CommitID     string `toml:"commit-id"`
	Subdirectory string `toml:"subdirectory"`
}

type dirWire struct {
	Path     string `toml:"path"`
	Editable bool   `toml:"editable"`
}

// fileWire is a wheel, an sdist or an archive: name is optional when it is
// the last part of url or path.
type fileWire struct {
	Name   string            `toml:"name"`
	URL    string            `toml:"url"`
	Path   string            `toml:"path"`
	Size   int64             `toml:"size"`
	Hashes map[string]string `toml:"hashes"`
}
