package pep508

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

// reqWant is what a parsed requirement must hold; specs and marker are
// compared through their canonical strings.
type reqWant struct {
	name   string
	extras []string
	specs  string
	url    string
	marker string
}

func (w reqWant) check(t *testing.T, in string, r Requirement) {
	t.Helper()
	got := reqWant{r.Name, r.Extras, r.Specifiers.String(), r.URL, r.Marker.String()}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("ParseRequirement(%q) = %+v, want %+v", in, got, w)
	}
}

func TestParseRequirement(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want reqWant
	}{
		// The spec's examples.
		{`requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < "2.7"`,
			reqWant{"requests", []string{"security", "tests"}, ">=2.8.1,==2.8.*", "", `python_version < "2.7"`}},
		{"pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686",
			reqWant{"pip", nil, "", "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686", ""}},
		{`argparse;python_version<"2.7"`, reqWant{"argparse", nil, "", "", `python_version < "2.7"`}},
		// The spec's test program.
		{"A", reqWant{name: "A"}},
		{"A.B-C_D", reqWant{name: "A.B-C_D"}},
		{"aa", reqWant{name: "aa"}},
		{"name<=1", reqWant{name: "name", specs: "<=1"}},
		{"name>=3", reqWant{name: "name", specs: ">=3"}},
		{"name>=3,", reqWant{name: "name", specs: ">=3"}},
		{"name>=3,<2", reqWant{name: "name", specs: ">=3,<2"}},
		{"name@http://foo.com", reqWant{name: "name", url: "http://foo.com"}},
		{"name [fred,bar] @ http://foo.com ; python_version=='2.7'",
			reqWant{"name", []string{"fred", "bar"}, "", "http://foo.com", `python_version == "2.7"`}},
		{"name[quux, strange];python_version<'2.7' and platform_version=='2'",
			reqWant{"name", []string{"quux", "strange"}, "", "", `python_version < "2.7" and platform_version == "2"`}},
		{"name; os_name=='a' or os_name=='b'", reqWant{name: "name", marker: `os_name == "a" or os_name == "b"`}},
		{"name; os_name=='a' and os_name=='b' or os_name=='c'",
			reqWant{name: "name", marker: `os_name == "a" and os_name == "b" or os_name == "c"`}},
		{"name; os_name=='a' and (os_name=='b' or os_name=='c')",
			reqWant{name: "name", marker: `os_name == "a" and (os_name == "b" or os_name == "c")`}},
		{"name; os_name=='a' or os_name=='b' and os_name=='c'",
			reqWant{name: "name", marker: `os_name == "a" or os_name == "b" and os_name == "c"`}},
		{"name; (os_name=='a' or os_name=='b') and os_name=='c'",
			reqWant{name: "name", marker: `(os_name == "a" or os_name == "b") and os_name == "c"`}},
		// pypa/packaging's tests/test_requirements.py.
		{"foo-bar.quux_baz", reqWant{name: "foo-bar.quux_baz"}},
		{"name (==4)", reqWant{name: "name", specs: "==4"}},
		{"name >=2, <3", reqWant{name: "name", specs: ">=2,<3"}},
		{"foobar [quux,bar]", reqWant{name: "foobar", extras: []string{"quux", "bar"}}},
		{"foo[]", reqWant{name: "foo"}},
		{"name()", reqWant{name: "name"}},
		{"name @ file:///absolute/path", reqWant{name: "name", url: "file:///absolute/path"}},
		{"name @ file://.", reqWant{name: "name", url: "file://."}},
		{"foo @ https://example.com/name;v=1.1/?query=foo&bar=baz#blah ; python_version=='3.4'",
			reqWant{name: "foo", url: "https://example.com/name;v=1.1/?query=foo&bar=baz#blah", marker: `python_version == "3.4"`}},
		{"name; python_implementation == ''", reqWant{name: "name", marker: `platform_python_implementation == ""`}},
		{"name; '8' not in platform.version", reqWant{name: "name", marker: `"8" not in platform_version`}},
		{"name===arbitrarystring", reqWant{name: "name", specs: "===arbitrarystring"}},
		{"name ( === arbitrarystring )", reqWant{name: "name", specs: "===arbitrarystring"}},
		{"name<=1!3.0.0.rc2", reqWant{name: "name", specs: "<=1!3.0.0rc2"}},
		{"name==1.0-alpha", reqWant{name: "name", specs: "==1.0a0"}},
		// Whitespace, specifier forms and markers pip meets in the wild.
		{"  flask  ", reqWant{name: "flask"}},
		{"\tflask\t>=2\t", reqWant{name: "flask", specs: ">=2"}},
		{"torch==2.4.0+cpu", reqWant{name: "torch", specs: "==2.4.0+cpu"}},
		{"numpy>=1.0;python_version>='3.9'", reqWant{name: "numpy", specs: ">=1.0", marker: `python_version >= "3.9"`}},
		{`pywin32>=1.0; sys_platform == "win32" and extra == "Windows_Support"`,
			reqWant{name: "pywin32", specs: ">=1.0", marker: `sys_platform == "win32" and extra == "windows-support"`}},
		{"black (>=22.1) ; extra == 'format'", reqWant{name: "black", specs: ">=22.1", marker: `extra == "format"`}},
		{"pkg[a,b] (>=1,<2) ; os_name == 'posix'", reqWant{"pkg", []string{"a", "b"}, ">=1,<2", "", `os_name == "posix"`}},
		{"pkg (>=1,)", reqWant{name: "pkg", specs: ">=1"}},
		{`pkg; "linux" == sys_platform`, reqWant{name: "pkg", marker: `"linux" == sys_platform`}},
		{`pkg; python_version == 'a"b'`, reqWant{name: "pkg", marker: `python_version == 'a"b'`}},
		{`pkg @ git+https://git.example.com/MyProject.git@v1.0`, reqWant{name: "pkg", url: "git+https://git.example.com/MyProject.git@v1.0"}},
	} {
		r, err := ParseRequirement(tc.in)
		if err != nil {
			t.Errorf("ParseRequirement(%q): %v", tc.in, err)
			continue
		}
		tc.want.check(t, tc.in, r)
		roundTrip(t, tc.in, r)
	}
}

// roundTrip checks that String parses back to an equal requirement and is
// a fixed point.
func roundTrip(t *testing.T, in string, r Requirement) {
	t.Helper()
	s := r.String()
	again, err := ParseRequirement(s)
	if err != nil {
		t.Fatalf("ParseRequirement(%q).String() = %q does not parse: %v", in, s, err)
	}
	if !reflect.DeepEqual(again, r) || again.String() != s {
		t.Fatalf("ParseRequirement(%q) = %#v, its String %q parses as %#v", in, r, s, again)
	}
}

func TestParseRequirementErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		column int
		msg    string
	}{
		{"", 1, "expected a project name"},
		{"==0.0", 1, "expected a project name"},
		{"foo!", 4, "unknown version operator \"!\""},
		{"foo-", 4, `"foo-" must end with a letter or digit`},
		{"name[bar baz]", 10, "expected a comma between extra names"},
		{"name[bar, baz,]", 15, "expected an extra name"},
		{"name (>= 1.0", 13, `to close the "(" at column 6`},
		{"black (>=20.*) ; extra == 'format'", 8, `wildcard ".*" is only allowed with == and !=`},
		{"name[bar, baz >= 1.0", 15, `to close the "[" at column 5`},
		{"name[bar, baz", 14, `to close the "[" at column 5`},
		{"name @ https://example.com/; extra == 'example'", 30, `put a space before the ";"`},
		{"name; (extra == 'example'", 26, `to close the "(" at column 7`},
		{"name @ ", 8, `expected a URL after "@"`},
		{"name; invalid_name", 7, `unknown marker variable "invalid_name"`},
		{"name; '3.7' <= invalid_name", 16, `unknown marker variable "invalid_name"`},
		{"name; '3.7' notin python_version", 13, "expected a comparison operator"},
		{"name; '3.6'inpython_version", 12, "expected a comparison operator"},
		{"name; '3.7' not python_version", 17, `expected whitespace and "in" after "not"`},
		{"name; '3.7' ~ python_version", 13, `unknown operator "~"`},
		{"name==1.0.org1", 5, "invalid version"},
		{"name==", 7, `expected a version after "=="`},
		{"name 1.0", 6, "after the name"},
		{"name >= 1.0 #", 13, `expected ",", ";" or the end after the version specifier`},
		{"name=1.0", 5, `did you mean "=="?`},
		{"name>=1.0+local", 5, "local version label"},
		{"name @ gopher:/foo/com", 8, "expected a URL with a scheme"},
		{"name @ file:.", 8, "expected a URL with a scheme"},
		{"name @ ./local/path", 8, "expected a URL with a scheme"},
		{"name>=1,,<2", 9, `expected ",", ";" or the end`},
		{"name>=1\n", 8, `expected ",", ";" or the end`},
		{"name; ", 7, "expected a marker variable or a quoted string, found the end"},
		{"name; os_name == 'posix", 18, "unterminated string"},
		{"name; os_name == 'a' python_version", 22, `expected "and", "or" or the end of the marker`},
		{"näme", 2, ""},
	} {
		_, err := ParseRequirement(tc.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseRequirement(%q) = %v, want a *SyntaxError", tc.in, err)
			continue
		}
		if se.Column() != tc.column || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.in)) {
			t.Errorf("ParseRequirement(%q) error at column %d: %v\nwant column %d and %q\n%s", tc.in, se.Column(), err, tc.column, tc.msg, se.Pointer())
		}
	}
}

// TestParseRequirementSpecifierError checks that a pep440 error stays
// reachable through the SyntaxError.
func TestParseRequirementSpecifierError(t *testing.T) {
	_, err := ParseRequirement("name ~= 1")
	if !errors.Is(err, pep440.ErrInvalidSpecifier) {
		t.Fatalf("ParseRequirement(\"name ~= 1\") = %v, want it to wrap pep440.ErrInvalidSpecifier", err)
	}
}

func TestRequirementString(t *testing.T) {
	for in, want := range map[string]string{
		"name":                         "name",
		"Name [B, a] ( >= 1.0 , < 2 )": "Name[B,a]>=1.0,<2",
		"name@ http://foo.com":         "name @ http://foo.com",
		`name@ http://foo.com ; extra == "feature"`:               `name @ http://foo.com ; extra == "feature"`,
		`name[bar]>=3; python_version == "2.7"`:                   `name[bar]>=3; python_version == "2.7"`,
		`name;os.name=='posix'`:                                   `name; os_name == "posix"`,
		`name ; ((python_version>"3") and (os_name=="a"))`:        `name; python_version > "3" and os_name == "a"`,
		`name ; os_name=="a" and (os_name=="b" and os_name=="c")`: `name; os_name == "a" and os_name == "b" and os_name == "c"`,
		`name>=1.0a; "3.6" not in python_version`:                 `name>=1.0a0; "3.6" not in python_version`,
	} {
		r, err := ParseRequirement(in)
		if err != nil {
			t.Errorf("ParseRequirement(%q): %v", in, err)
			continue
		}
		if got := r.String(); got != want {
			t.Errorf("ParseRequirement(%q).String() = %q, want %q", in, got, want)
		}
		roundTrip(t, in, r)
	}
}

// TestSyntaxErrorPointer checks the caret drawing, counted in characters.
func TestSyntaxErrorPointer(t *testing.T) {
	_, err := ParseRequirement("naïve 1.0")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v", err)
	}
	want := "naïve 1.0\n" + "  ^"
	if se.Column() != 3 || se.Pointer() != want {
		t.Errorf("Column %d, Pointer:\n%s\nwant column 3 and\n%s", se.Column(), se.Pointer(), want)
	}
	if !slices.Contains([]string{"requirement"}, se.What) {
		t.Errorf("What = %q", se.What)
	}
}
