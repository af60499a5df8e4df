package pep440

import (
	"errors"
	"strings"
	"testing"
)

func TestParseSpecifiers(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		n        int
	}{
		{"", "", 0},
		{"  ", "", 0},
		{">=3.8", ">=3.8", 1},
		{">=3.8,<4", ">=3.8,<4", 2},
		{" >= 3.8 , < 4 ", ">=3.8,<4", 2},
		{">=3.11, <3.15", ">=3.11,<3.15", 2},
		{"~=3.10", "~=3.10", 1},
		{"~= 0.9, >= 1.0, != 1.3.4.*, < 2.0", "~=0.9,>=1.0,!=1.3.4.*,<2.0", 4},
		{"==3.*", "==3.*", 1},
		{"== 3.12.*", "==3.12.*", 1},
		{"!=3.9.*", "!=3.9.*", 1},
		{"===foobar", "===foobar", 1},
		{"=== FooBar ", "===FooBar", 1},
		{"==v1.0.*", "==1.0.*", 1},
		{"==2!1.*", "==2!1.*", 1},
		{"==1.0+Local-01", "==1.0+local.1", 1},
		{"!=1.0+abc", "!=1.0+abc", 1},
		{">=7.9a1", ">=7.9a1", 1},
		{"<1.0.dev1", "<1.0.dev1", 1},
		{">2.0.post1", ">2.0.post1", 1},
		{"~=2.0", "~=2.0", 1},
		{"~=1.0.0", "~=1.0.0", 1}, // trailing zeros matter to ~=
		{"<= 5", "<=5", 1},
		{"< 2", "<2", 1},
		{">=3.8,", ">=3.8", 1}, // empty clauses are skipped, as pip does
		{",>=3.8,,<4,", ">=3.8,<4", 2},
		{"  \r \f \v >=v1.0\t\n", ">=1.0", 1},
	} {
		specs, err := ParseSpecifiers(tc.in)
		if err != nil {
			t.Errorf("ParseSpecifiers(%q): %v", tc.in, err)
			continue
		}
		if got := specs.String(); got != tc.want || len(specs) != tc.n {
			t.Errorf("ParseSpecifiers(%q) = %q (%d clauses), want %q (%d)", tc.in, got, len(specs), tc.want, tc.n)
		}
		again, err := ParseSpecifiers(specs.String())
		if err != nil || again.String() != specs.String() {
			t.Errorf("ParseSpecifiers(%q) does not round-trip: %q, %v", tc.in, again, err)
		}
	}
}

func TestParseSpecifiersFields(t *testing.T) {
	s := MustParseSpecifiers("!=3.9.*, ===Odd, ~=3.10")
	if s[0].Op != OpNotEqual || !s[0].Wildcard || s[0].Version.String() != "3.9" {
		t.Errorf("clause 0 = %+v", s[0])
	}
	if s[1].Op != OpArbitrary || s[1].Arbitrary != "Odd" {
		t.Errorf("clause 1 = %+v", s[1])
	}
	if s[2].Op != OpCompatible || s[2].Wildcard || s[2].Version.String() != "3.10" {
		t.Errorf("clause 2 = %+v", s[2])
	}
}

// TestParseSpecifiersInvalid uses pypa/packaging's test_specifiers_invalid
// and a few more; each error must name the clause and say what is wrong.
func TestParseSpecifiersInvalid(t *testing.T) {
	for _, tc := range []struct{ in, clause, want string }{
		{"2.0", "2.0", `did you mean "==2.0"`},
		{"3.12", "3.12", `did you mean "==3.12" or ">=3.12"`},
		{"=>2.0", "=>2.0", "expected an operator"},
		{"lolwat", "lolwat", "expected an operator"},
		{"==", "==", `missing version after "=="`},
		{"===", "===", `missing version after "==="`},
		{"~=1.0+5", "~=1.0+5", "only allowed with == and !="},
		{">=1.0+deadbeef", ">=1.0+deadbeef", "local version label"},
		{"<=1.0+abc123", "<=1.0+abc123", "local version label"},
		{">1.0+watwat", ">1.0+watwat", "local version label"},
		{"<1.0+1.0", "<1.0+1.0", "local version label"},
		{"~=1.0.*", "~=1.0.*", `only allowed with == and !=, not ~=`},
		{">=1.0.*", ">=1.0.*", "wildcard"},
		{"<=1.0.*", "<=1.0.*", "wildcard"},
		{">1.0.*", ">1.0.*", "wildcard"},
		{"<1.0.*", "<1.0.*", "wildcard"},
		{"==1.0.*+5", "==1.0.*+5", "invalid PEP 440 version"},
		{"!=1.0.*+deadbeef", "!=1.0.*+deadbeef", "invalid PEP 440 version"},
		{"==2.0a1.*", "==2.0a1.*", "may only follow a release number, as in ==2.0.*"},
		{"!=2.0a1.*", "!=2.0a1.*", "may only follow a release number"},
		{"==2.0.post1.*", "==2.0.post1.*", "may only follow a release number"},
		{"==2.0.dev1.*", "==2.0.dev1.*", "may only follow a release number"},
		{"==1.0+5.*", "==1.0+5.*", "may only follow a release number"},
		{"==1.0 .*", "==1.0 .*", "no space is allowed before"},
		{"==1.0.*.5", "==1.0.*.5", "invalid PEP 440 version"},
		{"==.*", "==.*", "invalid PEP 440 version"},
		{"~=1", "~=1", "at least two release numbers, as in ~=1.0"},
		{"==1.2+\u0130", "==1.2+\u0130", "non-ASCII"},
		{">=3.8,<4,>=3..9", ">=3..9", `unexpected "..9"`},
		{">=3.8 <4", ">=3.8 <4", `unexpected " <4"`},
		{"===foo bar", "===foo bar", `contains " "`},
		{"===foo;", "===foo;", `contains ";"`},
		{"== 1. 0", "== 1. 0", "invalid PEP 440 version"},
	} {
		_, err := ParseSpecifiers(tc.in)
		if err == nil {
			t.Errorf("ParseSpecifiers(%q) succeeded, want an error", tc.in)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, ErrInvalidSpecifier) || !strings.Contains(msg, `"`+tc.clause+`"`) || !strings.Contains(msg, tc.want) {
			t.Errorf("ParseSpecifiers(%q) error = %q\nwant ErrInvalidSpecifier naming %q and saying %q", tc.in, msg, tc.clause, tc.want)
		}
	}
}

// TestSpecifierVersionsNormalise is packaging's test_specifiers_normalized:
// every spelling Parse accepts is accepted after every operator that takes it.
func TestSpecifierVersionsNormalise(t *testing.T) {
	for _, tc := range normalised {
		v := MustParse(tc[0])
		ops := []string{OpCompatible, OpEqual, OpNotEqual, OpLessEqual, OpGreaterEqual, OpLess, OpGreater}
		if v.Local() != "" {
			ops = []string{OpEqual, OpNotEqual}
		}
		for _, op := range ops {
			if op == OpCompatible && len(v.Release()) < 2 {
				continue
			}
			specs, err := ParseSpecifiers(op + tc[0])
			if err != nil {
				t.Errorf("ParseSpecifiers(%q): %v", op+tc[0], err)
				continue
			}
			if got := specs.String(); got != op+tc[1] {
				t.Errorf("ParseSpecifiers(%q) = %q, want %q", op+tc[0], got, op+tc[1])
			}
		}
	}
}
