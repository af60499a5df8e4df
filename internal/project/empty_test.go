package project

import (
	"io/fs"
	"testing"
)

func TestHasPython(t *testing.T) {
	reg := func(rel string) File { return File{Rel: rel} }
	for _, tt := range []struct {
		name  string
		files []File
		want  bool
	}{
		{"nothing", nil, false},
		{"only docs", []File{reg("README.md"), reg("docs/x.txt")}, false},
		{"a module deep down", []File{reg("README.md"), reg("src/pkg/mod.py")}, true},
		{"requirements.txt", []File{reg("requirements.txt")}, true},
		{"a named pylock", []File{reg("pylock.prod.toml")}, true},
		{"a lockfile not at the top", []File{reg("vendor/uv.lock")}, false},
		{"a directory named like a module", []File{{Rel: "x.py", Mode: fs.ModeDir}}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := HasPython(tt.files); got != tt.want {
				t.Errorf("HasPython = %v, want %v", got, tt.want)
			}
		})
	}
}
