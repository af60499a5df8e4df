package bytecode

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/python/wheel"
	"github.com/pyko-dev/pyko/internal/sandbox"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/debwheels"
	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func TestMain(m *testing.M) {
	sandbox.Main()
	os.Exit(m.Run())
}

func TestPycPath(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"app/main.py", "app/__pycache__/main.cpython-311.pyc"},
		{"x.py", "__pycache__/x.cpython-311.pyc"},
		{"a/b/c.d.py", "a/b/__pycache__/c.d.cpython-311.pyc"},
	} {
		if got := PycPath(tt.src, CacheTag("3.11")); got != tt.want {
			t.Errorf("PycPath(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func rootfs(t *testing.T, arch string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	root, err := debroot.Rootfs(ctx, "", arch)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func source(p, text string) layer.Entry {
	return layer.Entry{Path: p, Mode: 0o644, Size: int64(len(text)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(text)), nil }}
}

func compiler(t *testing.T, root string) Compiler {
	return Compiler{Root: root, Interpreter: debroot.Interpreter, Tag: CacheTag("3.11"), TempDir: t.TempDir()}
}

// pycFlags is the PEP 552 flags word of a pyc.
func pycFlags(t *testing.T, e layer.Entry) uint32 {
	t.Helper()
	b := read(t, e)
	if len(b) < 16 {
		t.Fatalf("%s: %d bytes", e.Path, len(b))
	}
	return binary.LittleEndian.Uint32(b[4:8])
}

func read(t *testing.T, e layer.Entry) []byte {
	t.Helper()
	r, err := e.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCompile(t *testing.T) {
	c := compiler(t, rootfs(t, "amd64"))
	groups := []Group{
		{Mode: Unchecked, Entries: []layer.Entry{
			source("venv/lib/python3.11/site-packages/pkg/__init__.py", "from .mod import X\n"),
			source("venv/lib/python3.11/site-packages/pkg/mod.py", "X = 42\n"),
			source("venv/lib/python3.11/site-packages/pkg/py2.py", "print 'python 2'\n"),
			source("venv/lib/python3.11/site-packages/pkg/data.txt", "not python\n"),
		}},
		{Mode: Checked, Entries: []layer.Entry{source("app/main.py", "import pkg\nprint(pkg.X)\n")}},
		{Mode: Unchecked},
	}
	res, err := c.Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 || len(res[0].Entries) != 2 || len(res[1].Entries) != 1 || len(res[2].Entries) != 0 {
		t.Fatalf("results %+v", res)
	}
	if got := strings.Join(res[0].Failed, ","); got != "venv/lib/python3.11/site-packages/pkg/py2.py" {
		t.Errorf("failed = %q, want the Python 2 file", got)
	}
	// PEP 552: bit 0 is hash-based, bit 1 check_source.
	if f := pycFlags(t, res[0].Entries[0]); f != 1 {
		t.Errorf("dependency pyc flags %b, want 01 (unchecked hash)", f)
	}
	if f := pycFlags(t, res[1].Entries[0]); f != 3 {
		t.Errorf("app pyc flags %b, want 11 (checked hash)", f)
	}
	if p := res[1].Entries[0].Path; p != "app/__pycache__/main.cpython-311.pyc" || res[1].Entries[0].Mode != 0o644 {
		t.Errorf("app pyc at %s %v", p, res[1].Entries[0].Mode)
	}
	// The pyc names its source by its image path, so tracebacks do too.
	if b := read(t, res[1].Entries[0]); !bytes.Contains(b, []byte("/app/main.py")) || bytes.Contains(b, []byte("/src/")) {
		t.Errorf("the app pyc does not name /app/main.py alone: %q", b)
	}
}

// installed is every file of the debwheels set, installed as the executor
// installs wheels, one group per wheel.
func installed(t *testing.T) []Group {
	t.Helper()
	ctx := context.Background()
	dir, err := debwheels.Build(ctx, "", "amd64")
	if err != nil {
		t.Fatal(err)
	}
	whls, _ := filepath.Glob(filepath.Join(dir, "*.whl"))
	if len(whls) < 5 {
		t.Fatalf("%d wheels in %s", len(whls), dir)
	}
	lay := wheel.Layout{Prefix: "/app/venv", PythonVersion: "3.11", Interpreter: "/app/venv/bin/python"}
	var groups []Group
	for _, w := range whls {
		inst, err := wheel.Install(ctx, w, lay)
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, Group{Mode: Unchecked, Entries: inst.Entries})
	}
	return groups
}

func digests(t *testing.T, res []Result) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, r := range res {
		for _, e := range r.Entries {
			out[e.Path] = read(t, e)
		}
	}
	return out
}

func same(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d pycs against %d", what, len(a), len(b))
	}
	diff := 0
	for p, x := range a {
		if !bytes.Equal(x, b[p]) {
			diff++
			t.Errorf("%s: %s differs", what, p)
		}
	}
	t.Logf("%s: %d pycs, %d differ", what, len(a), diff)
}

// TestReproducible compiles the debwheels set three ways: four groups at
// once, one at a time, and each group alone (a job of one group, which
// its leader compiles without forking a child). The same bytes: a pyc
// does not depend on what else its compiler was given.
func TestReproducible(t *testing.T) {
	groups := installed(t)
	c := compiler(t, rootfs(t, "amd64"))
	c.Jobs = 4
	four, err := c.Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	c.Jobs = 1
	one, err := c.Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	var alone []Result
	for _, g := range groups {
		res, err := c.Compile(context.Background(), []Group{g})
		if err != nil {
			t.Fatal(err)
		}
		alone = append(alone, res...)
	}
	a := digests(t, four)
	if len(a) < 300 {
		t.Fatalf("only %d pycs", len(a))
	}
	same(t, "jobs 4 and 1", a, digests(t, one))
	same(t, "jobs 4 and each group alone", a, digests(t, alone))
}

// TestOneProcessDiffers is why every group gets a process of its own:
// the same groups compiled one after another by one interpreter give
// other bytes for some pycs (the string "*" is interned by a module
// that imports *, and marked so in every later pyc that holds it).
func TestOneProcessDiffers(t *testing.T) {
	groups := installed(t)
	c := compiler(t, rootfs(t, "amd64"))
	var all Group
	for _, g := range groups {
		all.Mode = g.Mode
		all.Entries = append(all.Entries, g.Entries...)
	}
	res, err := c.Compile(context.Background(), []Group{all})
	if err != nil {
		t.Fatal(err)
	}
	apart, err := c.Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	a, b := digests(t, res), digests(t, apart)
	diff := 0
	for p, d := range a {
		if !bytes.Equal(d, b[p]) {
			diff++
		}
	}
	if len(a) != len(b) || diff == 0 {
		t.Errorf("%d and %d pycs, %d differ: want some to differ, or the process per group is not needed", len(a), len(b), diff)
	}
}

// TestSameBytesOnArm64 compiles the debwheels set with the same CPython
// build for amd64 and for arm64 (under qemu, by Compile and by a
// session): identical pycs, so pyko compiles once for every platform
// with that CPython.
func TestSameBytesOnArm64(t *testing.T) {
	tools.Require(t, "qemu-aarch64-static")
	emu, err := exec.LookPath("qemu-aarch64-static")
	if err != nil {
		t.Fatal(err)
	}
	groups := installed(t)
	amd := compiler(t, rootfs(t, "amd64"))
	arm := compiler(t, rootfs(t, "arm64"))
	arm.Emulator = emu
	ra, err := amd.Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := arm.Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "amd64 and arm64", digests(t, ra), digests(t, rb))
	// A session under the emulator, as a build for arm64 on this
	// machine runs one.
	s, err := arm.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rs, err := s.Compile(context.Background(), groups, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "amd64 and an arm64 session", digests(t, ra), digests(t, rs))
}

// pyCompile is py_compile, the pycs pip writes: each group's files
// compiled in path order by a fresh interpreter of root, in the sandbox.
const pyCompile = `import json, py_compile, sys
for src, dfile, mode in json.load(open(sys.argv[1])):
    try:
        py_compile.compile(src, cfile=src + "c", dfile=dfile, doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode[mode])
    except py_compile.PyCompileError:
        pass
`

// sameCode compares pairs of pycs by their headers (flags, source hash)
// and their code objects, the file names included; it prints the pairs
// that differ.
const sameCode = `import marshal, sys
def names(c):
    yield c.co_filename
    for k in c.co_consts:
        if hasattr(k, "co_filename"):
            yield from names(k)
for line in open(sys.argv[1]):
    a, b = (open(p, "rb").read() for p in line.split())
    ca, cb = marshal.loads(a[16:]), marshal.loads(b[16:])
    if a[:16] != b[:16] or ca != cb or list(names(ca)) != list(names(cb)):
        print("differs:", line.strip())
`

// TestSameAsPyCompile: the driver reads its sources from one file,
// writes its pycs to another and imports no module that py_compile
// needs, yet its pycs hold what py_compile's hold: the same header and
// the same code objects. (Their bytes may differ where marshal marks
// shared objects, which depends on what else the process holds: both
// are valid, and each is reproducible.)
func TestSameAsPyCompile(t *testing.T) {
	groups := installed(t)
	root := rootfs(t, "amd64")
	res, err := compiler(t, root).Compile(context.Background(), groups)
	if err != nil {
		t.Fatal(err)
	}
	got := digests(t, res)
	work := t.TempDir()
	var files [][3]string
	for _, grp := range groups {
		for _, e := range sorted(grp.Entries) {
			if !Compilable(e) {
				continue
			}
			name := fmt.Sprintf("%d.py", len(files))
			pyWrite(t, work, name, read(t, e))
			files = append(files, [3]string{"/w/" + name, "/" + e.Path, "UNCHECKED_HASH"})
		}
	}
	data, _ := json.Marshal(files)
	pyWrite(t, work, "job.json", data)
	pyWrite(t, work, "pyc.py", []byte(pyCompile))
	pyWrite(t, work, "same.py", []byte(sameCode))
	var pairs strings.Builder
	for i, f := range files {
		p := PycPath(strings.TrimPrefix(f[1], "/"), CacheTag("3.11"))
		if b, ok := got[p]; ok {
			pyWrite(t, work, fmt.Sprintf("%d.driver.pyc", i), b)
			fmt.Fprintf(&pairs, "/w/%d.driver.pyc /w/%d.pyc\n", i, i)
		}
	}
	pyWrite(t, work, "pairs", []byte(pairs.String()))
	if strings.Count(pairs.String(), "\n") < 500 {
		t.Fatalf("only %d pycs to compare", strings.Count(pairs.String(), "\n"))
	}
	for _, script := range []string{"/w/pyc.py /w/job.json", "/w/same.py /w/pairs"} {
		spec := sandbox.Spec{Root: root, Binds: []sandbox.Bind{{Src: work, Dst: "/w", Writable: true}},
			Args: append([]string{debroot.Interpreter, "-I", "-S", "-B"}, strings.Fields(script)...), Env: []string{"PATH=/usr/bin"}, Dir: "/"}
		var out bytes.Buffer
		if err := sandbox.Run(context.Background(), spec, &out, &out); err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out.String())
		}
		if out.Len() > 0 {
			t.Errorf("%s:\n%s", script, out.String())
		}
	}
}

func pyWrite(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
