package bytecode

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/pyko-dev/pyko/internal/dirtree"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/sandbox"
)

// Compiler runs the interpreter of a root file system in the sandbox.
type Compiler struct {
	// Root is a root file system with the interpreter; Interpreter its
	// path there ("/usr/bin/python3.12"); Tag its cache tag
	// ("cpython-312"), which names the pycs.
	Root, Interpreter, Tag string
	// TempDir holds the sources and the pycs; the pycs' entries read from
	// it, so it must stay until they are written.
	TempDir string
	// Jobs is how many interpreters compile at once; zero: GOMAXPROCS.
	Jobs int
	// Timeout limits the whole run; zero: ten minutes.
	Timeout time.Duration
	// Emulator, when set, is a host path of a static user-mode emulator
	// (qemu-aarch64-static) that runs the interpreter: a root of another
	// architecture without binfmt_misc.
	Emulator string
}

// Group is sources compiled by one fresh interpreter, in path order:
// one wheel's, the app's, the standard library's. Entries' paths are
// image paths, which the pycs record as their sources' names; entries
// that are not Compilable are passed over.
type Group struct {
	Mode    Mode
	Entries []layer.Entry
}

// Result is one group's pycs, as 0644 layer entries beside their sources,
// and the sources that did not compile (Python 2 code, say), which get
// none.
type Result struct {
	Entries []layer.Entry
	Failed  []string
}

// job is the driver's input.
type job struct {
	Python []string   `json:"python"`
	Jobs   int        `json:"jobs"`
	Groups []jobGroup `json:"groups"`
}

type jobGroup struct {
	Mode  Mode        `json:"mode"`
	Files [][3]string `json:"files"` // source, cfile, dfile: paths in the sandbox
}

// Compile compiles every group in one sandbox.
func (c Compiler) Compile(ctx context.Context, groups []Group) ([]Result, error) {
	work, err := os.MkdirTemp(c.TempDir, "bytecode-")
	if err != nil {
		return nil, err
	}
	j, sources, err := c.layout(groups)
	if err != nil {
		return nil, err
	}
	for _, d := range []string{"src", "out"} {
		if err := os.Mkdir(filepath.Join(work, d), 0o755); err != nil {
			return nil, err
		}
	}
	if err := dirtree.Write(ctx, filepath.Join(work, "src"), sources); err != nil {
		return nil, fmt.Errorf("writing the sources to compile: %w", err)
	}
	if err := c.run(ctx, work, j); err != nil {
		return nil, err
	}
	return c.collect(work, j)
}

// layout places each group's sources under /src/G/ in the sandbox and
// their pycs under /out/G/.
func (c Compiler) layout(groups []Group) (job, []layer.Entry, error) {
	j := job{Python: []string{c.Interpreter}, Jobs: c.Jobs}
	if c.Emulator != "" {
		j.Python = []string{"/pyko/emulator", c.Interpreter}
	}
	if j.Jobs <= 0 {
		j.Jobs = runtime.GOMAXPROCS(0)
	}
	var sources []layer.Entry
	for g, grp := range groups {
		if !grp.Mode.Valid() {
			return job{}, nil, fmt.Errorf("bytecode mode %q", grp.Mode)
		}
		jg := jobGroup{Mode: grp.Mode, Files: [][3]string{}}
		for _, e := range sorted(grp.Entries) {
			if !Compilable(e) {
				continue
			}
			rel := fmt.Sprintf("%d/%s", g, strings.TrimPrefix(e.Path, "/"))
			moved := e
			moved.Path = rel
			sources = append(sources, moved)
			jg.Files = append(jg.Files, [3]string{"/src/" + rel, "/out/" + PycPath(rel, c.Tag), "/" + strings.TrimPrefix(e.Path, "/")})
		}
		j.Groups = append(j.Groups, jg)
	}
	return j, sources, nil
}

func (c Compiler) run(ctx context.Context, work string, j job) error {
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "job.json"), data, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "compile.py"), driver, 0o644); err != nil {
		return err
	}
	spec := sandbox.Spec{
		Root: c.Root,
		Binds: []sandbox.Bind{
			{Src: filepath.Join(work, "src"), Dst: "/src"},
			{Src: filepath.Join(work, "out"), Dst: "/out", Writable: true},
			{Src: filepath.Join(work, "job.json"), Dst: "/pyko/job.json"},
			{Src: filepath.Join(work, "compile.py"), Dst: "/pyko/compile.py"},
		},
		Args: append(append([]string{}, j.Python...), "-I", "-S", "-B", "/pyko/compile.py", "/pyko/job.json", "/out/failed.json"),
		// PYTHONHASHSEED is ignored under -I; it is set for what the
		// driver starts all the same.
		Env:     []string{"PATH=/usr/bin:/bin", "PYTHONHASHSEED=0", "LANG=C.UTF-8", "HOME=/tmp", "TZ=UTC"},
		Dir:     "/",
		Timeout: c.Timeout,
	}
	if spec.Timeout == 0 {
		spec.Timeout = 10 * time.Minute
	}
	if c.Emulator != "" {
		spec.Binds = append(spec.Binds, sandbox.Bind{Src: c.Emulator, Dst: "/pyko/emulator"})
	}
	var log bytes.Buffer
	if err := sandbox.Run(ctx, spec, &log, &log); err != nil {
		return fmt.Errorf("compiling bytecode with %s: %w: %s", c.Interpreter, err, lastLines(log.String(), 20))
	}
	return nil
}

// collect reads the pycs back as entries of their groups.
func (c Compiler) collect(work string, j job) ([]Result, error) {
	data, err := os.ReadFile(filepath.Join(work, "out", "failed.json"))
	if err != nil {
		return nil, fmt.Errorf("the bytecode compiler wrote no result: %w", err)
	}
	var failed [][]string
	if err := json.Unmarshal(data, &failed); err != nil || len(failed) != len(j.Groups) {
		return nil, fmt.Errorf("the bytecode compiler's result is not one list per group: %s", lastLines(string(data), 3))
	}
	out := make([]Result, len(j.Groups))
	for g, jg := range j.Groups {
		bad := map[string]bool{}
		for _, f := range failed[g] {
			bad[f] = true
		}
		for _, f := range jg.Files {
			src := strings.TrimPrefix(f[2], "/")
			if bad[f[2]] {
				out[g].Failed = append(out[g].Failed, src)
				continue
			}
			file := filepath.Join(work, filepath.FromSlash(strings.TrimPrefix(f[1], "/")))
			fi, err := os.Lstat(file)
			if err != nil || !fi.Mode().IsRegular() {
				return nil, fmt.Errorf("the bytecode compiler wrote no pyc of %s", f[2])
			}
			out[g].Entries = append(out[g].Entries, layer.Entry{Path: PycPath(src, c.Tag), Mode: 0o644, Size: fi.Size(),
				Open: func() (io.ReadCloser, error) { return os.Open(file) }})
		}
	}
	return out, nil
}

func sorted(es []layer.Entry) []layer.Entry {
	out := slices.Clone(es)
	slices.SortFunc(out, func(a, b layer.Entry) int { return strings.Compare(a.Path, b.Path) })
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
