package pep508

import (
	"strings"
	"testing"
)

// TestParseRequirementCombinations is packaging's
// test_basic_valid_requirement_parsing: every combination of names,
// extras, URL or specifier, marker and whitespace parses to its parts.
func TestParseRequirementCombinations(t *testing.T) {
	names := []string{"package", "pAcKaGe", "Package", "foo-bar.quux_bAz", "installer", "android12"}
	extrasSets := [][]string{nil, {"a"}, {"a", "b"}, {"B", "CDEF123", "a"}}
	urlsOrSpecs := []struct{ url, spec, want string }{
		{"", "", ""},
		{"https://example.com/packagename.zip", "", ""},
		{"ssh://user:pass%20word@example.com/packagename.zip", "", ""},
		{"https://example.com/name;v=1.1/?query=foo&bar=baz#blah", "", ""},
		{"git+ssh://git.example.com/MyProject", "", ""},
		{"git+ssh://git@github.com:pypa/packaging.git", "", ""},
		{"git+https://git.example.com/MyProject.git@refs/pull/123/head", "", ""},
		{"", "==={ws}arbitrarystring", "===arbitrarystring"},
		{"", "({ws}==={ws}arbitrarystring{ws})", "===arbitrarystring"},
		{"", "=={ws}1.0", "==1.0"},
		{"", "({ws}=={ws}1.0{ws})", "==1.0"},
		{"", "=={ws}1.0-alpha", "==1.0a0"},
		{"", "<={ws}1!3.0.0.rc2", "<=1!3.0.0rc2"},
		{"", ">{ws}2.2{ws},{ws}<{ws}3", ">2.2,<3"},
		{"", "(>{ws}2.2{ws},{ws}<{ws}3)", ">2.2,<3"},
	}
	markers := []struct{ in, want string }{
		{"", ""},
		{"python_version{ws}>={ws}'3.3'", `python_version >= "3.3"`},
		{`({ws}python_version{ws}>={ws}"3.4"{ws}){ws}and extra{ws}=={ws}"oursql"`, `python_version >= "3.4" and extra == "oursql"`},
		{"sys_platform{ws}!={ws}'linux' and(os_name{ws}=={ws}'linux' or python_version{ws}>={ws}'3.3'{ws}){ws}",
			`sys_platform != "linux" and (os_name == "linux" or python_version >= "3.3")`},
	}
	for _, ws := range []string{"", " ", "\t"} {
		f := func(s string) string { return strings.ReplaceAll(s, "{ws}", ws) }
		for _, name := range names {
			for _, extras := range extrasSets {
				for _, us := range urlsOrSpecs {
					for _, m := range markers {
						parts := []string{name}
						if extras != nil {
							parts = append(parts, "[", strings.Join(extras, ws+","+ws), "]")
						}
						if us.spec != "" {
							parts = append(parts, f(us.spec))
						}
						if us.url != "" {
							parts = append(parts, "@", us.url)
						}
						if m.in != "" {
							if us.url != "" {
								parts = append(parts, " ;")
							} else {
								parts = append(parts, ";")
							}
							parts = append(parts, f(m.in))
						}
						in := strings.Join(parts, ws)
						r, err := ParseRequirement(in)
						if err != nil {
							t.Fatalf("ParseRequirement(%q): %v", in, err)
						}
						reqWant{name, extras, us.want, us.url, m.want}.check(t, in, r)
						roundTrip(t, in, r)
					}
				}
			}
		}
	}
}
