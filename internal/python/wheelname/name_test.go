package wheelname

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/tags"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		file                 string
		dist, version, build string
		tags                 []string
	}{
		{"numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "numpy", "2.1.0", "",
			[]string{"cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux2014_x86_64"}},
		{"cryptography-43.0.0-cp39-abi3-manylinux_2_28_aarch64.whl", "cryptography", "43.0.0", "",
			[]string{"cp39-abi3-manylinux_2_28_aarch64"}},
		{"six-1.16.0-py2.py3-none-any.whl", "six", "1.16.0", "", []string{"py2-none-any", "py3-none-any"}},
		{"typing_extensions-4.12.2-py3-none-any.whl", "typing_extensions", "4.12.2", "", []string{"py3-none-any"}},
		{"MarkupSafe-2.1.5-cp312-cp312-musllinux_1_1_x86_64.whl", "MarkupSafe", "2.1.5", "", []string{"cp312-cp312-musllinux_1_1_x86_64"}},
		{"torch-2.4.0+cpu-cp312-cp312-linux_x86_64.whl", "torch", "2.4.0+cpu", "", []string{"cp312-cp312-linux_x86_64"}},
		{"pydantic_core-2.20.1-cp312-cp312-macosx_10_12_x86_64.whl", "pydantic_core", "2.20.1", "", []string{"cp312-cp312-macosx_10_12_x86_64"}},
		{"psycopg2_binary-2.9.9-cp312-cp312-win_amd64.whl", "psycopg2_binary", "2.9.9", "", []string{"cp312-cp312-win_amd64"}},
		{"zope.interface-6.4-cp312-cp312-manylinux_2_5_x86_64.manylinux1_x86_64.manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
			"zope.interface", "6.4", "", []string{"cp312-cp312-manylinux_2_5_x86_64", "cp312-cp312-manylinux1_x86_64",
				"cp312-cp312-manylinux_2_17_x86_64", "cp312-cp312-manylinux2014_x86_64"}},
		{"pyobjc_core-10.3.1-cp36-abi3-macosx_10_9_universal2.whl", "pyobjc_core", "10.3.1", "", []string{"cp36-abi3-macosx_10_9_universal2"}},
		{"tqdm-4.66.4-1-py3-none-any.whl", "tqdm", "4.66.4", "1", []string{"py3-none-any"}},
		{"foo-1.0-2_linux.b-py3-none-any.whl", "foo", "1.0", "2_linux.b", []string{"py3-none-any"}},
		{"pkg-1!2.0.post1.dev3-cp38.cp39-cp38.abi3-any.whl", "pkg", "1!2.0.post1.dev3", "",
			[]string{"cp38-cp38-any", "cp38-abi3-any", "cp39-cp38-any", "cp39-abi3-any"}},
	} {
		n, err := Parse(tc.file)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.file, err)
			continue
		}
		var got []string
		for _, tag := range n.Tags {
			got = append(got, tag.String())
		}
		if n.Distribution != tc.dist || n.Version != tc.version || n.Build != tc.build || !reflect.DeepEqual(got, tc.tags) {
			t.Errorf("Parse(%q) = %+v (tags %q)", tc.file, n, got)
		}
		if s := n.String(); s != tc.file {
			t.Errorf("Parse(%q).String() = %q", tc.file, s)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for file, msg := range map[string]string{
		"": `ends in ".whl"`,
		"numpy-2.1.0-cp312-cp312-linux_x86_64.tar.gz": `ends in ".whl"`,
		"numpy-2.1.0-cp312-cp312-linux_x86_64.WHL":    `ends in ".whl"`,
		"../numpy-2.1.0-cp312-cp312-linux_x86_64.whl": "path separator",
		`..\numpy-2.1.0-py3-none-any.whl`:             "path separator",
		"dist/numpy-2.1.0-py3-none-any.whl":           "path separator",
		"numpy-2.1.0-py3-none.whl":                    "found 4 dash-separated fields",
		"numpy-2.1.0-1-2-py3-none-any.whl":            "found 7 dash-separated fields",
		"numpy-2.1.0-x1-py3-none-any.whl":             `build tag "x1" must start with a digit`,
		"numpy-2.1.0-1+2-py3-none-any.whl":            `build tag "1+2"`,
		"numpy-2.1.0--py3-none-any.whl":               `build tag ""`,
		"numpy-two-py3-none-any.whl":                  `invalid version "two"`,
		"-2.1.0-py3-none-any.whl":                     `invalid distribution name ""`,
		"_numpy-2.1.0-py3-none-any.whl":               `invalid distribution name "_numpy"`,
		"num py-2.1.0-py3-none-any.whl":               `invalid distribution name "num py"`,
		"numpy-2.1.0-py3..py2-none-any.whl":           `python tag "py3..py2": empty tag`,
		"numpy-2.1.0-py3-none-.whl":                   `platform tag "": empty tag`,
		"numpy-2.1.0-py3-none-any.any.whl":            `tag "any" appears twice`,
		"numpy-2.1.0-py3-no ne-any.whl":               `abi tag "no ne"`,
	} {
		_, err := Parse(file)
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), msg) {
			t.Errorf("Parse(%q) = %v, want an *Error with %q", file, err, msg)
			continue
		}
		if !strings.HasPrefix(err.Error(), fmt.Sprintf("parsing wheel filename %q: ", file)) || e.Filename != file {
			t.Errorf("Parse(%q): error %q does not begin with the file name", file, err)
		}
	}
}

func TestStringCompresses(t *testing.T) {
	n := Name{Distribution: "six", Version: "1.16.0", Tags: []tags.Tag{{Python: "py2", ABI: "none", Platform: "any"}, {Python: "py3", ABI: "none", Platform: "any"}}}
	if got, want := n.String(), "six-1.16.0-py2.py3-none-any.whl"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestIsSdist(t *testing.T) {
	for file, want := range map[string]bool{
		"flask-3.0.3.tar.gz":           true,
		"Flask-0.12.zip":               true,
		"python-dateutil-2.9.0.tar.gz": true,
		"pycrypto-2.6.1.tar.bz2":       true,
		"foo-1.0.tgz":                  true,
		"flask-3.0.3-py3-none-any.whl": false,
		"flask.tar.gz":                 false,
		"flask-.tar.gz":                false,
		"-1.0.tar.gz":                  false,
		"dist/flask-3.0.3.tar.gz":      false,
		"flask-3.0.3.tar.gz.asc":       false,
		"flask-3.0.3.exe":              false,
	} {
		if got := IsSdist(file); got != want {
			t.Errorf("IsSdist(%q) = %v", file, got)
		}
	}
}
