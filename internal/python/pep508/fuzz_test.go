package pep508

import (
	"reflect"
	"testing"
)

// FuzzParseRequirement: no panic; a parsed requirement's String parses
// back to an equal Requirement and is a fixed point; an error is a
// *SyntaxError whose column lies within the input.
func FuzzParseRequirement(f *testing.F) {
	for _, s := range []string{
		`requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"`,
		"pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee",
		"name[quux, strange];python_version<'2.7' and platform_version=='2'",
		"name (>=1,<2) ; os_name == 'a' and (os_name == 'b' or extra == 'C_D')",
		"name===arbitrary", "name@ file:///x ;'a' in extras", "foo[]", "x()",
		"name; (extra == 'example'", "name>=1.0+local",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRequirement(s)
		if err != nil {
			checkSyntaxError(t, s, err)
			return
		}
		out := r.String()
		again, err := ParseRequirement(out)
		if err != nil {
			t.Fatalf("ParseRequirement(%q).String() = %q does not parse: %v", s, out, err)
		}
		if !reflect.DeepEqual(again, r) || again.String() != out {
			t.Fatalf("ParseRequirement(%q) = %q reparses as %q", s, out, again.String())
		}
		r.Marker.Evaluate(LinuxCPython("3.12.4", "x86_64"), r.Extras)
	})
}

// FuzzParseMarker: no panic; String round-trips to an equal Marker that
// evaluates the same way.
func FuzzParseMarker(f *testing.F) {
	for _, s := range []string{
		`python_version >= "3.8" and (sys_platform == "linux" or extra == "Foo_Bar")`,
		`"foo" in extras or "dev" not in dependency_groups`,
		`os.name=="posix"and'3'<=python_version`,
		`python_full_version == "3.12.*" or platform_release ~= "5.1"`,
		`os_name == 'it"s'`, `(((os_name == "a")))`, `extra == os_name`,
	} {
		f.Add(s)
	}
	env := LinuxCPython("3.12.4", "x86_64")
	extras := []string{"foo-bar", "cli"}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMarker(s)
		if err != nil {
			checkSyntaxError(t, s, err)
			return
		}
		out := m.String()
		again, err := ParseMarker(out)
		if err != nil {
			t.Fatalf("ParseMarker(%q).String() = %q does not parse: %v", s, out, err)
		}
		if !reflect.DeepEqual(again, m) || again.String() != out {
			t.Fatalf("ParseMarker(%q) = %q reparses as %q", s, out, again.String())
		}
		if m.Evaluate(env, extras) != again.Evaluate(env, extras) {
			t.Fatalf("ParseMarker(%q) evaluates differently after the round trip", s)
		}
	})
}

func checkSyntaxError(t *testing.T, in string, err error) {
	t.Helper()
	se, ok := err.(*SyntaxError)
	if !ok {
		t.Fatalf("error for %q is %T, want *SyntaxError: %v", in, err, err)
	}
	if se.Offset < 0 || se.Offset > len(in) {
		t.Fatalf("error for %q at offset %d, outside the input: %v", in, se.Offset, err)
	}
}
