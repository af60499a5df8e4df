package projectdist

import (
	"archive/zip"
	"io"
	"os"
	"strings"
	"testing"
)

func TestNeedsCompiler(t *testing.T) {
	tests := []struct {
		backend  string
		requires []string
		files    []string
		want     string
	}{
		{"hatchling.build", []string{"hatchling"}, []string{"app/main.py"}, ""},
		{"setuptools.build_meta", []string{"setuptools>=61", "wheel"}, []string{"setup.py", "pkg/x.py", "docs/example.c"}, "docs/example.c"},
		{"setuptools.build_meta", []string{"setuptools"}, []string{"tools/demo.c"}, ""},
		{"maturin", []string{"maturin>=1,<2"}, nil, "maturin"},
		{"scikit_build_core.build", nil, nil, "scikit_build_core"},
		{"setuptools.build_meta", []string{"setuptools", "Cython>=3"}, nil, "Cython>=3"},
		{"", nil, []string{"pkg/fast.pyx"}, "fast.pyx"},
	}
	for _, tt := range tests {
		got := NeedsCompiler(tt.backend, tt.requires, tt.files)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("NeedsCompiler(%q, %q, %q) = %q, want %q", tt.backend, tt.requires, tt.files, got, tt.want)
		}
	}
}

func TestWriteWheel(t *testing.T) {
	s := Spec{Name: "My.App", Version: "1.2", RequiresPython: ">=3.11", Dependencies: []string{"flask>=3"},
		Scripts: map[string]string{"serve": "my_app.cli:main"}, CodeRoot: "/app/src"}
	a, err := WriteWheel(t.TempDir(), s)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := WriteWheel(t.TempDir(), s)
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if string(ba) != string(bb) || !strings.HasSuffix(a, "my_app-1.2-py3-none-any.whl") {
		t.Fatalf("not deterministic or misnamed: %s", a)
	}
	zr, err := zip.OpenReader(a)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		got[f.Name] = string(b)
	}
	if got["_pyko_my_app.pth"] != "/app/src\n" ||
		!strings.Contains(got["my_app-1.2.dist-info/METADATA"], "Requires-Dist: flask>=3\n") ||
		got["my_app-1.2.dist-info/entry_points.txt"] != "[console_scripts]\nserve = my_app.cli:main\n" ||
		!strings.HasSuffix(got["my_app-1.2.dist-info/RECORD"], "my_app-1.2.dist-info/RECORD,,\n") {
		t.Errorf("wheel content: %q", got)
	}
}
