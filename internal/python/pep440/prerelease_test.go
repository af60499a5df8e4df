package pep440

import "testing"

// TestContainsPrereleases checks the pre-release policy: excluded unless
// asked for or named by a clause. The cases come from pypa/packaging's
// test_specifiers.py (filter, prereleases and "exclusionary bridges"
// tests); its prereleases=None default for a specifier that names a
// pre-release is Contains(v, false) here.
func TestContainsPrereleases(t *testing.T) {
	for _, tc := range []struct {
		spec, version string
		pre, want     bool
	}{
		{">=1.0", "2.0.dev1", false, false},
		{">=1.0", "2.0.dev1", true, true},
		{">=1.0", "2.0", false, true},
		{">=2.0.dev1", "2.0a1", false, true},  // names a pre-release
		{"==2.0.*", "2.0.dev1", false, false}, // a wildcard never does
		{"==2.0.*", "2.0.dev1", true, true},
		{"<1.0.dev1", "0.9.dev1", false, true},
		{">1.0.dev1", "1.1.dev1", false, true},
		{"!=2.0a1", "1.0a2", false, false}, // "!=" never does
		{"!=2.0a1", "1.0a2", true, true},
		{"==2.0a1", "2.0a1", false, true},
		{">2.0a1", "3.0a2", false, true},
		{">2.0a1", "2.0a1", false, false},
		{"<2.0a1", "1.0a2", false, true},
		{"~=2.0a1", "2.0a1", false, true},
		{"~=2.0a1", "3.0a2", false, false},
		{"", "1.0a1", false, false},
		{"", "1.0a1", true, true},
		{">=1.0,<=2.0", "1.5a1", false, false},
		{">=1.0,<=2.0", "1.5a1", true, true},
		{">=1.0,<=2.0dev", "1.5a1", false, true}, // one clause names one
		{"===1.0a1", "1.0a1", false, true},
		{"<=2.0", "1.0.dev1", false, false},
		{"<2.0", "2.0a1", true, false},
		{"~=1.0", "1.1.0.dev1", false, false},
		{"~=1.0", "1.1.0.dev1", true, true},
		{"~=1.0", "3.0.0.dev1", true, false},
		{">=2.0", "1.9.0.dev1", true, false},
		{">=1.0", "1.0.0.dev1", true, false},
		{"<1.0", "1.0.0.dev1", true, false},
		{"<1.0", "0.9.0.dev1", true, true},
		{"==1.*", "1.5.0a1", true, true},
		{"!=2.0", "2.0.dev1", true, true},
		// Gaps that only pre-, post- or dev releases fill.
		{">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0.dev0", true, true},
		{">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0a1", true, true},
		{">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0a1", false, false},
		{">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0", true, false},
		{">=1,!=1.*,!=2.*,!=3.0,<=3.0", "2.0", true, false},
		{">=1.0a1,!=1.*,!=2.*,<3.0", "2.0a1", true, false},
		{">=1.0a1,!=1.*,!=2.*,<3.0", "3.0a1", true, false},
		{">=1.0.dev0,!=1.*,!=2.*,<3.0.dev0", "2.0.dev0", true, false},
		{">=1.0.dev0,!=1.*,!=2.*,<3.0.dev0", "3.0.dev0", true, false},
		{">=1.0,!=1.0,!=1.1,<2.0", "1.0.post1", false, true},
		{">=1.0,!=1.0,!=1.1,<2.0", "1.1.post1", false, true},
		{">=1.0,!=1.0,!=1.1,<2.0", "1.1", true, false},
		{">=1,!=1.*,!=2.*,!=3.0,!=3.1,<4", "3.1.dev0", true, true},
		{">=1,!=1.*,!=2.*,!=3.0,!=3.1,<4", "3.1.dev0", false, false},
		{">=1,!=1.*,!=2.*,!=3.0,!=3.1,<4", "3.1", true, false},
		{">=1.0a1,!=1.0,<1.1", "1.0b1", false, true},
		{">=1.0a1,!=1.0,<1.1", "1.1.dev0", true, false},
		{">=1.0a1,!=1.0,<1.1", "1.1a1", true, false},
		{">=1.0a1,!=1.0,<1.1", "1.0", true, false},
		{">=0.9,!=0.9,<=1.0", "0.9.post1", false, true},
		{">=0.9,!=0.9,<=1.0", "1.0.dev0", true, true},
		{">=0.9,!=0.9,<=1.0", "1.0.dev0", false, false},
		{">=0.9,!=0.9,<=1.0", "1.0.post1", true, false},
		{">=1!0,!=1!1.*,!=1!2.*,<1!3", "1!0.5", false, true},
		{">=1!0,!=1!1.*,!=1!2.*,<1!3", "1!2.5", true, false},
		{">=1!0,!=1!1.*,!=1!2.*,<1!3", "0!5.0", true, false},
		{">=1!0,!=1!1.*,!=1!2.*,<1!3", "2!0.0", true, false},
		// requires-python as projects write it.
		{">=3.10,<3.15", "3.14.0", false, true},
		{">=3.10,<3.15", "3.15.0a1", true, false},
		{">=3.10,<3.15", "3.14.0rc1", false, false},
		{">=3.10,<3.15", "3.14.0rc1", true, true},
		{"==3.12.*", "3.12.7", false, true},
		{"==3.12.*", "3.13.0", false, false},
		{">=3.11.0,<3.15", "3.11", false, true},
		{">=3.10.0,<4.0.0", "4.0.0a1", true, false},
	} {
		got := MustParseSpecifiers(tc.spec).Contains(MustParse(tc.version), tc.pre)
		if got != tc.want {
			t.Errorf("%q.Contains(%s, prereleases=%v) = %v, want %v", tc.spec, tc.version, tc.pre, got, tc.want)
		}
	}
}
