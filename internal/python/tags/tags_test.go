package tags

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTagsMatchPackaging compares Tags with the lists pypa/packaging
// printed on a Debian 12 host (testdata/gen.py): sys_tags() of the host's
// CPython 3.11 on glibc 2.36 x86_64, and cpython_tags + compatible_tags
// for CPython 3.12 on the same glibc and 3.10 on glibc 2.28 aarch64.
func TestTagsMatchPackaging(t *testing.T) {
	for file, target := range map[string]Target{
		"cp311-x86_64-glibc2.36.txt":  {3, 11, "x86_64", 2, 36},
		"cp312-x86_64-glibc2.36.txt":  {3, 12, "x86_64", 2, 36},
		"cp310-aarch64-glibc2.28.txt": {3, 10, "aarch64", 2, 28},
	} {
		want := readTags(t, filepath.Join("testdata", file))
		var got []string
		for _, tag := range target.Tags() {
			got = append(got, tag.String())
		}
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("%s: tag %d is %s, packaging says %s", file, i, got[i], want[i])
					break
				}
			}
			t.Errorf("%s: %d tags, packaging has %d", file, len(got), len(want))
		}
	}
}

func readTags(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if len(out) == 0 {
		t.Fatalf("%s has no tags", path)
	}
	return out
}

// TestRankIsPosition checks that Supported ranks every tag of Tags at its
// position, and that each tag alone is supported.
func TestRankIsPosition(t *testing.T) {
	for _, target := range []Target{{3, 12, "x86_64", 2, 36}, {3, 13, "aarch64", 2, 41}, {3, 7, "x86_64", 2, 17}} {
		for i, tag := range target.Tags() {
			rank, ok, why := target.Supported([]Tag{tag})
			if !ok || int(rank) != i {
				t.Fatalf("%+v: Supported(%s) = %d, %v, %q; want rank %d", target, tag, rank, ok, why, i)
			}
		}
	}
}

// TestPlatforms checks the manylinux part: the glibc range per
// architecture and where the legacy aliases go.
func TestPlatforms(t *testing.T) {
	for _, tc := range []struct {
		target Target
		want   []string
	}{
		{Target{3, 12, "x86_64", 2, 12}, []string{
			"manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_11_x86_64", "manylinux_2_10_x86_64",
			"manylinux_2_9_x86_64", "manylinux_2_8_x86_64", "manylinux_2_7_x86_64", "manylinux_2_6_x86_64",
			"manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64"}},
		{Target{3, 12, "aarch64", 2, 19}, []string{
			"manylinux_2_19_aarch64", "manylinux_2_18_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64", "linux_aarch64"}},
		{Target{3, 12, "aarch64", 2, 16}, []string{"linux_aarch64"}},
		{Target{3, 12, "x86_64", 2, 4}, []string{"linux_x86_64"}},
	} {
		if got := tc.target.platforms(); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: platforms\n%q\nwant\n%q", tc.target, got, tc.want)
		}
	}
}

// TestNoForeignTags: never musllinux, macOS or Windows, and no
// manylinux1/2010 for aarch64.
func TestNoForeignTags(t *testing.T) {
	for _, target := range []Target{{3, 12, "x86_64", 2, 41}, {3, 12, "aarch64", 2, 41}} {
		for _, tag := range target.Tags() {
			p := tag.Platform
			if strings.HasPrefix(p, "musllinux") || strings.HasPrefix(p, "macosx") || strings.HasPrefix(p, "win") ||
				target.Arch == "aarch64" && (strings.HasPrefix(p, "manylinux1_") || strings.HasPrefix(p, "manylinux2010_")) {
				t.Errorf("%+v: %s", target, tag)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	for target, ok := range map[Target]bool{
		{3, 12, "x86_64", 2, 41}:  true,
		{3, 13, "aarch64", 2, 41}: true,
		{2, 7, "x86_64", 2, 41}:   false,
		{3, 12, "riscv64", 2, 41}: false,
		{3, 12, "x86_64", 0, 0}:   false,
	} {
		if err := target.Validate(); (err == nil) != ok {
			t.Errorf("%+v: Validate() = %v", target, err)
		}
	}
}
