package pep440

import "testing"

// FuzzParse: no panic; a parsed version round-trips through String, and
// Compare is reflexive and antisymmetric against a fixed version.
func FuzzParse(f *testing.F) {
	for _, tc := range normalised {
		f.Add(tc[0])
	}
	for _, s := range sortedVersions {
		f.Add(s)
	}
	f.Add("1.0+a..b")
	f.Add("1!")
	ref := MustParse("1.0a1.post2.dev3+abc.1")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(v.String())
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", s, v, err)
		}
		if again.String() != v.String() || Compare(again, v) != 0 {
			t.Fatalf("Parse(%q) = %q, reparsed as %q", s, v, again)
		}
		if Compare(v, v) != 0 {
			t.Fatalf("Compare(%q, itself) != 0", v)
		}
		if Compare(v, ref) != -Compare(ref, v) {
			t.Fatalf("Compare(%q, %q) is not antisymmetric", v, ref)
		}
	})
}

// FuzzSpecifiers: no panic; a parsed specifier round-trips through String
// and answers Contains the same way after the round trip.
func FuzzSpecifiers(f *testing.F) {
	for _, tc := range matching {
		f.Add(tc[1], tc[0])
	}
	for _, s := range []string{"", ">=3.8,<4", "~= 0.9, >= 1.0, != 1.3.4.*, < 2.0",
		"===foobar", "==1.0+abc", ">=3.8,", "==1.0.*+5", "~=1", "== 1. 0"} {
		f.Add(s, "1.0")
	}
	f.Fuzz(func(t *testing.T, spec, version string) {
		specs, err := ParseSpecifiers(spec)
		if err != nil {
			return
		}
		again, err := ParseSpecifiers(specs.String())
		if err != nil {
			t.Fatalf("ParseSpecifiers(%q).String() = %q does not parse: %v", spec, specs, err)
		}
		if again.String() != specs.String() {
			t.Fatalf("ParseSpecifiers(%q) = %q, reparsed as %q", spec, specs, again)
		}
		v, err := Parse(version)
		if err != nil {
			return
		}
		for _, pre := range []bool{false, true} {
			if specs.Contains(v, pre) != again.Contains(v, pre) {
				t.Fatalf("%q and its round trip %q disagree on %s", spec, again, v)
			}
		}
	})
}
