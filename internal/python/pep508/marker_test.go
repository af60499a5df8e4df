package pep508

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// From pypa/packaging's tests/test_markers.py.
var (
	markerVariables = []string{
		"extra", "implementation_name", "implementation_version", "os_name",
		"platform_machine", "platform_release", "platform_system", "platform_version",
		"python_full_version", "python_version", "platform_python_implementation", "sys_platform",
	}
	pep345Variables = []string{"os.name", "sys.platform", "platform.version", "platform.machine", "platform.python_implementation"}
	markerOperators = []string{"===", "==", ">=", "<=", "!=", "~=", ">", "<", "in", "not in"}
	markerValues    = []string{"1.0", "5.6a0", "dog", "freebsd", "literally any string can go here", "things @#4 dsfd ((("}
)

// TestParseMarkerValid is packaging's test_parses_valid,
// test_parses_pep345_valid and test_parses_setuptools_legacy_valid: every
// variable with every operator and value, on either side.
func TestParseMarkerValid(t *testing.T) {
	vars := append(append(append([]string{}, markerVariables...), pep345Variables...), "python_implementation")
	for _, v := range vars {
		for _, op := range markerOperators {
			for _, val := range markerValues {
				for _, s := range []string{fmt.Sprintf("%s %s '%s'", v, op, val), fmt.Sprintf("'%s' %s %s", val, op, v)} {
					m, err := ParseMarker(s)
					if err != nil {
						t.Fatalf("ParseMarker(%q): %v", s, err)
					}
					markerRoundTrip(t, s, m)
				}
			}
		}
	}
}

func markerRoundTrip(t *testing.T, in string, m *Marker) {
	t.Helper()
	s := m.String()
	again, err := ParseMarker(s)
	if err != nil {
		t.Fatalf("ParseMarker(%q).String() = %q does not parse: %v", in, s, err)
	}
	if !reflect.DeepEqual(again, m) || again.String() != s {
		t.Fatalf("ParseMarker(%q) = %q parses back as %q", in, s, again)
	}
}

func TestParseMarkerErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		column int
		msg    string
	}{
		// packaging's test_parses_invalid.
		{"this_isnt_a_real_variable >= '1.0'", 1, `unknown marker variable "this_isnt_a_real_variable"`},
		{"python_version", 15, "expected a comparison operator"},
		{"(python_version)", 16, "expected a comparison operator"},
		{"python_version >= 1.0 and (python_version)", 19, "expected a marker variable or a quoted string"},
		{`(python_version == "2.7" and os_name == "linux"`, 48, `to close the "(" at column 1`},
		{`(python_version == "2.7") with random text`, 27, `expected "and", "or" or the end`},
		// The spec: unknown variables are errors, whatever the comparison.
		{`pyhton_version >= "3"`, 1, `unknown marker variable "pyhton_version"`},
		{`"3" <= python_versions`, 8, `unknown marker variable "python_versions"`},
		{`python_version.major == "3"`, 1, `unknown marker variable "python_version.major"`},
		// Operators.
		{`python_version >> "3"`, 16, `unknown operator ">>"`},
		{`python_version = "3"`, 16, `did you mean "=="?`},
		{`python_version <> "3"`, 16, `unknown operator "<>"`},
		{`"a" notin extras`, 5, "expected a comparison operator"},
		{`"a" not  inx extras`, 10, `"in" after "not"`},
		// Structure.
		{`os_name == "a" and`, 19, "found the end"},
		{`os_name == "a" or or os_name == "b"`, 19, `found "or"`},
		{`os_name == "a" AND os_name == "b"`, 16, `expected "and", "or" or the end`},
		{`os_name == "a")`, 15, `expected "and", "or" or the end`},
		{`()`, 2, "expected a marker variable or a quoted string"},
		{`os_name == 'a`, 12, "unterminated string"},
		{`"a" == "b"`, 1, "comparison of two quoted strings"},
		// PEP 751 sets.
		{`extras == "foo"`, 1, `extras is a set`},
		{`"foo" == extras`, 1, `extras is a set`},
		{`dependency_groups in "dev"`, 1, `dependency_groups is a set`},
		{`extra in extras`, 1, `extras is a set`},
		// Hostile depth.
		{strings.Repeat("(", 100) + `os_name == "a"` + strings.Repeat(")", 100), 65, "nested more than 64"},
	} {
		_, err := ParseMarker(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseMarker(%q) = %v, want a *SyntaxError", tc.in, err)
			continue
		}
		if se.Column() != tc.column || !strings.Contains(err.Error(), tc.msg) || se.What != "marker" {
			t.Errorf("ParseMarker(%q) error at column %d: %v\nwant column %d and %q\n%s", tc.in, se.Column(), err, tc.column, tc.msg, se.Pointer())
		}
	}
}

func TestMarkerString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// packaging's test_str_repr_eq_hash.
		{"python_version == '2.7'", `python_version == "2.7"`},
		{`python_version == "2.7" and os_name == "linux"`, `python_version == "2.7" and os_name == "linux"`},
		{`python_version == "2.7" or os_name == "linux"`, `python_version == "2.7" or os_name == "linux"`},
		{`python_version == "2.7" and os_name == "linux" or sys_platform == "win32"`,
			`python_version == "2.7" and os_name == "linux" or sys_platform == "win32"`},
		{`(python_version == "2.7")`, `python_version == "2.7"`},
		{`(python_version == "2.7" and sys_platform == "win32")`, `python_version == "2.7" and sys_platform == "win32"`},
		{`python_version == "2.7" and (sys_platform == "win32" or sys_platform == "linux")`,
			`python_version == "2.7" and (sys_platform == "win32" or sys_platform == "linux")`},
		// packaging's extra normalisation tests.
		{`'S_P__A_M' == extra`, `"s-p-a-m" == extra`},
		{`extra == 'S_P__A_M'`, `extra == "s-p-a-m"`},
		{`(extra == "Foo_Bar" or extra == "Baz") and python_version >= "3"`, `(extra == "foo-bar" or extra == "baz") and python_version >= "3"`},
		{`extra == os_name`, `extra == os_name`},
		// Flattening and redundant parentheses.
		{`os_name=="a" or (os_name=="b" or (os_name=="c"))`, `os_name == "a" or os_name == "b" or os_name == "c"`},
		{`(os_name=="a" and os_name=="b") or os_name=="c"`, `os_name == "a" and os_name == "b" or os_name == "c"`},
		{`((os_name=="a" or os_name=="b"))and os_name=="c"`, `(os_name == "a" or os_name == "b") and os_name == "c"`},
		// Quotes, words without spaces, aliases, sets.
		{`os_name=='it"s'`, `os_name == 'it"s'`},
		{`os_name=="it's"`, `os_name == "it's"`},
		{`python_version>"3"and os_name=="x"or"y"==os_name`, `python_version > "3" and os_name == "x" or "y" == os_name`},
		{`"a"in extras`, `"a" in extras`},
		{`"Dev_Tools" not in dependency_groups`, `"dev-tools" not in dependency_groups`},
		{`platform.python_implementation == "CPython"`, `platform_python_implementation == "CPython"`},
		{` os_name == "posix" `, `os_name == "posix"`},
		{`os_name == "C:\x"`, `os_name == "C:\x"`},
	} {
		m, err := ParseMarker(tc.in)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", tc.in, err)
			continue
		}
		if got := m.String(); got != tc.want {
			t.Errorf("ParseMarker(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		markerRoundTrip(t, tc.in, m)
	}
}

// TestMarkerPrecedence checks that "and" binds tighter than "or" by
// evaluation, not only by printing.
func TestMarkerPrecedence(t *testing.T) {
	env := Environment{"os_name": "c"}
	for in, want := range map[string]bool{
		`os_name=='a' and os_name=='b' or os_name=='c'`:   true,  // (a and b) or c
		`os_name=='a' and (os_name=='b' or os_name=='c')`: false, // a and (b or c)
		`os_name=='c' or os_name=='b' and os_name=='a'`:   true,  // c or (b and a)
		`(os_name=='c' or os_name=='b') and os_name=='a'`: false,
	} {
		m, err := ParseMarker(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Evaluate(env, nil); got != want {
			t.Errorf("%s with os_name=c = %v, want %v", in, got, want)
		}
	}
}
