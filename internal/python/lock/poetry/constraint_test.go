package poetry

import (
	"testing"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

func TestConstraintAdmits(t *testing.T) {
	tests := []struct {
		constraint string
		yes, no    []string
	}{
		{"*", []string{"0", "1.0", "99.9a1"}, nil},
		{"", []string{"1.0"}, nil},
		{"^1.2.3", []string{"1.2.3", "1.9", "1.99.0"}, []string{"1.2.2", "2.0", "2.0.0"}},
		{"^1.2", []string{"1.2", "1.9.9"}, []string{"1.1.9", "2.0"}},
		{"^1", []string{"1.0", "1.99"}, []string{"0.9", "2.0"}},
		{"^0.2.3", []string{"0.2.3", "0.2.9"}, []string{"0.2.2", "0.3.0"}},
		{"^0.0.3", []string{"0.0.3"}, []string{"0.0.4", "0.1"}},
		{"^0.0", []string{"0.0.1", "0.0.99"}, []string{"0.1"}},
		{"^0", []string{"0.1", "0.99"}, []string{"1.0"}},
		{"~1.2.3", []string{"1.2.3", "1.2.9"}, []string{"1.3.0", "1.2.2"}},
		{"~1.2", []string{"1.2.0", "1.2.9"}, []string{"1.3"}},
		{"~1", []string{"1.0", "1.9"}, []string{"2.0"}},
		{"~=1.2", []string{"1.2", "1.9"}, []string{"2.0", "1.1"}},
		{"1.2.3", []string{"1.2.3", "1.2.3.0"}, []string{"1.2.4"}},
		{"=1.2.3", []string{"1.2.3"}, []string{"1.2.4"}},
		{"1.2.*", []string{"1.2.0", "1.2.9"}, []string{"1.3.0"}},
		{">=1.2,<2.0", []string{"1.2", "1.9"}, []string{"2.0", "1.1"}},
		{">= 1.2, < 2.0", []string{"1.5"}, []string{"2.0"}},
		{">=1.2 <2.0", []string{"1.5"}, []string{"2.0", "1.0"}},
		{">=1.34.1,<2.0.dev0 || >=2.11.dev0,<3.0.0dev", []string{"1.34.1", "2.11.0", "2.11.0.dev1"}, []string{"2.0", "2.10", "3.0.0"}},
		{"<1.0 | >=2.0", []string{"0.9", "2.0"}, []string{"1.5"}},
		{"!=1.5", []string{"1.4", "1.6"}, []string{"1.5"}},
		{">=2 || *", []string{"0.1", "3"}, nil},
	}
	for _, tt := range tests {
		c, err := parseConstraint(tt.constraint)
		if err != nil {
			t.Errorf("parseConstraint(%q): %v", tt.constraint, err)
			continue
		}
		for _, v := range tt.yes {
			if !c.admits(pep440.MustParse(v)) {
				t.Errorf("%q does not admit %s", tt.constraint, v)
			}
		}
		for _, v := range tt.no {
			if c.admits(pep440.MustParse(v)) {
				t.Errorf("%q admits %s", tt.constraint, v)
			}
		}
	}
}

func TestConstraintAdmitsPython(t *testing.T) {
	full, minor := pep440.MustParse("3.12.4"), pep440.MustParse("3.12")
	tests := []struct {
		constraint string
		want       bool
	}{
		{"<=3.12", true}, // python_version <= "3.12"
		{">3.12", false}, // python_version > "3.12"
		{"<3.12", false},
		{">=3.12", true},
		{"~3.12", true},
		{"^3.8", true},
		{"<3.12.5", true}, // three numbers compare python_full_version
		{">3.12.4", false},
		{"==3.12.*", true},
		{">=2.7, !=3.0.*, !=3.1.*", true},
		{">=3.13 || <3.11", false},
	}
	for _, tt := range tests {
		c, err := parseConstraint(tt.constraint)
		if err != nil {
			t.Errorf("parseConstraint(%q): %v", tt.constraint, err)
			continue
		}
		if got := c.admitsPython(full, minor); got != tt.want {
			t.Errorf("%q admits Python 3.12.4 = %v, want %v", tt.constraint, got, tt.want)
		}
	}
}

func TestConstraintErrors(t *testing.T) {
	for _, s := range []string{"^abc", ">=1.0,<x", "~", ">>1", "1.0 ||| 2"} {
		if _, err := parseConstraint(s); err == nil {
			t.Errorf("parseConstraint(%q) = nil error", s)
		}
	}
}

func FuzzParseConstraint(f *testing.F) {
	for _, s := range []string{"^1.2.3", "~1.2", ">=1,<2 || >=3", "1.2.*", "*", ">= 1.0 < 2"} {
		f.Add(s, "1.2.3")
	}
	f.Fuzz(func(t *testing.T, s, v string) {
		c, err := parseConstraint(s)
		if err != nil {
			return
		}
		ver, err := pep440.Parse(v)
		if err != nil {
			return
		}
		c.admits(ver)
		c.admitsPython(ver, ver)
	})
}
