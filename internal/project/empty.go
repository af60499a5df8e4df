package project

import (
	"path"
	"slices"
	"strings"
)

// pythonProjectFiles are the files that make a directory a Python project
// even without a .py file of its own: its metadata and its lockfiles.
var pythonProjectFiles = []string{
	PyprojectFile, "setup.py", "setup.cfg", "requirements.txt", "requirements.in",
	"uv.lock", "poetry.lock", "Pipfile", "Pipfile.lock", "pylock.toml",
}

// HasPython tells whether the app files hold anything Python: a module, a
// project file or a lockfile at the top. A directory without one is almost
// always the wrong directory (pyko run from the repository's root, or a
// typo), which is worth one clear error before anything is downloaded.
func HasPython(files []File) bool {
	for _, f := range files {
		if !f.Mode.IsRegular() {
			continue
		}
		ext := path.Ext(f.Rel)
		if ext == ".py" || ext == ".pyw" {
			return true
		}
		if strings.Contains(f.Rel, "/") {
			continue
		}
		if slices.Contains(pythonProjectFiles, f.Rel) || strings.HasPrefix(f.Rel, "pylock.") && ext == ".toml" {
			return true
		}
	}
	return false
}
