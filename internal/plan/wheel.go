package plan

// Wheel is the file chosen for one distribution on one platform.
type Wheel struct {
	Name     string `json:"name"`
	Version  string `json:"version"`
	Filename string `json:"filename"`
	// URL is where it is fetched from, without credentials.
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Tag is the wheel's tag that matched, the most preferred of its tags.
	Tag string `json:"tag"`
	// Source says where the pin comes from ("uv.lock package flask").
	Source string `json:"source"`
	// Build is set for a wheel built from source (reserved: no pyko
	// builds one yet).
	Build *SourceBuild `json:"build,omitempty"`
}

// ID is "name==version".
func (w Wheel) ID() string { return w.Name + "==" + w.Version }

// SourceBuild is how a wheel is built from source (reserved).
type SourceBuild struct {
	// Sdist is the source distribution, or a VCS or path reference.
	Sdist  string `json:"sdist"`
	SHA256 string `json:"sha256,omitempty"`
}
