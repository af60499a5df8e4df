package srcbuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep508"
	"github.com/pyko-dev/pyko/internal/python/pep517"
	"github.com/pyko-dev/pyko/internal/sandbox"
)

// Paths in the sandbox. The source tree's path is fixed (per package and
// version) so that no host path reaches a compiled file.
const (
	outDir     = "/tmp/out"
	driverPath = "/pyko/driver.py"
	resultFile = outDir + "/result.json"
	wheelDir   = outDir + "/wheel"
	// tailLines is how much of the backend's output a failure shows.
	tailLines = 40
)

// job is one wheel being built.
type job struct {
	b    *Builder
	r    Request
	work string
	src  string // the unpacked tree on the host
	root string // the build root on the host
	bs   pep517.BuildSystem
	log  *os.File
}

// driver is the host path of pyko's PEP 517 driver for this job.
func (j *job) driver() string { return filepath.Join(j.work, "driver.py") }

func (j *job) srcPath() string {
	if j.r.Wheel.Version == "" {
		return "/tmp/build/" + j.r.Wheel.Name
	}
	return "/tmp/build/" + j.r.Wheel.Name + "-" + j.r.Wheel.Version
}

// run prepares the environment, asks the backend for more requirements,
// and builds the wheel.
func (j *job) run(ctx context.Context) (string, error) {
	var err error
	if j.log, err = os.Create(filepath.Join(j.work, "build.log")); err != nil {
		return "", err
	}
	defer j.log.Close()
	if err := os.WriteFile(j.driver(), pep517.Driver, 0o644); err != nil {
		return "", err
	}
	reqs := j.bs.Requires
	env := filepath.Join(j.work, "env")
	pkgs, err := j.env(ctx, reqs, env)
	if err != nil {
		return "", err
	}
	more, err := j.requires(ctx, env)
	if err != nil {
		return "", err
	}
	if !satisfied(more, pkgs, j.r.Target.Markers()) {
		env = filepath.Join(j.work, "env2")
		if _, err := j.env(ctx, append(reqs, more...), env); err != nil {
			return "", err
		}
	}
	return j.wheel(ctx, env)
}

// requires runs get_requires_for_build_wheel.
func (j *job) requires(ctx context.Context, env string) ([]pep508.Requirement, error) {
	out, err := j.hook(ctx, env, pep517.HookRequires)
	if err != nil {
		return nil, err
	}
	names, err := pep517.ReadRequires(filepath.Join(out, "result.json"))
	if err != nil {
		return nil, err
	}
	var reqs []pep508.Requirement
	for _, s := range names {
		r, err := pep508.ParseRequirement(s)
		if err != nil {
			return nil, fmt.Errorf("the backend asked for the build requirement %q: %w", s, err)
		}
		reqs = append(reqs, r)
	}
	return reqs, nil
}

// wheel runs build_wheel and returns the wheel's path on the host.
func (j *job) wheel(ctx context.Context, env string) (string, error) {
	out, err := j.hook(ctx, env, pep517.HookBuild, wheelDir)
	if err != nil {
		return "", err
	}
	name, err := pep517.ReadWheelName(filepath.Join(out, "result.json"))
	if err != nil {
		return "", err
	}
	if name == "" || filepath.Base(name) != name {
		return "", fmt.Errorf("the backend returned %q, not a file name", name)
	}
	p := filepath.Join(out, "wheel", name)
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
		return "", errNoWheel
	}
	if err := checkName(name, j.r.Wheel); err != nil {
		return "", err
	}
	return p, nil
}

// hook runs one hook of the backend in the sandbox, with a fresh output
// directory, and returns that directory on the host.
func (j *job) hook(ctx context.Context, env, hook string, args ...string) (string, error) {
	out, err := os.MkdirTemp(j.work, "out-")
	if err != nil {
		return "", err
	}
	if err := os.Mkdir(filepath.Join(out, "wheel"), 0o755); err != nil {
		return "", err
	}
	benv, err := j.bs.Env()
	if err != nil {
		return "", err
	}
	spec := sandbox.Spec{
		Root: j.root,
		Binds: []sandbox.Bind{
			{Src: j.src, Dst: j.srcPath(), Writable: true},
			{Src: filepath.Join(env, envPrefix), Dst: envPrefix},
			{Src: j.driver(), Dst: driverPath},
			{Src: out, Dst: outDir, Writable: true},
		},
		Args:    append([]string{envPrefix + "/bin/python", driverPath, hook, resultFile}, args...),
		Env:     append(j.environ(), benv...),
		Dir:     j.srcPath(),
		Timeout: j.b.o.Timeout,
	}
	fmt.Fprintf(j.log, "$ pyko: %s\n", hook)
	tail := &tailWriter{}
	w := io.MultiWriter(j.log, tail)
	if err := sandbox.Run(ctx, spec, w, w); err != nil {
		return "", j.failed(hook, err, tail)
	}
	return out, nil
}

// environ is the build's whole environment: fixed, so the wheel does not
// depend on the caller's.
func (j *job) environ() []string {
	return []string{
		"PATH=" + envPrefix + "/bin:/usr/bin:/bin",
		"HOME=/tmp",
		"TMPDIR=/tmp",
		"LANG=C.UTF-8",
		"LC_ALL=C.UTF-8",
		"TZ=UTC",
		"PYTHONHASHSEED=0",
		"PYTHONDONTWRITEBYTECODE=1",
		"PYTHONNOUSERSITE=1",
		"SOURCE_DATE_EPOCH=" + strconv.FormatInt(j.b.o.SourceDateEpoch, 10),
		"VIRTUAL_ENV=" + envPrefix,
		"PIP_NO_INDEX=1",
	}
}

// failed is the error of a hook that failed: the package, the hook, the
// last lines of its output and where the whole log is kept.
func (j *job) failed(hook string, err error, tail *tailWriter) error {
	w := j.r.Wheel
	kept := filepath.Join(j.b.o.Fetch.Dir(), "build-logs", w.Name+"-"+w.Version+".log")
	if merr := os.MkdirAll(filepath.Dir(kept), 0o755); merr == nil {
		_ = j.log.Sync()
		if cerr := copyLog(j.log.Name(), kept); cerr != nil {
			kept = ""
		}
	}
	why := err.Error()
	if errors.Is(err, sandbox.ErrTimeout) {
		why = fmt.Sprintf("it ran longer than the build timeout (%s; --build-timeout changes it)", j.b.o.Timeout)
	}
	msg := fmt.Sprintf("the backend's %s failed: %s; its last lines:\n%s", hook, why, tail.String())
	if kept != "" {
		msg += "\nthe whole log: " + kept
	}
	return errors.New(msg)
}

func copyLog(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

// tailWriter keeps the last tailLines lines written to it.
type tailWriter struct{ buf []byte }

func (t *tailWriter) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > 1<<20 {
		t.buf = t.buf[len(t.buf)-1<<19:]
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	lines := strings.Split(strings.TrimRight(string(bytes.ToValidUTF8(t.buf, []byte("?"))), "\n"), "\n")
	if len(lines) > tailLines {
		lines = lines[len(lines)-tailLines:]
	}
	return "  | " + strings.Join(lines, "\n  | ")
}
