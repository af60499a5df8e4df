package pipfile

// maxSpec is the newest "pipfile-spec" this package reads.
const maxSpec = 6

// meta is "_meta".
type meta struct {
	// Spec is "pipfile-spec"; nil in files older than pipenv 11.
	Spec    *int     `json:"pipfile-spec"`
	Sources []source `json:"sources"`
}

// source is one entry of "_meta.sources".
type source struct {
	Name      string `json:"name"`
	URL       string `json:"url"`
	VerifySSL *bool  `json:"verify_ssl"`
}

// entryJSON is one package of a category, as written.
type entryJSON struct {
	Version  string   `json:"version"`
	Hashes   []string `json:"hashes"`
	Markers  string   `json:"markers"`
	Index    string   `json:"index"`
	Extras   []string `json:"extras"`
	Editable bool     `json:"editable"`
	File     string   `json:"file"`
	Path     string   `json:"path"`
	Git      string   `json:"git"`
	Hg       string   `json:"hg"`
	Svn      string   `json:"svn"`
	Bzr      string   `json:"bzr"`
	Ref      string   `json:"ref"`
	// Subdirectory is where a VCS entry's project is.
	Subdirectory string `json:"subdirectory"`
}

// vcs returns the entry's version control URL and system, if it has one.
func (e entryJSON) vcs() (system, url string) {
	for _, v := range []struct{ system, url string }{{"git", e.Git}, {"hg", e.Hg}, {"svn", e.Svn}, {"bzr", e.Bzr}} {
		if v.url != "" {
			return v.system, v.url
		}
	}
	return "", ""
}
