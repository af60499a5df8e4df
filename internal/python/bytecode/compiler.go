package bytecode

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

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

// Group is sources compiled by one interpreter of its own, in path order:
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

// job is the driver's input (see compile.py).
type job struct {
	Jobs int
	// Sources is the sources file's path in the sandbox.
	Sources string
	Groups  []jobGroup
}

type jobGroup struct {
	Mode Mode
	// Files are slices of the sources file and the image paths
	// (dfiles) their pycs name.
	Files       []jobFile
	Out, Result string
	// unnamed are sources whose path the job's lines cannot carry (a tab
	// or a newline in it): they are reported as not compiled.
	unnamed []string
}

type jobFile struct {
	Offset, Size int64
	DFile        string
}

// encode writes the job as the driver reads it: tab-separated lines.
func (j job) encode() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "jobs\t%d\nsources\t%s\n", j.Jobs, j.Sources)
	for _, g := range j.Groups {
		fmt.Fprintf(&b, "group\t%s\t%s\t%s\n", g.Mode, g.Out, g.Result)
		for _, f := range g.Files {
			fmt.Fprintf(&b, "file\t%d\t%d\t%s\n", f.Offset, f.Size, f.DFile)
		}
	}
	return []byte(b.String())
}

// Compile compiles every group in a session of its own (see Session),
// Jobs at once. The sources go in as one file and each group's pycs
// come back as one: a file per module would cost more than compiling it
// on some disks.
func (c Compiler) Compile(ctx context.Context, groups []Group) ([]Result, error) {
	s, err := c.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return s.Compile(ctx, groups, c.Jobs)
}

// writeSources writes the Compilable sources of every group, in path
// order, into the file name, and returns the driver's job: the sources
// at in/sources and the pycs under out, in the sandbox.
func (c Compiler) writeSources(ctx context.Context, name string, groups []Group, in, out string) (job, error) {
	j := job{Jobs: c.Jobs, Sources: in + "/sources"}
	if j.Jobs <= 0 {
		j.Jobs = runtime.GOMAXPROCS(0)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return job{}, err
	}
	defer f.Close()
	var off int64
	buf := make([]byte, 64<<10) // one copy buffer, not one per file
	for g, grp := range groups {
		if !grp.Mode.Valid() {
			return job{}, fmt.Errorf("bytecode mode %q", grp.Mode)
		}
		jg := jobGroup{Mode: grp.Mode, Out: fmt.Sprintf("%s/%d.pycs", out, g), Result: fmt.Sprintf("%s/%d.txt", out, g)}
		for _, e := range sorted(grp.Entries) {
			if err := ctx.Err(); err != nil {
				return job{}, err
			}
			if !Compilable(e) {
				continue
			}
			dfile := "/" + strings.TrimPrefix(e.Path, "/")
			if strings.ContainsAny(dfile, "\t\n\r") {
				jg.unnamed = append(jg.unnamed, dfile)
				continue
			}
			if err := appendEntry(f, e, buf); err != nil {
				return job{}, fmt.Errorf("%s: %w", e.Path, err)
			}
			jg.Files = append(jg.Files, jobFile{off, e.Size, dfile})
			off += e.Size
		}
		j.Groups = append(j.Groups, jg)
	}
	return j, f.Close()
}

// appendEntry copies e's content, exactly its size, to w through buf.
func appendEntry(w io.Writer, e layer.Entry, buf []byte) error {
	r, err := e.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	// The struct hides a file's ReadFrom, which would take a buffer of
	// its own for every source.
	n, err := io.CopyBuffer(struct{ io.Writer }{w}, io.LimitReader(r, e.Size), buf)
	if err == nil && n != e.Size {
		err = fmt.Errorf("read %d bytes, want %d", n, e.Size)
	}
	return err
}

// mallocTunables keep what the compiler frees in glibc's heap, for the
// next module, rather than given back and faulted in again: compiling
// the Debian stdlib made 11,500 page faults with glibc's defaults and
// 6,900 with these, and took 6% less CPU. They change how memory is
// reused, never the pycs (musl ignores them).
const mallocTunables = "GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432"

// spec is the sandbox that runs the driver with args: work is bound at
// /pyko, and work/out, where the pycs go, at /out.
func (c Compiler) spec(work string, args ...string) sandbox.Spec {
	python := []string{c.Interpreter}
	if c.Emulator != "" {
		python = []string{emulatorPath, c.Interpreter}
	}
	spec := sandbox.Spec{
		Root: c.Root,
		Binds: []sandbox.Bind{
			{Src: work, Dst: "/pyko"},
			{Src: filepath.Join(work, "out"), Dst: "/out", Writable: true},
		},
		Args: append(append(python, "-I", "-S", "-B", "/pyko/compile.py"), args...),
		// PYTHONHASHSEED is ignored under -I; it is set for what the
		// driver starts all the same. mallocTunables is glibc's, which
		// -I does not hide.
		Env: []string{"PATH=/usr/bin:/bin", "PYTHONHASHSEED=0", "LANG=C.UTF-8", "HOME=/tmp", "TZ=UTC", mallocTunables},
		Dir: "/",
	}
	if c.Emulator != "" {
		spec.Binds = append(spec.Binds, sandbox.Bind{Src: c.Emulator, Dst: emulatorPath})
	}
	return spec
}

// emulatorPath is where the emulator is bound: not under /pyko, which is
// bound read-only before it.
const emulatorPath = "/pyko-emulator"

// timeout is the limit of one compilation.
func (c Compiler) timeout() time.Duration {
	if c.Timeout == 0 {
		return 10 * time.Minute
	}
	return c.Timeout
}

// collect reads each group's pycs back, from the host directory out, as
// entries beside their sources. Every source must come back as a pyc or
// a failure, and every pyc must lie inside its group's file.
func (c Compiler) collect(out string, j job) ([]Result, error) {
	res := make([]Result, len(j.Groups))
	for g, jg := range j.Groups {
		host := filepath.Join(out, filepath.Base(jg.Out))
		fi, err := os.Lstat(host)
		if err != nil || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("the bytecode compiler wrote no pycs for group %d", g)
		}
		got, bad, err := readResult(filepath.Join(out, filepath.Base(jg.Result)), host, fi.Size(), c.Tag)
		if err != nil {
			return nil, err
		}
		for _, f := range jg.Files {
			switch e, ok := got[f.DFile]; {
			case bad[f.DFile]:
				res[g].Failed = append(res[g].Failed, strings.TrimPrefix(f.DFile, "/"))
			case ok:
				res[g].Entries = append(res[g].Entries, e)
			default:
				return nil, fmt.Errorf("the bytecode compiler wrote no pyc of %s", f.DFile)
			}
		}
		for _, f := range jg.unnamed {
			res[g].Failed = append(res[g].Failed, strings.TrimPrefix(f, "/"))
		}
	}
	return res, nil
}

// readResult reads a group's result lines: its pycs, as entries reading
// the group's file host of size bytes, and the sources that failed.
func readResult(name, host string, size int64, tag string) (map[string]layer.Entry, map[string]bool, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("the bytecode compiler wrote no result: %w", err)
	}
	got, bad := map[string]layer.Entry{}, map[string]bool{}
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Split(line, "\t")
		switch {
		case len(f) == 2 && f[0] == "failed":
			bad[f[1]] = true
		case len(f) == 4 && f[0] == "pyc":
			off, err1 := strconv.ParseInt(f[1], 10, 64)
			n, err2 := strconv.ParseInt(f[2], 10, 64)
			if err1 != nil || err2 != nil || off < 0 || n <= 0 || off+n > size {
				return nil, nil, fmt.Errorf("the bytecode compiler's result names a pyc outside its file: %q", line)
			}
			got[f[3]] = layer.Entry{Path: PycPath(strings.TrimPrefix(f[3], "/"), tag), Mode: 0o644, Size: n,
				Open: func() (io.ReadCloser, error) { return openSection(host, off, n) }}
		case line == "":
		default:
			return nil, nil, fmt.Errorf("the bytecode compiler's result has a bad line: %q", line)
		}
	}
	return got, bad, nil
}

// openSection reads size bytes at off of the file name.
func openSection(name string, off, size int64) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{io.NewSectionReader(f, off, size), f}, nil
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
