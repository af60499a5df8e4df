package plan

import (
	"errors"
	"slices"
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
		{"only sdist", cp312, nil, ms[:1], "", []string{"no source distribution pyko can build", "markupsafe-2.1.5.tar.gz"}},
		{"nothing fits", cp312, nil, []string{ms[3], ms[5], ms[6]}, "", []string{"musl", "version 2.1.4", "cp311"}},
		{"no files", cp312, nil, nil, "", []string{"offer no file"}},
		{"hash mismatch", cp312, []string{"h-other"}, ms[1:3], "", []string{"no file matches the pinned hashes", ms[1]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lock.Package{Name: "markupsafe", Version: "2.1.5", Hashes: tt.hashes, Source: "uv.lock"}
			w, err := ChooseWheel(p, cands(tt.files...), tt.target, "3.12.4")
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

func TestChooseWheelRequiresPython(t *testing.T) {
	pure, compiled := "flask-3.0.3-py3-none-any.whl", "flask-3.0.3-cp312-cp312-manylinux_2_17_x86_64.whl"
	tests := []struct {
		name   string
		rp     map[string]string // filename → Requires-Python
		python string
		want   string
		errHas []string
	}{
		{"fits", map[string]string{pure: ">=3.8"}, "3.12.4", pure, nil},
		{"patch level counts", map[string]string{pure: ">=3.12.5"}, "3.12.4", "", []string{
			"flask 3.0.3: no wheel supports the image's Python 3.12.4", "pick another --python", pure + " (Requires-Python >=3.12.5)"}},
		{"excluded file is skipped", map[string]string{compiled: "<3.12", pure: ">=3.8"}, "3.12.4", pure, nil},
		{"all excluded", map[string]string{compiled: "<3.12", pure: "!=3.12.*"}, "3.12.0", "", []string{
			"Requires-Python <3.12", "Requires-Python !=3.12.*", "Python 3.12.0"}},
		{"invalid specifier ignored", map[string]string{pure: ">=three"}, "3.12.4", pure, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cs []Candidate
			for _, f := range []string{pure, compiled} {
				if rp, ok := tt.rp[f]; ok {
					cs = append(cs, Candidate{Filename: f, URL: "https://f/" + f, SHA256: "h-" + f, RequiresPython: rp})
				}
			}
			p := lock.Package{Name: "flask", Version: "3.0.3", Source: "requirements.txt line 1"}
			w, err := ChooseWheel(p, cs, cp312, tt.python)
			if tt.errHas == nil {
				if err != nil || w.Filename != tt.want {
					t.Fatalf("chose %+v, %v; want %s", w, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("chose %s, want an error", w.Filename)
			}
			for _, s := range tt.errHas {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%q lacks %q", err, s)
				}
			}
		})
	}
}

func TestChooseWheelHashes(t *testing.T) {
	f := "flask-3.0.3-py3-none-any.whl"
	s512a, s512b, s384 := strings.Repeat("a", 128), strings.Repeat("b", 128), strings.Repeat("c", 96)
	tests := []struct {
		name       string
		pins       []string
		sha256     string
		other      map[string]string
		wantHashes []string
		wantErr    bool
	}{
		{"sha512 pins, index gives sha256 only: pins go to the plan", []string{"sha512:" + s512a, "sha512:" + s512b, "sha384:" + s384},
			"h", nil, []string{"sha384:" + s384, "sha512:" + s512a, "sha512:" + s512b}, false},
		{"index gives the matching sha512", []string{"sha512:" + s512a}, "h", map[string]string{"sha512": s512a}, []string{"sha512:" + s512a}, false},
		{"index gives another sha512", []string{"sha512:" + s512a}, "h", map[string]string{"sha512": s512b}, nil, true},
		{"sha256 pin matched: nothing more", []string{"h"}, "h", nil, nil, false},
		{"sha256 pin, index without hash", []string{"h", "g"}, "", nil, []string{"sha256:g", "sha256:h"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lock.Package{Name: "flask", Version: "3.0.3", Hashes: tt.pins, Source: "requirements.txt line 1"}
			w, err := ChooseWheel(p, []Candidate{{Filename: f, URL: "https://f/" + f, SHA256: tt.sha256, Hashes: tt.other}}, cp312, "3.12.4")
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "no file matches the pinned hashes") {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil || !slices.Equal(w.Hashes, tt.wantHashes) || w.SHA256 != tt.sha256 {
				t.Fatalf("chose %+v, %v; want hashes %q", w, err, tt.wantHashes)
			}
		})
	}
}
