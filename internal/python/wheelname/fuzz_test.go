package wheelname

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParse: no panic; a parsed name writes back to the same file name
// and parses to an equal Name; every error begins with the file name.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"six-1.16.0-py2.py3-none-any.whl", "tqdm-4.66.4-1-py3-none-any.whl",
		"torch-2.4.0+cpu-cp312-cp312-linux_x86_64.whl", "a-1-b-c-d.whl", "../x-1-py3-none-any.whl",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parsing wheel filename ") {
				t.Fatalf("Parse(%q) error does not name the file: %v", s, err)
			}
			return
		}
		if strings.ContainsAny(s, `/\`) {
			t.Fatalf("Parse(%q) accepted a path", s)
		}
		if n.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, n.String())
		}
		again, err := Parse(n.String())
		if err != nil || !reflect.DeepEqual(again, n) {
			t.Fatalf("Parse(%q) = %+v, reparsed as %+v, %v", s, n, again, err)
		}
	})
}
