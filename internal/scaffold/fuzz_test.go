package scaffold

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"github.com/pyko-dev/pyko/internal/project"
)

func TestFindApp(t *testing.T) {
	tests := []struct {
		src  string
		want appObject
		ok   bool
	}{
		{"app = Flask(__name__)\n", appObject{"Flask", "app"}, true},
		{"application=flask.Flask(__name__)", appObject{"Flask", "application"}, true},
		{"api: FastAPI = FastAPI()\n", appObject{"FastAPI", "api"}, true},
		{"x = 1\napp = starlette.applications.Starlette()\n", appObject{}, false},
		{"app = Starlette(routes=r)\n", appObject{"Starlette", "app"}, true},
		{"def build():\n    app = Flask(__name__)\n", appObject{}, false},
		{"def create_app():\n    app = Flask(__name__)\n", appObject{"Flask", "create_app()"}, true},
		{"def create_app():\n    return FastAPI()\n", appObject{}, false},
		{"app = MyFlask(__name__)\n", appObject{}, false},
		{"# app = Flask(__name__)\n", appObject{}, false},
	}
	for _, tt := range tests {
		got, ok := findApp(tt.src)
		if got != tt.want || ok != tt.ok {
			t.Errorf("findApp(%q) = %v %v, want %v %v", tt.src, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPorts(t *testing.T) {
	if p, anyHost, ok := runPort(`app.run(debug=True, port=5001, host="0.0.0.0")`); p != 5001 || !anyHost || !ok {
		t.Errorf("runPort = %d %v %v", p, anyHost, ok)
	}
	if _, anyHost, ok := runPort(`app.run()`); anyHost || ok {
		t.Errorf("runPort of a bare run found a port or host")
	}
	if _, _, ok := runPort(`app.run(port=70000)`); ok {
		t.Error("port 70000 accepted")
	}
	for src, want := range map[string]int{`bind = "0.0.0.0:9000"`: 9000, "bind = ['[::]:8001']": 8001, `bind = "unix:/tmp/s"`: 0, `workers = 2`: 0} {
		if got, _ := bindPort(src); got != want {
			t.Errorf("bindPort(%q) = %d, want %d", src, got, want)
		}
	}
	if m, ok := settingsModule(`os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings.prod')`); m != "site.settings.prod" || !ok {
		t.Errorf("settingsModule = %q %v", m, ok)
	}
	for rel, want := range map[string]string{"app.py": "app", "pkg/__init__.py": "pkg", "a/b.py": "a.b", "my-app.py": "", "1x.py": ""} {
		if got, _ := moduleName(rel); got != want {
			t.Errorf("moduleName(%q) = %q, want %q", rel, got, want)
		}
	}
}

// FuzzPatterns: whatever the source, what is found is usable as it is
// written into a server's argument: an identifier, a port in range.
func FuzzPatterns(f *testing.F) {
	f.Add(flaskApp + "app.run(port=5000)\nbind = '0.0.0.0:8000'\n")
	f.Add("def create_app():\n  Flask(__name__)\n")
	f.Add("os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"a.b\")")
	f.Fuzz(func(t *testing.T, src string) {
		if obj, ok := findApp(src); ok && !isIdentifier(strings.TrimSuffix(obj.Var, "()")) {
			t.Errorf("findApp found %q", obj.Var)
		}
		for _, p := range []int{first(runPort(src)), first2(scriptPort(src)), first2(bindPort(src))} {
			if p < 0 || p > 65535 {
				t.Errorf("port %d", p)
			}
		}
		if m, ok := settingsModule(src); ok && strings.ContainsAny(m, "\"'\n ") {
			t.Errorf("settings module %q", m)
		}
	})
}

func first(p int, _, _ bool) int { return p }
func first2(p int, _ bool) int   { return p }

// FuzzSection: text from the project (file names, requires-python, the
// entrypoint) never breaks the TOML written, and the entrypoint loads back
// as it was.
func FuzzSection(f *testing.F) {
	f.Add("app.py: app = Flask(...)", ">=3.11", "3.12\n", "/app/venv/bin/gunicorn", "app:app")
	f.Add("a\nb\r\x00", "\"", "\\", "\u2028", "x\"]\n[other]")
	f.Add("0", "0", "0", "\x7f", "0")    // DEL, which JSON leaves unescaped
	f.Add("0", "0", "0", "\xde", "\x80") // invalid alone, valid together
	f.Fuzz(func(t *testing.T, where, requires, version, cmd, target string) {
		d := &Detection{Name: "app", Framework: "Flask", Where: where, Server: "gunicorn",
			RequiresPython: requires, PythonVersion: version, Port: 8000, PortWhy: where,
			Entrypoint: []string{cmd, target}, Suggested: []string{venvBin + "x", where}, Notes: []string{where}}
		var doc map[string]any
		if err := toml.Unmarshal(d.Section(), &doc); err != nil {
			t.Fatalf("section does not parse: %v\n%s", err, d.Section())
		}
		tool, _ := doc["tool"].(map[string]any)
		p := &project.Project{Tool: tool["pyko"].(map[string]any)}
		c, err := p.Config()
		if err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(cmd) && utf8.ValidString(target) && !reflect.DeepEqual(c.Entrypoint, d.Entrypoint) {
			t.Errorf("entrypoint %q, want %q", c.Entrypoint, d.Entrypoint)
		}
	})
}
