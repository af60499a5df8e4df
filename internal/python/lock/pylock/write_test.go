package pylock

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pyko-dev/pyko/internal/python/lock"
	"github.com/pyko-dev/pyko/internal/python/pep508"
)

// TestWriteReadsBack: what Write writes, parse reads, and Select gives
// each target its own packages; the bytes do not depend on input order.
func TestWriteReadsBack(t *testing.T) {
	sha := func(c string) map[string]string { return map[string]string{"sha256": strings.Repeat(c, 64)} }
	l := Lock{CreatedBy: "pyko", RequiresPython: "==3.11.2",
		Environments: []string{"platform_machine == 'x86_64'", "platform_machine == 'aarch64'"},
		Packages: []Package{
			{Name: "numpy", Version: "2.0", Marker: "platform_machine == 'x86_64'", Index: "https://pypi.org/simple",
				Wheels: []Wheel{{Name: "numpy-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", URL: "https://f/numpy-2.0-x86.whl", Size: 10, Hashes: sha("a")}}},
			{Name: "numpy", Version: "1.26", Marker: "platform_machine == 'aarch64'",
				Wheels: []Wheel{{Name: "numpy-1.26-cp311-cp311-manylinux_2_17_aarch64.whl", URL: "https://f/numpy-1.26-arm.whl", Size: 11, Hashes: sha("b")}}},
			{Name: "flask", Version: "2.2.2",
				Wheels: []Wheel{{Name: "flask-2.2.2-py3-none-any.whl", URL: "https://f/a \"quoted\" \\ url.whl", Hashes: sha("c")}}},
		}}
	l.Pyko = PykoInputs{From: "pyproject.toml", Inputs: "sha256:1234"}
	var b1, b2 bytes.Buffer
	if err := Write(&b1, l); err != nil {
		t.Fatal(err)
	}
	l.Packages[0], l.Packages[2] = l.Packages[2], l.Packages[0]
	if err := Write(&b2, l); err != nil {
		t.Fatal(err)
	}
	if b1.String() != b2.String() {
		t.Errorf("the bytes depend on the order of the packages:\n%s\n---\n%s", b1.String(), b2.String())
	}
	f, err := parse("pylock.toml", b1.Bytes())
	if err != nil {
		t.Fatalf("parse what Write wrote: %v\n%s", err, b1.String())
	}
	if f.Pyko() != l.Pyko {
		t.Errorf("[tool.pyko] read back as %+v, wrote %+v", f.Pyko(), l.Pyko)
	}
	if pins := f.Pins(); pins["flask"] != "2.2.2" || pins["numpy"] == "" {
		t.Errorf("Pins() = %v", pins)
	}
	for machine, want := range map[string]string{"x86_64": "flask==2.2.2 numpy==2.0", "aarch64": "flask==2.2.2 numpy==1.26"} {
		pkgs, err := f.Select(pep508.LinuxCPython("3.11.2", machine), lock.Options{})
		if err != nil {
			t.Fatalf("%s: %v", machine, err)
		}
		var got []string
		for _, p := range pkgs {
			got = append(got, p.Name+"=="+p.Version)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: selected %v, want %s", machine, got, want)
		}
	}
	if _, err := f.Select(pep508.LinuxCPython("3.11.2", "armv7l"), lock.Options{}); err == nil {
		t.Error("a target the lock was not resolved for is accepted")
	}
}
