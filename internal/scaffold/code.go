package scaffold

import (
	"regexp"
	"strconv"
	"strings"
)

// The patterns below read Python by line, as a person skimming the file
// would. They look only at module-level assignments (no indentation), since
// that is where a server finds the app object: `app = Flask(__name__)`,
// `app: FastAPI = fastapi.FastAPI()`.
var (
	appAssign = regexp.MustCompile(`(?m)^([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[ \t]*[A-Za-z_][\w.]*[ \t]*)?=[ \t]*(?:[A-Za-z_]\w*\.)?(Flask|FastAPI|Starlette)\(`)
	// A Flask application factory, which gunicorn calls: "module:create_app()".
	factoryDef = regexp.MustCompile(`(?m)^def[ \t]+(create_app|make_app)[ \t]*\([ \t]*\)`)
	flaskCall  = regexp.MustCompile(`\bFlask\(`)
	// The arguments of a dev server's start: app.run(...), uvicorn.run(...).
	runCall  = regexp.MustCompile(`\.run\(([^)]*)\)`)
	portArg  = regexp.MustCompile(`\bport[ \t]*=[ \t]*([0-9]{1,5})\b`)
	hostAny  = regexp.MustCompile(`\bhost[ \t]*=[ \t]*["'](0\.0\.0\.0|::)["']`)
	settings = regexp.MustCompile(`DJANGO_SETTINGS_MODULE["'][ \t]*,[ \t]*["']([A-Za-z_][\w.]*)["']`)
	bindLine = regexp.MustCompile(`(?m)^bind[ \t]*=[ \t]*\[?[ \t]*["']([^"']*)["']`)
)

// appObject is a framework's app found in one module.
type appObject struct {
	Framework string // "Flask", "FastAPI", "Starlette"
	Var       string // "app", or "create_app()" for a factory
}

// findApp returns the first module-level app object of src, or a Flask
// factory when there is no object: gunicorn accepts "module:create_app()".
func findApp(src string) (appObject, bool) {
	if m := appAssign.FindStringSubmatch(src); m != nil {
		return appObject{Framework: m[2], Var: m[1]}, true
	}
	if m := factoryDef.FindStringSubmatch(src); m != nil && flaskCall.MatchString(src) {
		return appObject{Framework: "Flask", Var: m[1] + "()"}, true
	}
	return appObject{}, false
}

// runPort returns the port literal of a dev server's run call (port=5001),
// and whether the call listens on every interface (host="0.0.0.0"), which
// a container needs. found is false when src has no run call with a port.
func runPort(src string) (port int, anyHost, found bool) {
	for _, m := range runCall.FindAllStringSubmatch(src, -1) {
		anyHost = anyHost || hostAny.MatchString(m[1])
		if p, ok := parsePort(portArg.FindStringSubmatch(m[1])); ok && !found {
			port, found = p, true
		}
	}
	return port, anyHost, found
}

// hasRun reports whether src starts a dev server itself (app.run()).
func hasRun(src string) bool { return runCall.MatchString(src) }

// scriptPort returns a port literal assigned anywhere in src (port=8080).
func scriptPort(src string) (int, bool) {
	return parsePort(portArg.FindStringSubmatch(src))
}

// settingsModule returns the DJANGO_SETTINGS_MODULE manage.py sets.
func settingsModule(src string) (string, bool) {
	m := settings.FindStringSubmatch(src)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// bindPort returns the port of a gunicorn config file's bind setting
// ("0.0.0.0:8000"); ok is false when it sets none or binds a socket.
func bindPort(src string) (int, bool) {
	m := bindLine.FindStringSubmatch(src)
	if m == nil {
		return 0, false
	}
	i := strings.LastIndexByte(m[1], ':')
	if i < 0 {
		return 0, false
	}
	return parsePort([]string{"", m[1][i+1:]})
}

// parsePort reads the first group of a match as a TCP port.
func parsePort(m []string) (int, bool) {
	if len(m) < 2 {
		return 0, false
	}
	p, err := strconv.Atoi(m[1])
	if err != nil || p < 1 || p > 65535 {
		return 0, false
	}
	return p, true
}

// moduleName turns a file path under the app directory into the module
// a server imports: "pkg/app.py" is pkg.app, "pkg/__init__.py" is pkg.
// ok is false when a part is not a Python identifier.
func moduleName(rel string) (string, bool) {
	rel, ok := strings.CutSuffix(rel, ".py")
	if !ok {
		return "", false
	}
	rel = strings.TrimSuffix(rel, "/__init__")
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if !isIdentifier(p) {
			return "", false
		}
	}
	return strings.Join(parts, "."), true
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}
