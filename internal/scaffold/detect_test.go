package scaffold

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/project"
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// writeTree creates files under dir, making their directories.
func writeTree(t *testing.T, dir string, tree map[string]string) {
	t.Helper()
	for name, content := range tree {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const flaskApp = "from flask import Flask\n\napp = Flask(__name__)\n"

func TestDetect(t *testing.T) {
	tests := []struct {
		name       string
		tree       map[string]string
		framework  string
		server     string
		entrypoint any
		suggested  []string
		port       int
	}{
		{
			name: "flask gunicorn",
			tree: map[string]string{
				"pyproject.toml": "[project]\nname = \"web\"\nversion = \"1\"\ndependencies = [\"Flask>=3\", \"gunicorn\"]\n",
				"app.py":         flaskApp,
			},
			framework: "Flask", server: "gunicorn", port: 8000,
			entrypoint: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"},
		},
		{
			name: "flask in a package, gunicorn from requirements.txt",
			tree: map[string]string{
				"requirements.txt":   "flask==3.0.3\ngunicorn==22.0.0 ; sys_platform == 'linux'\n",
				"web/__init__.py":    "",
				"web/factory.py":     "import flask\n\nserver: flask.Flask = flask.Flask(__name__)\n",
				"tests/test_app.py":  flaskApp,
				"web/tests/conf.py":  flaskApp,
				"docs/conf.py":       flaskApp,
				"web/deep/er/app.py": flaskApp,
			},
			framework: "Flask", server: "gunicorn", port: 8000,
			entrypoint: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "web.factory:server"},
		},
		{
			name: "flask factory",
			tree: map[string]string{
				"requirements.in":  "flask\ngunicorn\n",
				"site/__init__.py": "from flask import Flask\n\ndef create_app():\n    app = Flask(__name__)\n    return app\n",
			},
			framework: "Flask", server: "gunicorn", port: 8000,
			entrypoint: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "site:create_app()"},
		},
		{
			name: "flask dev server",
			tree: map[string]string{
				"requirements.txt": "flask\n",
				"app.py":           flaskApp + "\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=5001)\n",
			},
			framework: "Flask", port: 5001, entrypoint: "app.py",
			suggested: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"},
		},
		{
			name: "flask dev server default port",
			tree: map[string]string{
				"main.py": flaskApp + "app.run()\n",
			},
			framework: "Flask", port: 5000, entrypoint: "main.py",
			suggested: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "main:app"},
		},
		{
			name: "fastapi uvicorn",
			tree: map[string]string{
				"pyproject.toml":  "[project]\nname = \"api\"\nversion = \"1\"\ndependencies = [\"fastapi\", \"uvicorn[standard]>=0.30\"]\n",
				"api/main.py":     "from fastapi import FastAPI\n\napi = FastAPI(title='x')\n",
				"api/__init__.py": "",
			},
			framework: "FastAPI", server: "uvicorn", port: 8000,
			entrypoint: []string{"/app/venv/bin/uvicorn", "api.main:api", "--host", "0.0.0.0", "--port", "8000"},
		},
		{
			name: "starlette without uvicorn",
			tree: map[string]string{
				"main.py": "from starlette.applications import Starlette\napp = Starlette()\n",
			},
			framework: "Starlette", entrypoint: "main.py",
			suggested: []string{"/app/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"},
		},
		{
			name: "django gunicorn",
			tree: map[string]string{
				"requirements.txt":   "Django==5.0\ngunicorn==22.0.0\n",
				"manage.py":          "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"mysite.settings\")\n",
				"mysite/__init__.py": "",
				"mysite/settings.py": "DEBUG = False\n",
				"mysite/wsgi.py":     "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
			},
			framework: "Django", server: "gunicorn", port: 8000,
			entrypoint: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"},
		},
		{
			name: "django without gunicorn",
			tree: map[string]string{
				"requirements.txt": "Django==5.0\n",
				"manage.py":        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
				"mysite/wsgi.py":   "application = None\n",
			},
			framework: "Django",
			suggested: []string{"/app/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "mysite.wsgi:application"},
		},
		{
			name:       "plain script",
			tree:       map[string]string{"main.py": "print('hi')\n", "pyproject.toml": "[project]\nname = \"x\"\nversion = \"1\"\n"},
			entrypoint: "main.py",
		},
		{
			name:       "script with a port",
			tree:       map[string]string{"app.py": "import http.server\nPORT = 1\nserve(port=8080)\n"},
			entrypoint: "app.py", port: 8080,
		},
		{
			name: "console script of a package",
			tree: map[string]string{
				"pyproject.toml":       "[project]\nname = \"tool\"\nversion = \"1\"\n[project.scripts]\ntool = \"tool:main\"\n[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n",
				"src/tool/__init__.py": "def main(): pass\n",
			},
			entrypoint: []string{"/app/venv/bin/tool"},
		},
		{
			name:      "nothing to run",
			tree:      map[string]string{"pyproject.toml": "[project]\nname = \"x\"\nversion = \"1\"\n", "lib/util.py": "x = 1\n"},
			suggested: []string{"/app/venv/bin/python", "/app/serve.py"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.tree)
			d, err := Detect(context.Background(), discard(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if d.Framework != tt.framework || d.Server != tt.server || d.Port != tt.port {
				t.Errorf("framework %q server %q port %d, want %q %q %d", d.Framework, d.Server, d.Port, tt.framework, tt.server, tt.port)
			}
			if !reflect.DeepEqual(d.Entrypoint, tt.entrypoint) {
				t.Errorf("entrypoint %#v, want %#v", d.Entrypoint, tt.entrypoint)
			}
			if !reflect.DeepEqual(d.Suggested, tt.suggested) {
				t.Errorf("suggested %q, want %q", d.Suggested, tt.suggested)
			}
			loadBack(t, dir, d)
		})
	}
}

// loadBack appends the section and checks that pyko's config loader reads
// back the entrypoint, and nothing else: the rest is comments.
func loadBack(t *testing.T, dir string, d *Detection) {
	t.Helper()
	if _, err := Append(context.Background(), dir, d.Section()); err != nil {
		t.Fatal(err)
	}
	p, err := project.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Config()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Entrypoint, d.Entrypoint) {
		t.Errorf("loaded entrypoint %#v, want %#v", c.Entrypoint, d.Entrypoint)
	}
	want := project.Config{Entrypoint: c.Entrypoint}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("loaded config %+v, want only the entrypoint", c)
	}
}

func TestDetectEmpty(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"README.md": "hi\n"})
	_, err := Detect(context.Background(), discard(), dir)
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "pyproject.toml") {
		t.Fatalf("error %v, want one naming %s and what to add", err, dir)
	}
}

func TestDetectMissingDir(t *testing.T) {
	_, err := Detect(context.Background(), discard(), filepath.Join(t.TempDir(), "nope"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("error %v", err)
	}
}

// TestDetectLockfiles: the names come from the lockfile readers.
func TestDetectLockfiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pyproject.toml": "[project]\nname = \"web\"\nversion = \"1\"\ndependencies = [\"flask\"]\n",
		"uv.lock":        uvLock,
		"app.py":         flaskApp,
	})
	d, err := Detect(context.Background(), discard(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Server != "gunicorn" || !reflect.DeepEqual(d.DepSources, []string{"pyproject.toml", "uv.lock"}) {
		t.Errorf("server %q from %q, want gunicorn from pyproject.toml and uv.lock", d.Server, d.DepSources)
	}
}

// uvLock pins gunicorn, which pyproject.toml leaves to the lock (as if
// added by a tool that wrote only the lock).
const uvLock = `version = 1
requires-python = ">=3.11"

[[package]]
name = "web"
version = "1"
source = { virtual = "." }
dependencies = [{ name = "gunicorn" }]

[[package]]
name = "gunicorn"
version = "22.0.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/gunicorn-22.0.0-py3-none-any.whl", hash = "sha256:0000000000000000000000000000000000000000000000000000000000000000" }]
`

// TestExamplePoetryGunicorn runs on a copy of examples/poetry-gunicorn,
// whose hand-written entrypoint is what init should find.
func TestExamplePoetryGunicorn(t *testing.T) {
	src := filepath.Join("..", "..", "examples", "poetry-gunicorn")
	dir := t.TempDir()
	for _, name := range []string{"app.py", "gunicorn.conf.py", "pyproject.toml"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := Detect(context.Background(), discard(), dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := project.Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Config()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Entrypoint, c.Entrypoint) || d.Port != 8000 {
		t.Errorf("entrypoint %q port %d, want the example's %q and 8000", d.Entrypoint, d.Port, c.Entrypoint)
	}
	if !d.HasConfig || !strings.Contains(string(d.Section()), `"/app/venv/bin/gunicorn"`) {
		t.Errorf("HasConfig %v, section:\n%s", d.HasConfig, d.Section())
	}
}
