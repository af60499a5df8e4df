package tags

import (
	"strings"
	"testing"
)

// FuzzSupported: no panic on any tag; when a tag fits, the rank points at
// a tag of the wheel in Tags, and when none fits there is a reason.
func FuzzSupported(f *testing.F) {
	f.Add("cp312", "cp312", "manylinux_2_17_x86_64")
	f.Add("py3", "none", "any")
	f.Add("cp313", "abi3", "manylinux_2_39_aarch64")
	f.Add("pp310", "pypy310_pp73", "musllinux_1_2_x86_64")
	f.Add("cp3", "cp3x", "manylinux_2_")
	target := Target{3, 12, "x86_64", 2, 36}
	all := target.Tags()
	f.Fuzz(func(t *testing.T, python, abi, platform string) {
		wheel := Tag{python, abi, platform}
		rank, ok, why := target.Supported([]Tag{wheel})
		if !ok {
			if why.Kind == ReasonNone || why.Message == "" {
				t.Fatalf("%s: rejected without a reason", wheel)
			}
			return
		}
		lower := Tag{strings.ToLower(python), strings.ToLower(abi), strings.ToLower(platform)}
		if rank < 0 || int(rank) >= len(all) || all[rank] != lower {
			t.Fatalf("%s: rank %d is not its position in Tags", wheel, rank)
		}
	})
}
