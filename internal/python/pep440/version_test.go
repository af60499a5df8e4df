package pep440

import (
	"errors"
	"strings"
	"testing"
)

// normalised pairs an input with its normalised form. The data is
// pypa/packaging's tests/test_version.py (test_normalized_versions and
// test_version_str_repr) plus the spec's own examples.
var normalised = [][2]string{
	{"1.0dev", "1.0.dev0"}, {"1.0.dev", "1.0.dev0"}, {"1.0dev1", "1.0.dev1"},
	{"1.0-dev", "1.0.dev0"}, {"1.0-dev1", "1.0.dev1"}, {"1.0DEV", "1.0.dev0"},
	{"1.0.DEV", "1.0.dev0"}, {"1.0DEV1", "1.0.dev1"}, {"1.0.DEV1", "1.0.dev1"},
	{"1.0-DEV", "1.0.dev0"}, {"1.0-DEV1", "1.0.dev1"}, {"1.0_dev_1", "1.0.dev1"},
	{"1.0a", "1.0a0"}, {"1.0.a", "1.0a0"}, {"1.0.a1", "1.0a1"}, {"1.0-a", "1.0a0"},
	{"1.0-a1", "1.0a1"}, {"1.0alpha", "1.0a0"}, {"1.0.alpha", "1.0a0"},
	{"1.0.alpha1", "1.0a1"}, {"1.0-alpha", "1.0a0"}, {"1.0-alpha1", "1.0a1"},
	{"1.0A", "1.0a0"}, {"1.0.A1", "1.0a1"}, {"1.0ALPHA", "1.0a0"}, {"1.0-ALPHA1", "1.0a1"},
	{"1.0b", "1.0b0"}, {"1.0.b1", "1.0b1"}, {"1.0-b", "1.0b0"}, {"1.0beta", "1.0b0"},
	{"1.0.beta1", "1.0b1"}, {"1.0-beta", "1.0b0"}, {"1.0B1", "1.0b1"}, {"1.0-BETA1", "1.0b1"},
	{"1.0c", "1.0rc0"}, {"1.0.c", "1.0rc0"}, {"1.0.c1", "1.0rc1"}, {"1.0-c1", "1.0rc1"},
	{"1.0rc", "1.0rc0"}, {"1.0.rc", "1.0rc0"}, {"1.0.rc1", "1.0rc1"}, {"1.0-rc1", "1.0rc1"},
	{"1.0C", "1.0rc0"}, {"1.0RC1", "1.0rc1"}, {"1.0-RC", "1.0rc0"},
	{"1.0pre", "1.0rc0"}, {"1.0preview1", "1.0rc1"}, {"1.0-pre2", "1.0rc2"},
	{"1.0post", "1.0.post0"}, {"1.0.post", "1.0.post0"}, {"1.0post1", "1.0.post1"},
	{"1.0-post", "1.0.post0"}, {"1.0-post1", "1.0.post1"}, {"1.0POST", "1.0.post0"},
	{"1.0.POST1", "1.0.post1"}, {"1.0r", "1.0.post0"}, {"1.0rev", "1.0.post0"},
	{"1.0.r1", "1.0.post1"}, {"1.0.rev1", "1.0.post1"}, {"1.0-5", "1.0.post5"},
	{"1.0-r5", "1.0.post5"}, {"1.0-rev5", "1.0.post5"}, {"1.0a1-1", "1.0a1.post1"},
	{"1.0+AbC", "1.0+abc"}, {"1.0+ubuntu-1", "1.0+ubuntu.1"}, {"1.0+a_b.C-01", "1.0+a.b.c.1"},
	{"1.01", "1.1"}, {"1.0a05", "1.0a5"}, {"1.0b07", "1.0b7"}, {"1.0c056", "1.0rc56"},
	{"1.0rc09", "1.0rc9"}, {"1.0.post000", "1.0.post0"}, {"1.1.dev09000", "1.1.dev9000"},
	{"00!1.2", "1.2"}, {"0100!0.0", "100!0.0"}, {"0!1.0.2", "1.0.2"},
	{"v1.0", "1.0"}, {"V1.0", "1.0"}, {"   v1.0\t\n", "1.0"},
	{"\u202f1.0\t\u2029\n ", "1.0"}, // non-ASCII whitespace is trimmed too
	{"1.0.0a1.post2.dev3+abc.1", "1.0.0a1.post2.dev3+abc.1"},
	{"1.0a.post1", "1.0a0.post1"}, {"1.0a.-1", "1.0a0.post1"}, {"1.0.post.", "1.0.post0"},
	{"0!1.0.4+8.0", "1.0.4+8.0"}, {"1.2+1234.abc", "1.2+1234.abc"}, {"1.2+123abc456", "1.2+123abc456"},
	{"7!1.0b2.post345.dev456", "7!1.0b2.post345.dev456"}, {"7!1.0.5+9.5", "7!1.0.5+9.5"},
	{"18446744073709551615", "18446744073709551615"},
}

func TestParseNormalises(t *testing.T) {
	for _, tc := range normalised {
		v, err := Parse(tc[0])
		if err != nil {
			t.Errorf("Parse(%q): %v", tc[0], err)
			continue
		}
		if got := v.String(); got != tc[1] {
			t.Errorf("Parse(%q).String() = %q, want %q", tc[0], got, tc[1])
		}
		again := MustParse(v.String())
		if Compare(again, v) != 0 || again.String() != v.String() {
			t.Errorf("Parse(%q) does not round-trip: %q", tc[0], again)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "empty string"},
		{"   ", "empty string"},
		{"french toast", "expected a release number"},
		{"1.0+a+", `unexpected "+"`},
		{"1.0++", "local version segment"},
		{"1.0+_foobar", "local version segment"},
		{"1.0+foo&asd", `unexpected "&asd"`},
		{"1.0+1+1", `unexpected "+1"`},
		{"1.0+", "local version segment"},
		{"1.0+a.", "local version segment"},
		{"1.0+a..b", "local version segment"},
		{"1. 0", `unexpected ". 0"`},
		{"1 .0", `unexpected " .0"`},
		{"1.0 a1", `unexpected " a1"`},
		{"1.0a 1", `unexpected " 1"`},
		{"٠١٢.٣٤٥.٦٧٨٩", "non-ASCII"},
		{"1.0+\u0130", "non-ASCII"},
		{"1.0+\u212a", "non-ASCII"}, // Kelvin sign, which Python's re.IGNORECASE takes for k
		{".", "expected a release number"},
		{"..", "expected a release number"},
		{"1..0", `unexpected "..0"`},
		{"1.0.", `unexpected "."`},
		{".1.0", "expected a release number"},
		{"1.0-", `unexpected "-"`},
		{"1.0_1", `unexpected "_1"`},
		{"1!", "release after the epoch number at the end"},
		{"vv1.0", "expected a release number"},
		{"1.0.dev1.post1", `unexpected ".post1"`},
		{"1.0.post1a1", `unexpected "a1"`},
		{"1.0ab", `unexpected "b"`},
		{"1.*", `unexpected ".*"`},
		{"18446744073709551616", "larger than"},
		{"1.0.post99999999999999999999", "post number 99999999999999999999 is larger"},
	} {
		_, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", tc.in)
			continue
		}
		if !errors.Is(err, ErrInvalidVersion) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %q, want ErrInvalidVersion mentioning %q", tc.in, err, tc.want)
		}
	}
}

func TestAccessors(t *testing.T) {
	v := MustParse("2!3.12.1rc2.post4.dev5+Ubuntu.01")
	label, n, ok := v.Pre()
	post, hasPost := v.Post()
	dev, hasDev := v.Dev()
	got := []any{v.Epoch(), v.Major(), v.Minor(), v.Micro(), label, n, ok, post, hasPost, dev, hasDev,
		v.Local(), v.IsPrerelease(), v.IsPostrelease(), v.IsDevrelease(), v.Public().String()}
	want := []any{uint64(2), uint64(3), uint64(12), uint64(1), "rc", uint64(2), true, uint64(4), true,
		uint64(5), true, "ubuntu.1", true, true, true, "2!3.12.1rc2.post4.dev5"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("accessor %d = %v, want %v", i, got[i], want[i])
		}
	}
	r := v.Release()
	r[0] = 99 // a copy: v must not change
	if v.Major() != 3 || len(r) != 3 {
		t.Errorf("Release() = %v shares storage or has the wrong length", r)
	}
	if z := (Version{}); z.String() != "0" || Compare(z, MustParse("0.0")) != 0 || z.Minor() != 0 {
		t.Errorf("zero Version = %q, want 0", z)
	}
}

func TestIsPrerelease(t *testing.T) {
	// pypa/packaging test_version_is_prerelease.
	for in, want := range map[string]bool{
		"1.0.dev0": true, "1.0.dev1": true, "1.0a1.dev1": true, "1.0b1.dev1": true,
		"1.0c1.dev1": true, "1.0rc1.dev1": true, "1.0a1": true, "1.0b1": true, "1.0c1": true,
		"1.0rc1": true, "1.0a1.post1.dev1": true, "1.0rc1.post1.dev1": true, "1.0a1.post1": true,
		"1.0rc1.post1": true, "1.0": false, "1.0+dev": false, "1.0.post1": false,
		"1.0.post1+dev": false,
	} {
		if got := MustParse(in).IsPrerelease(); got != want {
			t.Errorf("%s.IsPrerelease() = %v, want %v", in, got, want)
		}
	}
}
