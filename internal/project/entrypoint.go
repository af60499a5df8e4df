package project

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode"
)

// Entrypoint resolves the image entrypoint from spec, the --entrypoint flag
// or [tool.pyko] entrypoint (see Config.EntrypointSpec). interpreter is the
// absolute path of python in the image, e.g. "/usr/bin/python3.11"; appDir
// is where files are in the image, e.g. "/app". The forms of spec:
//
//   - "": main.py, else app.py, at the project root;
//   - a JSON array such as `["/bin/x", "a"]`: used verbatim;
//   - "-m module": [interpreter, "-m", "module"];
//   - "path/file.py", one of files: [interpreter, appDir + "/path/file.py"].
//
// Anything else is an error. A script path is absolute, so the entrypoint
// does not depend on the working directory. Entrypoint does not look at
// [project.scripts]; the caller decides whether a console script wins.
func (p *Project) Entrypoint(spec string, files []File, interpreter, appDir string) ([]string, error) {
	spec = strings.TrimSpace(spec)
	switch {
	case spec == "":
		for _, name := range []string{"main.py", "app.py"} {
			if hasScript(files, name) {
				return p.script(name, interpreter, appDir)
			}
		}
		return nil, fmt.Errorf("no entrypoint in %s: add main.py or app.py, or pass --entrypoint "+
			`(a file such as src/serve.py, "-m package", or a JSON array)`, p.Dir)
	case strings.HasPrefix(spec, "["):
		var argv []string
		if err := json.Unmarshal([]byte(spec), &argv); err != nil {
			return nil, fmt.Errorf("parsing entrypoint %s as a JSON array of strings: %w", spec, err)
		}
		if len(argv) == 0 || argv[0] == "" {
			return nil, fmt.Errorf("entrypoint %s: the command must not be empty", spec)
		}
		return argv, nil
	case strings.HasPrefix(spec, "-m ") || strings.HasPrefix(spec, "-m\t"):
		module := strings.TrimSpace(spec[2:])
		if !isModuleName(module) {
			return nil, fmt.Errorf("entrypoint %q: %q is not a Python module name "+
				"(for arguments, pass a JSON array)", spec, module)
		}
		if interpreter == "" {
			return nil, fmt.Errorf("entrypoint %q: no Python interpreter to run it", spec)
		}
		return []string{interpreter, "-m", module}, nil
	case strings.HasSuffix(spec, ".py"):
		rel := path.Clean(strings.TrimPrefix(spec, "./"))
		if path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
			return nil, fmt.Errorf("entrypoint %q: want a path inside %s", spec, p.Dir)
		}
		if !hasScript(files, rel) && strings.ContainsAny(spec, " \t") {
			break // probably a command line: say what forms there are
		}
		if !hasScript(files, rel) {
			return nil, fmt.Errorf("entrypoint %q: no such file among the app files of %s "+
				"(is it missing, or excluded by .dockerignore?)", spec, p.Dir)
		}
		return p.script(rel, interpreter, appDir)
	}
	return nil, fmt.Errorf("entrypoint %q: want a file such as src/serve.py, "+
		`"-m package", or a JSON array such as ["/app/venv/bin/serve", "--port", "8080"]`, spec)
}

func (p *Project) script(rel, interpreter, appDir string) ([]string, error) {
	if interpreter == "" {
		return nil, fmt.Errorf("entrypoint %s: no Python interpreter to run it", rel)
	}
	return []string{interpreter, path.Join(appDir, rel)}, nil
}

// hasScript reports whether rel is a regular file or a symlink in files.
func hasScript(files []File, rel string) bool {
	for _, f := range files {
		if f.Rel == rel {
			return f.Mode.IsRegular() || f.Mode.Type() == fs.ModeSymlink
		}
	}
	return false
}

// isModuleName reports whether s is a dotted Python module name, such as
// "pkg.server": identifiers separated by dots.
func isModuleName(s string) bool {
	if s == "" {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
				return false
			}
		}
	}
	return true
}
