package build

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestAbsLinks(t *testing.T) {
	cwd, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		in       []string
		fromFlag bool
		want     []string
	}{
		{"a flag's path is from the working directory", []string{"wheels", "./w/x"}, true, []string{filepath.Join(cwd, "wheels"), filepath.Join(cwd, "w/x")}},
		{"a config's path is from the project", []string{"wheels/", "../shared"}, false, []string{"/proj/wheels", "/shared"}},
		{"absolute paths and URLs are kept", []string{"/abs", "https://h/links/", "file:///w"}, false, []string{"/abs", "https://h/links/", "file:///w"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := absLinks(tt.in, tt.fromFlag, "/proj"); !slices.Equal(got, tt.want) {
				t.Errorf("absLinks(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
