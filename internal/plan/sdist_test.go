package plan

import (
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
)

func TestSdistVersion(t *testing.T) {
	for _, tt := range []struct {
		file, name, want string
		ok               bool
	}{
		{"langdetect-1.0.9.tar.gz", "langdetect", "1.0.9", true},
		{"python-dateutil-2.8.2.tar.gz", "python-dateutil", "2.8.2", true},
		{"python_dateutil-2.8.2.tar.gz", "python-dateutil", "2.8.2", true},
		{"Promise-2.3.zip", "promise", "2.3", true},
		{"zxcvbn-4.4.28.tgz", "zxcvbn", "4.4.28", true},
		{"zxcvbn-4.4.28.tar.gz", "other", "", false},
		{"zxcvbn-notaversion.tar.gz", "zxcvbn", "", false},
		{"zxcvbn.tar.gz", "zxcvbn", "", false},
	} {
		v, ok := SdistVersion(tt.file, tt.name)
		if ok != tt.ok || (ok && v.String() != tt.want) {
			t.Errorf("SdistVersion(%q, %q) = %v, %v; want %q, %v", tt.file, tt.name, v, ok, tt.want, tt.ok)
		}
	}
}

func TestChooseSdist(t *testing.T) {
	sum := func(c byte) string { return strings.Repeat(string(c), 64) }
	cands := []Candidate{
		{Filename: "demo-1.0-py3-none-any.whl", SHA256: sum('1')},
		{Filename: "demo-0.9.tar.gz", SHA256: sum('2')},
		{Filename: "demo-1.0.zip", SHA256: sum('3')},
		{Filename: "demo-1.0.tar.gz", SHA256: sum('4')},
		{Filename: "demo-1.0.tar.bz2", SHA256: sum('5')},
	}
	for _, tt := range []struct {
		name   string
		pkg    lock.Package
		cands  []Candidate
		python string
		want   string
	}{
		{"tar.gz before zip", lock.Package{Name: "demo", Version: "1.0"}, cands, "3.12.1", "demo-1.0.tar.gz"},
		{"pins", lock.Package{Name: "demo", Version: "1.0", Hashes: []string{sum('3')}}, cands, "3.12.1", "demo-1.0.zip"},
		{"no pin fits", lock.Package{Name: "demo", Version: "1.0", Hashes: []string{sum('9')}}, cands, "3.12.1", ""},
		{"other version", lock.Package{Name: "demo", Version: "2.0"}, cands, "3.12.1", ""},
		{"only bz2", lock.Package{Name: "demo", Version: "1.0"}, cands[4:], "3.12.1", ""},
		{"requires-python", lock.Package{Name: "demo", Version: "1.0"}, []Candidate{{Filename: "demo-1.0.tar.gz", RequiresPython: ">=3.13"}}, "3.12.1", ""},
	} {
		got := ChooseSdist(tt.pkg, tt.cands, tt.python)
		if (got == nil) != (tt.want == "") || (got != nil && got.Filename != tt.want) {
			t.Errorf("%s: got %+v, want %q", tt.name, got, tt.want)
		}
		if got != nil && got.Kind != SourceSdist {
			t.Errorf("%s: kind %q", tt.name, got.Kind)
		}
	}
}
