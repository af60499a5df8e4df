package pep440

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// specOrder is the ordering example of the spec's "Summary of permitted
// suffixes and relative ordering", with local versions added.
var specOrder = []string{
	"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
	"1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345",
	"1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5",
	"1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
}

// sortedVersions is pypa/packaging's tests/test_version.py VERSIONS, which
// "must be in the correct sorting order".
var sortedVersions = func() []string {
	base := []string{
		"1.0.dev0", "1.0.dev456", "1.0.dev456+local", "1.0a0", "1.0a0.post0.dev0",
		"1.0a0.post0", "1.0a1.dev1", "1.0a1.dev1+local", "1.0a1", "1.0a1+local", "1.0b0",
		"1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0b2-346",
		"1.0rc0", "1.0rc1.dev1", "1.0c1", "1.0rc2", "1.0", "1.0.post0.dev0", "1.0.post0",
		"1.0.post456.dev34", "1.0.post456", "1.0.post456+local", "1.0.1.dev1", "1.0.1a1",
		"1.0.1", "1.0.1+local", "1.0.1.post1", "1.1.dev1", "1.2+a", "1.2+abc", "1.2+abcdef",
		"1.2+def", "1.2+0", "1.2+1", "1.2+1.abc", "1.2+1.1", "1.2+1.1.0", "1.2+2", "1.2+123",
		"1.2+123456", "1.2.r32+123456", "1.2.rev33+123456",
	}
	out := slices.Clone(base)
	for _, v := range base {
		out = append(out, "1!"+v) // the same list again under an explicit epoch of 1
	}
	return out
}()

// TestSortOrder shuffles each ordered list and checks that sorting restores it.
func TestSortOrder(t *testing.T) {
	for name, list := range map[string][]string{"spec": specOrder, "packaging": sortedVersions} {
		vs := make([]Version, len(list))
		for i, s := range list {
			vs[i] = MustParse(s)
		}
		r := rand.New(rand.NewPCG(1, 2))
		for range 5 {
			shuffled := slices.Clone(vs)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			slices.SortStableFunc(shuffled, Compare)
			for i := range shuffled {
				if Compare(shuffled[i], vs[i]) != 0 {
					t.Fatalf("%s order: position %d is %s, want %s", name, i, shuffled[i], vs[i])
				}
			}
		}
	}
}

// TestComparePairs checks every ordered pair both ways, as packaging's
// test_comparison_true/false do.
func TestComparePairs(t *testing.T) {
	for i, a := range sortedVersions {
		for j, b := range sortedVersions {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := Compare(MustParse(a), MustParse(b)); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestCompareEqual(t *testing.T) {
	for _, pair := range [][2]string{
		{"1.0", "1.0.0"}, {"1", "1.0.0.0"}, {"1.0rc1", "1.0c1"}, {"1.0rc1", "1.0pre1"},
		{"0!1.0", "1.0"}, {"1.0+abc.01", "1.0+ABC.1"}, {"1.0.post0", "1.0-0"},
		{"1.0a", "1.0a0"}, {"v1.0", "1.0"}, {"1.0+1-2", "1.0+1_2"},
	} {
		if c := Compare(MustParse(pair[0]), MustParse(pair[1])); c != 0 {
			t.Errorf("Compare(%s, %s) = %d, want 0", pair[0], pair[1], c)
		}
	}
	for _, pair := range [][2]string{
		{"1.0", "1.0+0"},         // a local label sorts after none
		{"1.0+a", "1.0+0"},       // letters below numbers
		{"1.0+9", "1.0+10"},      // numbers compare numerically
		{"1.0+abc", "1.0+abc.0"}, // a longer label sorts above its prefix
		{"1.0+99999999999999999999", "1.0+100000000000000000000"}, // no size limit
		{"1.0.dev1", "1.0a0.dev0"},                                // a bare dev release precedes every pre-release
		{"1.0.post1.dev1", "1.0.post1"},
		{"1.0.0.1", "1.0.1"},
		{"1!0.1", "2!0.0"},
		{"0.9999", "1!0.0"},
	} {
		a, b := MustParse(pair[0]), MustParse(pair[1])
		if Compare(a, b) != -1 || Compare(b, a) != 1 {
			t.Errorf("want %s < %s, got Compare = %d/%d", a, b, Compare(a, b), Compare(b, a))
		}
	}
}
