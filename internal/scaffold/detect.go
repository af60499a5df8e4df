package scaffold

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/project"
	"github.com/pyko-dev/pyko/internal/usage"
)

// Detection is what Detect found in a project directory.
type Detection struct {
	// Dir is the project directory, absolute.
	Dir string
	// Name names the image in the suggested tags: the [project] name,
	// else the directory's.
	Name string
	// Framework is "Flask", "FastAPI", "Starlette", "Django" or "".
	Framework string
	// Where says where the app was found: "app.py: app = Flask(...)".
	Where string
	// Server is "gunicorn" or "uvicorn" when one of them runs the app.
	Server string
	// Entrypoint is the entrypoint to write, as project.Config holds it:
	// a []string (an exec-form command) or a string (a script such as
	// "main.py"); nil when nothing runs the app by itself.
	Entrypoint any
	// Suggested is a commented-out entrypoint offered when Entrypoint is
	// nil: what would run the app once a server is added, or a template.
	Suggested []string
	// Port is the TCP port the app listens on, 0 when unknown; PortWhy
	// says how it is known.
	Port    int
	PortWhy string
	// Notes are things the user should know or do, one sentence each.
	Notes []string
	// DepSources are the files the dependencies were read from.
	DepSources []string
	// RequiresPython and PythonVersion are [project] requires-python and
	// .python-version, for the python suggestion.
	RequiresPython, PythonVersion string
	// IgnoreFile is the ignore file the build reads (.pykoignore, else
	// .dockerignore), "" when there is none.
	IgnoreFile string
	// HasPyproject and HasConfig say whether pyproject.toml exists and
	// already has a [tool.pyko] table.
	HasPyproject, HasConfig bool
}

// Detect reads the project in dir. It is an error when dir holds no
// Python project at all: no pyproject.toml, no requirements or lockfile,
// no .py file.
func Detect(ctx context.Context, log *slog.Logger, dir string) (*Detection, error) {
	p, err := project.Load(ctx, dir)
	if err != nil {
		return nil, err
	}
	files, err := p.Files(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the app files of %s: %w", dir, err)
	}
	ds, err := readDeps(ctx, log, p)
	if err != nil {
		return nil, err
	}
	d := &Detection{Dir: p.Dir, Name: imageName(p), RequiresPython: p.RequiresPython,
		PythonVersion: p.PythonVersion, DepSources: ds.sources, HasConfig: p.Tool != nil}
	d.HasPyproject = exists(filepath.Join(p.Dir, project.PyprojectFile))
	for _, name := range []string{project.PykoignoreFile, project.DockerignoreFile} {
		if exists(filepath.Join(p.Dir, name)) {
			d.IgnoreFile = name
			break
		}
	}
	src := sources(files)
	if !project.HasPython(files) {
		// The same test as pyko build's, and the same exit code (2).
		return nil, usage.Errorf("no Python project in %s: add a pyproject.toml, a requirements.txt, or the app's main.py or app.py", dir)
	}
	c := &chooser{d: d, p: p, files: files, src: src, deps: ds}
	if err := c.choose(); err != nil {
		return nil, err
	}
	return d, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// imageName is the [project] name, else the directory's, in the letters a
// repository name allows.
func imageName(p *project.Project) string {
	name := p.Name
	if name == "" {
		name = filepath.Base(p.Dir)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), "-"); s != "" {
		return s
	}
	return "app"
}

// maxScanned bounds the Python files read, and maxSource each one's size:
// an app object lives in a small module near the top of the tree.
const (
	maxScanned = 400
	maxSource  = 1 << 20
	maxDepth   = 3
)

// sources lists the .py files worth reading for an app object, best
// first: shallow ones, and among them the names apps are usually given.
// Tests, migrations and examples are passed over.
func sources(files []project.File) []project.File {
	var out []project.File
	for _, f := range files {
		if !f.Mode.IsRegular() || !strings.HasSuffix(f.Rel, ".py") || f.Size > maxSource || skipped(f.Rel) {
			continue
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b project.File) int {
		if da, db := depth(a.Rel), depth(b.Rel); da != db {
			return da - db
		}
		return rank(path.Base(a.Rel)) - rank(path.Base(b.Rel))
	})
	if len(out) > maxScanned {
		out = out[:maxScanned]
	}
	return out
}

func depth(rel string) int { return strings.Count(strings.TrimPrefix(rel, "src/"), "/") }

func rank(base string) int {
	if i := slices.Index([]string{"app.py", "main.py", "wsgi.py", "asgi.py", "server.py", "application.py", "__init__.py"}, base); i >= 0 {
		return i
	}
	return 100
}

func skipped(rel string) bool {
	if depth(rel) >= maxDepth {
		return true
	}
	base := path.Base(rel)
	if strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") || base == "conftest.py" || base == "setup.py" {
		return true
	}
	for part := range strings.SplitSeq(path.Dir(rel), "/") {
		switch part {
		case "tests", "test", "migrations", "docs", "examples", "scripts":
			return true
		}
	}
	return false
}
