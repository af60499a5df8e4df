package scaffold

import (
	"fmt"
	"os"
	"path"
	"strings"

	"github.com/pyko-dev/pyko/internal/project"
)

// Where the image keeps the app and the venv (planner.AppDir, VenvDir).
const (
	appDir  = "/app"
	venvBin = "/app/venv/bin/"
	// serverPort is gunicorn's and uvicorn's usual port.
	serverPort = 8000
	// flaskPort is the Flask dev server's default.
	flaskPort = 5000
	// gunicornConf is the file gunicorn reads from its working directory.
	gunicornConf = "gunicorn.conf.py"
)

// chooser decides the entrypoint and port from the project's files.
type chooser struct {
	d     *Detection
	p     *project.Project
	files []project.File
	src   []project.File
	deps  *deps
	// target is the app a server loads ("app:app"); appRel is the file
	// that defines it.
	target, appRel string
}

func (c *chooser) choose() error {
	found, err := c.findApp()
	if err != nil {
		return err
	}
	switch {
	case found:
		return c.web()
	case c.has("manage.py"):
		return c.django()
	}
	return c.script(true)
}

// findApp reads the sources for a Flask, FastAPI or Starlette app object
// and fills in Framework, Where and the server target.
func (c *chooser) findApp() (bool, error) {
	for _, f := range c.src {
		data, err := os.ReadFile(f.Abs)
		if err != nil {
			return false, fmt.Errorf("reading %s: %w", f.Abs, err)
		}
		obj, ok := findApp(string(data))
		if !ok {
			continue
		}
		mod, ok := c.module(f.Rel)
		if !ok {
			continue
		}
		c.d.Framework, c.d.Where = obj.Framework, fmt.Sprintf("%s: %s = %s(...)", f.Rel, obj.Var, obj.Framework)
		if strings.HasSuffix(obj.Var, "()") {
			c.d.Where = fmt.Sprintf("%s: the factory %s", f.Rel, obj.Var)
		}
		c.target, c.appRel = mod+":"+obj.Var, f.Rel
		return true, nil
	}
	return false, nil
}

// module is the module a server imports for rel. Under src/, a project
// installed as a distribution is imported without the src prefix.
func (c *chooser) module(rel string) (string, bool) {
	if after, ok := strings.CutPrefix(rel, "src/"); ok && c.p.Name != "" && c.p.BuildRequires != nil {
		rel = after
	}
	return moduleName(rel)
}

// web runs a Flask, FastAPI or Starlette app with its production server
// when the dependencies have one, else with the project's script.
func (c *chooser) web() error {
	switch {
	case c.d.Framework == "Flask" && c.deps.has("gunicorn"):
		c.gunicorn(c.target)
		return nil
	case c.d.Framework != "Flask" && c.deps.has("uvicorn"):
		c.d.Server = "uvicorn"
		c.d.Entrypoint = []string{venvBin + "uvicorn", c.target, "--host", "0.0.0.0", "--port", fmt.Sprint(serverPort)}
		c.d.Port, c.d.PortWhy = serverPort, "uvicorn's --port"
		return nil
	}
	server, cmd := "gunicorn", []string{venvBin + "gunicorn", "--bind", fmt.Sprintf("0.0.0.0:%d", serverPort), c.target}
	if c.d.Framework != "Flask" {
		server, cmd = "uvicorn", []string{venvBin + "uvicorn", c.target, "--host", "0.0.0.0", "--port", fmt.Sprint(serverPort)}
	}
	c.d.Notes = append(c.d.Notes, fmt.Sprintf("%s is not in the dependencies: add it to serve the app in production, then use the %s entrypoint suggested here.", server, server))
	c.d.Suggested = cmd
	return c.script(false)
}

// gunicorn serves target (module:variable) with gunicorn, reading
// gunicorn.conf.py when the project has one.
func (c *chooser) gunicorn(target string) {
	c.d.Server = "gunicorn"
	c.d.Port, c.d.PortWhy = serverPort, "gunicorn's --bind"
	bind := []string{"--bind", fmt.Sprintf("0.0.0.0:%d", serverPort)}
	if f, ok := c.file(gunicornConf); ok {
		data, err := os.ReadFile(f.Abs)
		if p, ok := bindPort(string(data)); err == nil && ok {
			// The config binds: a --bind would override it.
			bind, c.d.Port, c.d.PortWhy = nil, p, gunicornConf+" bind"
		}
		bind = append([]string{"--config", appDir + "/" + gunicornConf}, bind...)
	}
	c.d.Entrypoint = append(append([]string{venvBin + "gunicorn"}, bind...), target)
}

// django serves the project the DJANGO_SETTINGS_MODULE of manage.py
// names, whose wsgi.py gunicorn loads.
func (c *chooser) django() error {
	f, _ := c.file("manage.py")
	data, err := os.ReadFile(f.Abs)
	if err != nil {
		return fmt.Errorf("reading %s: %w", f.Abs, err)
	}
	mod, ok := settingsModule(string(data))
	pkg, _, _ := strings.Cut(mod, ".")
	if !ok || !c.has(pkg+"/wsgi.py") {
		c.d.Notes = append(c.d.Notes, "manage.py names no settings module with a wsgi.py next to it: set the entrypoint yourself.")
		return c.script(true)
	}
	c.d.Framework, c.d.Where = "Django", fmt.Sprintf("manage.py: DJANGO_SETTINGS_MODULE %s", mod)
	target := pkg + ".wsgi:application"
	if c.deps.has("gunicorn") {
		c.gunicorn(target)
		return nil
	}
	c.d.Notes = append(c.d.Notes, "gunicorn is not in the dependencies: add it to serve the app (manage.py runserver is for development), then use the entrypoint suggested here.")
	c.d.Suggested = []string{venvBin + "gunicorn", "--bind", fmt.Sprintf("0.0.0.0:%d", serverPort), target}
	return c.script(false)
}

// script falls back on what pyko runs without an entrypoint: the one
// console script of a project installed as a distribution, else main.py
// or app.py. template offers a commented-out entrypoint when there is
// neither.
func (c *chooser) script(template bool) error {
	if len(c.p.Scripts) == 1 && c.p.Name != "" && c.p.BuildRequires != nil {
		for name := range c.p.Scripts {
			c.d.Entrypoint = []string{venvBin + name}
		}
		return nil
	}
	for _, name := range []string{"main.py", "app.py"} {
		f, ok := c.file(name)
		if !ok {
			continue
		}
		c.d.Entrypoint = name
		data, err := os.ReadFile(f.Abs)
		if err != nil {
			return fmt.Errorf("reading %s: %w", f.Abs, err)
		}
		c.scriptPort(name, string(data))
		return nil
	}
	if template && c.d.Suggested == nil {
		c.d.Suggested = []string{venvBin + "python", appDir + "/serve.py"}
	}
	return nil
}

// scriptPort finds the port a script listens on: a dev server's run call,
// else any port= literal; a Flask app's dev server defaults to 5000.
func (c *chooser) scriptPort(name, src string) {
	port, anyHost, found := runPort(src)
	switch {
	case found:
		c.d.Port, c.d.PortWhy = port, name+": run(port=...)"
	case c.d.Framework == "Flask" && hasRun(src) && name == c.appRel:
		c.d.Port, c.d.PortWhy = flaskPort, "the Flask dev server's default"
	default:
		if p, ok := scriptPort(src); ok {
			c.d.Port, c.d.PortWhy = p, name+": port="+fmt.Sprint(p)
		}
	}
	if hasRun(src) && !anyHost && c.d.Framework != "" {
		c.d.Notes = append(c.d.Notes, name+`: the dev server listens on 127.0.0.1 unless run(host="0.0.0.0"): a container needs the latter to be reached.`)
	}
	if c.d.Framework == "Flask" && !hasRun(src) && name == c.appRel {
		c.d.Notes = append(c.d.Notes, name+" defines the Flask app but does not start it (app.run()): add gunicorn, or a run call.")
	}
}

// file returns the app file rel, a regular file.
func (c *chooser) file(rel string) (project.File, bool) {
	for _, f := range c.files {
		if f.Rel == rel && f.Mode.IsRegular() {
			return f, true
		}
	}
	return project.File{}, false
}

func (c *chooser) has(rel string) bool {
	_, ok := c.file(path.Clean(rel))
	return ok
}
