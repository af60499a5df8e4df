package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/tags"
)

var cp312 = tags.Target{PythonMajor: 3, PythonMinor: 12, Arch: "x86_64", GlibcMajor: 2, GlibcMinor: 36}

func cands(names ...string) []Candidate {
	var out []Candidate
	for _, n := range names {
		out = append(out, Candidate{Filename: n, URL: "https://f/" + n, SHA256: "h-" + n})
	}
	return out
}

func TestChooseWheel(t *testing.T) {
	ms := []string{
		"markupsafe-2.1.5.tar.gz",
		"markupsafe-2.1.5-py3-none-any.whl",
		"markupsafe-2.1.5-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"markupsafe-2.1.5-cp312-cp312-musllinux_1_1_x86_64.whl",
		"markupsafe-2.1.5-cp312-cp312-manylinux_2_17_aarch64.whl",
		"markupsafe-2.1.5-cp311-cp311-manylinux_2_17_x86_64.whl",
		"markupsafe-2.1.4-cp312-cp312-manylinux_2_17_x86_64.whl",
	}
	tests := []struct {
		name   string
		target tags.Target
		hashes []string
		files  []string
		want   string
		errHas []string
	}{
		{"compiled beats pure", cp312, nil, ms, ms[2], nil},
		{"aarch64", tags.Target{PythonMajor: 3, PythonMinor: 12, Arch: "aarch64", GlibcMajor: 2, GlibcMinor: 36}, nil, ms, ms[4], nil},
		{"old glibc takes pure", tags.Target{PythonMajor: 3, PythonMinor: 12, Arch: "x86_64", GlibcMajor: 2, GlibcMinor: 12}, nil, ms, ms[1], nil},
		{"hash pins the pure wheel", cp312, []string{"h-" + ms[1]}, ms, ms[1], nil},
		{"only sdist", cp312, nil, ms[:1], "", []string{"only a source distribution", "markupsafe-2.1.5.tar.gz"}},
		{"nothing fits", cp312, nil, []string{ms[3], ms[5], ms[6]}, "", []string{"musl", "version 2.1.4", "cp311"}},
		{"no files", cp312, nil, nil, "", []string{"offer no file"}},
		{"hash mismatch", cp312, []string{"h-other"}, ms[1:3], "", []string{"no file matches the pinned hashes", ms[1]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lock.Package{Name: "markupsafe", Version: "2.1.5", Hashes: tt.hashes, Source: "uv.lock"}
			w, err := ChooseWheel(p, cands(tt.files...), tt.target)
			if tt.errHas != nil {
				var nw *NoWheelError
				if !errors.As(err, &nw) {
					t.Fatalf("err = %v", err)
				}
				for _, s := range tt.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("%q lacks %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w.Filename != tt.want || w.SHA256 != "h-"+tt.want || w.URL != "https://f/"+tt.want {
				t.Errorf("chose %+v, want %s", w, tt.want)
			}
		})
	}
}
