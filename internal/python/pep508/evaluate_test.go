package pep508

import "testing"

func TestEvaluate(t *testing.T) {
	cp312 := LinuxCPython("3.12.4", "x86_64")
	with := func(kv ...string) Environment {
		env := LinuxCPython("3.12.4", "x86_64")
		for i := 0; i < len(kv); i += 2 {
			env[kv[i]] = kv[i+1]
		}
		return env
	}
	for _, tc := range []struct {
		marker string
		env    Environment
		extras []string
		want   bool
	}{
		// pypa/packaging's test_evaluates and test_evaluate_pep345_markers.
		{"os_name == 'posix'", cp312, nil, true},
		{"os_name == 'foo'", with("os_name", "foo"), nil, true},
		{"os_name == 'foo'", with("os_name", "bar"), nil, false},
		{"'2.7' in python_version", with("python_version", "2.7.5"), nil, true},
		{"'2.7' not in python_version", with("python_version", "2.7"), nil, false},
		{"os_name == 'foo' and python_version ~= '2.7.0'", with("os_name", "foo", "python_version", "2.7.6"), nil, true},
		{"python_version ~= '2.7.0' and (os_name == 'foo' or os_name == 'bar')", with("os_name", "foo", "python_version", "2.7.4"), nil, true},
		{"python_version ~= '2.7.0' and (os_name == 'foo' or os_name == 'bar')", with("os_name", "bar", "python_version", "2.7.4"), nil, true},
		{"python_version ~= '2.7.0' and (os_name == 'foo' or os_name == 'bar')", with("os_name", "other", "python_version", "2.7.4"), nil, false},
		{"sys.platform == 'win32'", with("sys_platform", "linux2"), nil, false},
		{"platform.version in 'Ubuntu'", with("platform_version", "#39"), nil, false},
		{"platform.machine=='x86_64'", cp312, nil, true},
		{"platform.python_implementation=='Jython'", cp312, nil, false},
		{"python_implementation=='CPython'", cp312, nil, true},
		{"python_version == '2.5' and platform.python_implementation!= 'Jython'", with("python_version", "2.7"), nil, false},
		// Extras (PEP 685 normalisation), packaging's test_evaluates and
		// test_version_like_equality, read as sets.
		{"extra == 'security'", cp312, []string{"quux"}, false},
		{"extra == 'security'", cp312, []string{"security"}, true},
		{"extra == 'SECURITY'", cp312, []string{"security"}, true},
		{"extra == 'security'", cp312, []string{"SECURITY"}, true},
		{"extra == 'pep-685-norm'", cp312, []string{"PEP_685...norm"}, true},
		{"extra == 'Different.punctuation..is...equal'", cp312, []string{"different__punctuation_is_EQUAL"}, true},
		{"extra == 'im_valid'", cp312, nil, false},
		{`extra == "v2"`, cp312, []string{"v2a3"}, false},
		{`extra == "v2a3"`, cp312, []string{"v2"}, false},
		{`extra == "v2"`, cp312, []string{"v2"}, true},
		{`"socks" == extra`, cp312, []string{"docs", "socks"}, true},
		{`extra != "socks"`, cp312, []string{"docs", "socks"}, false},
		{`extra != "socks"`, cp312, nil, true},
		{`extra == "test" and python_version >= "3.8"`, cp312, []string{"test"}, true},
		{`extra == "test" and python_version >= "3.13"`, cp312, []string{"test"}, false},
		// PEP 751 set-valued variables (packaging's
		// test_extras_and_dependency_groups, with extras {foo, bar}).
		{`"foo" in extras`, cp312, []string{"foo", "bar"}, true},
		{`"baz" in extras`, cp312, []string{"foo", "bar"}, false},
		{`"baz" not in extras`, cp312, []string{"foo", "bar"}, true},
		{`"foo" in extras and "bar" in extras`, cp312, []string{"foo", "bar"}, true},
		{`"baz" in extras and "foo" in extras`, cp312, []string{"foo", "bar"}, false},
		{`"foo" in extras or "baz" in extras`, cp312, []string{"foo", "bar"}, true},
		{`"Foo" in extras`, cp312, []string{"foo", "bar"}, true},
		{`"foo" in extras`, cp312, nil, false},
		{`"dev" in dependency_groups`, cp312, []string{"dev"}, false},
		// Version comparison (test_prefers_pep440, test_allows_prerelease,
		// the untagged-build repair) and the new string rules.
		{`"2.7.9" < python_full_version`, with("python_full_version", "2.7.10"), nil, true},
		{`"2.7.9" < python_full_version`, with("python_full_version", "2.7.8"), nil, false},
		{`python_full_version > "3.6.2"`, with("python_full_version", "3.11.0a5"), nil, true},
		{`python_full_version < "3.12"`, with("python_full_version", "3.11.1+"), nil, true},
		{`"b" < python_full_version`, with("python_full_version", "c"), nil, false},
		{`"b" < python_full_version`, with("python_full_version", "a"), nil, false},
		{`python_version >= "3.8"`, cp312, nil, true},
		{`python_version < "3.10"`, cp312, nil, false}, // 3.12 > 3.10 as versions, not as strings
		{`python_version > "3.9"`, cp312, nil, true},
		{`python_version == "3.12"`, cp312, nil, true},
		{`python_version == "3.12.0"`, cp312, nil, true}, // zero padding
		{`python_version == "3.1"`, with("python_version", "3.10"), nil, false},
		{`python_full_version == "3.12.*"`, cp312, nil, true},
		{`python_full_version != "3.12.*"`, cp312, nil, false},
		{`python_full_version ~= "3.12.1"`, cp312, nil, true},
		{`python_full_version === "3.12.4"`, cp312, nil, true},
		{`python_version ~= "3"`, cp312, nil, false}, // no valid specifier: undefined, so false
		{`python_version in "3.11 3.12"`, cp312, nil, true},
		{`python_version in "2.7 3.4"`, cp312, nil, false},
		{`"3.1" in python_version`, with("python_version", "3.10"), nil, true}, // substring, as in Python
		{`implementation_version >= "3.12"`, cp312, nil, true},
		{`implementation_name == "cpython" and platform_python_implementation == "CPython"`, cp312, nil, true},
		// Strings compare as strings even when they look like versions.
		{`os_name == "1.0"`, with("os_name", "1.00"), nil, false},
		{`sys_platform <= "linux"`, cp312, nil, true},
		{`sys_platform < "m"`, cp312, nil, false},
		{`sys_platform ~= "linux"`, cp312, nil, false},
		{`platform_machine === "x86_64"`, cp312, nil, true},
		{`"arm" in platform_machine`, LinuxCPython("3.12.4", "aarch64"), nil, false},
		{`"aarch" in platform_machine`, LinuxCPython("3.12.4", "aarch64"), nil, true},
		// Unknown at build time: platform_release and platform_version.
		{`platform_release >= "5.0"`, cp312, nil, false},
		{`platform_release != "5.0"`, cp312, nil, true},
		{`platform_release >= "5.0"`, with("platform_release", "6.1.0-18-amd64"), nil, false},
		{`platform_release >= "5.0"`, with("platform_release", "6.1.0"), nil, true},
		// A variable missing from the environment: "0" for versions.
		{`python_version < "3"`, Environment{}, nil, true},
		{`os_name == ""`, Environment{}, nil, true},
		// Two variables.
		{`python_version == python_full_version`, with("python_full_version", "3.12.0", "python_version", "3.12"), nil, true},
		// Real-world markers.
		{`sys_platform == "win32" and platform_python_implementation == "CPython"`, cp312, nil, false},
		{`platform_machine == "x86_64" or platform_machine == "aarch64"`, cp312, nil, true},
		{`python_version < "3.11"`, cp312, nil, false},
		{`implementation_name != "pypy" and python_version >= "3.9" and extra == "speedups"`, cp312, []string{"speedups"}, true},
	} {
		m, err := ParseMarker(tc.marker)
		if err != nil {
			t.Errorf("ParseMarker(%q): %v", tc.marker, err)
			continue
		}
		if got := m.Evaluate(tc.env, tc.extras); got != tc.want {
			t.Errorf("%s with extras %q = %v, want %v", tc.marker, tc.extras, got, tc.want)
		}
	}
}

func TestEvaluateGroups(t *testing.T) {
	m, err := ParseMarker(`"dev" in dependency_groups or "Test_Tools" in dependency_groups`)
	if err != nil {
		t.Fatal(err)
	}
	env := LinuxCPython("3.12.4", "x86_64")
	for _, tc := range []struct {
		groups []string
		want   bool
	}{{nil, false}, {[]string{"docs"}, false}, {[]string{"dev"}, true}, {[]string{"test.tools"}, true}} {
		if got := m.EvaluateGroups(env, []string{"dev"}, tc.groups); got != tc.want {
			t.Errorf("groups %q = %v, want %v", tc.groups, got, tc.want)
		}
	}
}

func TestEvaluateNil(t *testing.T) {
	var m *Marker
	if !m.Evaluate(nil, nil) || m.String() != "" {
		t.Fatal("the nil Marker must be always true and print as \"\"")
	}
	r, err := ParseRequirement("flask")
	if err != nil || r.Marker != nil || !r.Marker.Evaluate(nil, nil) {
		t.Fatalf("ParseRequirement(\"flask\") = %+v, %v", r, err)
	}
}
