package project

import (
	"io/fs"
	"reflect"
	"testing"
)

func TestEntrypoint(t *testing.T) {
	const py = "/usr/bin/python3.11"
	file := func(rel string) File { return File{Rel: rel, Mode: 0o644} }
	withMain := []File{file("app.py"), file("main.py"), file("src/serve.py"), {Rel: "src", Mode: fs.ModeDir | 0o755}}
	withApp := []File{file("app.py"), {Rel: "link.py", Mode: fs.ModeSymlink | 0o777, Link: "app.py"}}
	tests := []struct {
		name    string
		spec    string
		files   []File
		want    []string
		wantErr string
	}{
		{name: "main.py first", files: withMain, want: []string{py, "/app/main.py"}},
		{name: "then app.py", files: withApp, want: []string{py, "/app/app.py"}},
		{
			name:    "none",
			files:   []File{file("lib.py"), {Rel: "main.py", Mode: fs.ModeDir | 0o755}},
			wantErr: `no entrypoint in /proj: add main.py or app.py, or pass --entrypoint (a file such as src/serve.py, "-m package", or a JSON array)`,
		},
		{name: "file", spec: "src/serve.py", files: withMain, want: []string{py, "/app/src/serve.py"}},
		{name: "dot-slash file", spec: "./src/serve.py", files: withMain, want: []string{py, "/app/src/serve.py"}},
		{name: "symlinked file", spec: "link.py", files: withApp, want: []string{py, "/app/link.py"}},
		{
			name: "file not found", spec: "src/missing.py", files: withMain,
			wantErr: `entrypoint "src/missing.py": no such file among the app files of /proj (is it missing, or excluded by .dockerignore?)`,
		},
		{name: "file escaping", spec: "../x.py", files: withMain, wantErr: "want a path inside /proj"},
		{name: "absolute file", spec: "/app/main.py", files: withMain, wantErr: "want a path inside /proj"},
		{name: "module", spec: "-m pkg.server", want: []string{py, "-m", "pkg.server"}},
		{name: "module with spaces", spec: "  -m   uvicorn  ", want: []string{py, "-m", "uvicorn"}},
		{name: "module with args", spec: "-m http.server 8080", wantErr: `"http.server 8080" is not a Python module name (for arguments, pass a JSON array)`},
		{name: "bad module", spec: "-m 9lives", wantErr: "is not a Python module name"},
		{name: "bare -m", spec: "-m", wantErr: `entrypoint "-m": want a file`},
		{name: "json", spec: `["/app/venv/bin/gunicorn", "app:app"]`, want: []string{"/app/venv/bin/gunicorn", "app:app"}},
		{name: "other", spec: "gunicorn app:app", wantErr: `entrypoint "gunicorn app:app": want a file such as src/serve.py`},
		{name: "bad json", spec: `["/bin/x", 1]`, wantErr: "parsing entrypoint"},
		{name: "empty json", spec: `[]`, wantErr: "the command must not be empty"},
		{name: "command line", spec: "python main.py", wantErr: `entrypoint "python main.py": want a file such as src/serve.py, "-m package", or a JSON array such as`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := (&Project{Dir: "/proj"}).Entrypoint(tt.spec, tt.files, py, "/app")
			errorContains(t, err, tt.wantErr)
			if err == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Entrypoint(%q) = %q, want %q", tt.spec, got, tt.want)
			}
		})
	}
}

func TestEntrypointNoInterpreter(t *testing.T) {
	files := []File{{Rel: "main.py"}}
	for _, spec := range []string{"", "-m x", "main.py"} {
		_, err := (&Project{Dir: "/proj"}).Entrypoint(spec, files, "", "/app")
		errorContains(t, err, "no Python interpreter")
	}
}

func FuzzEntrypoint(f *testing.F) {
	for _, s := range []string{"", "main.py", "./src/x.py", "-m a.b", `["/bin/x"]`, "[", "../x.py"} {
		f.Add(s)
	}
	files := []File{{Rel: "main.py"}, {Rel: "src/x.py"}}
	f.Fuzz(func(t *testing.T, spec string) {
		argv, err := (&Project{Dir: "/proj"}).Entrypoint(spec, files, "/usr/bin/python3", "/app")
		if err == nil && (len(argv) == 0 || argv[0] == "") {
			t.Errorf("Entrypoint(%q) = %q: empty command", spec, argv)
		}
	})
}
