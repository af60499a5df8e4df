package planner

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/python/lock/pylock"
	"github.com/pyko-dev/pyko/internal/target"
)

// TestPylockOf: a package at one version on both platforms is one
// unmarked entry holding both wheels; one whose versions differ is an
// entry per platform, marked; the environments are the platforms.
func TestPylockOf(t *testing.T) {
	wheel := func(name, version, file string) plan.Wheel {
		return plan.Wheel{Name: name, Version: version, Filename: file, URL: "https://f/" + file, SHA256: strings.Repeat("a", 64), Size: 3}
	}
	p := &plan.Plan{Platforms: []plan.Platform{
		{Target: target.Target{Machine: "x86_64", Python: "3.11.2"}, Wheels: []plan.Wheel{
			wheel("flask", "2.2.2", "flask-2.2.2-py3-none-any.whl"),
			wheel("numpy", "2.0", "numpy-2.0-cp311-cp311-manylinux_2_17_x86_64.whl")}},
		{Target: target.Target{Machine: "aarch64", Python: "3.11.2"}, Wheels: []plan.Wheel{
			wheel("flask", "2.2.2", "flask-2.2.2-py3-none-any.whl"),
			wheel("numpy", "1.26", "numpy-1.26-cp311-cp311-manylinux_2_17_aarch64.whl")}},
	}}
	var b bytes.Buffer
	if err := pylock.Write(&b, pylockOf(p, "https://pypi.org/simple/")); err != nil {
		t.Fatal(err)
	}
	want := `lock-version = "1.0"
environments = ["platform_machine == 'x86_64'", "platform_machine == 'aarch64'"]
requires-python = "==3.11.2"
created-by = "pyko"

[[packages]]
name = "flask"
version = "2.2.2"
index = "https://pypi.org/simple"
wheels = [
  { name = "flask-2.2.2-py3-none-any.whl", url = "https://f/flask-2.2.2-py3-none-any.whl", size = 3, hashes = { sha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } },
]

[[packages]]
name = "numpy"
version = "1.26"
marker = "platform_machine == 'aarch64'"
index = "https://pypi.org/simple"
wheels = [
  { name = "numpy-1.26-cp311-cp311-manylinux_2_17_aarch64.whl", url = "https://f/numpy-1.26-cp311-cp311-manylinux_2_17_aarch64.whl", size = 3, hashes = { sha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } },
]

[[packages]]
name = "numpy"
version = "2.0"
marker = "platform_machine == 'x86_64'"
index = "https://pypi.org/simple"
wheels = [
  { name = "numpy-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", url = "https://f/numpy-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", size = 3, hashes = { sha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" } },
]
`
	if b.String() != want {
		t.Errorf("pylock.toml:\n%s\nwant:\n%s", b.String(), want)
	}
}
