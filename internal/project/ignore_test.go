package project

import (
	"testing"

	"github.com/moby/patternmatcher"
)

func TestMayHoldIncluded(t *testing.T) {
	tests := []struct {
		dockerignore string
		dir          string
		want         bool
	}{
		{"data\n", "data", false},
		{"data\n!data/keep\n", "data", true},
		{"data\n!data/keep\n", "other", false},
		{"data\n!data/a/b\n", "data/a", true},
		{"data\n!data/a/b\n", "data/ab", false},
		{"data\n!data/**\n", "data", true},
		{"data\n!**/*.md\n", "anything", true},
	}
	for _, tt := range tests {
		r, err := readIgnoreRules(".dockerignore", []byte(tt.dockerignore))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.mayHoldIncluded(tt.dir); got != tt.want {
			t.Errorf("%q: mayHoldIncluded(%q) = %v, want %v", tt.dockerignore, tt.dir, got, tt.want)
		}
	}
}

func FuzzDockerignore(f *testing.F) {
	f.Add([]byte("# c\n/build\n**/*.md\n!docs/keep.md\n"), "docs/keep.md")
	f.Add([]byte("\ufeff*\n!src\n"), "src/a/b.py")
	f.Add([]byte("[\n"), "x")
	f.Fuzz(func(t *testing.T, data []byte, rel string) {
		r, err := readIgnoreRules(".dockerignore", data)
		if err != nil {
			return
		}
		_, info, err := r.excluded(rel, patternmatcher.MatchInfo{})
		if err == nil {
			_, _, _ = r.excluded(rel+"/child", info)
		}
		_ = r.mayHoldIncluded(rel)
	})
}
