package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// initFailed is the init's exit code when it could not build the sandbox;
// it says why on stderr first.
const initFailed = 125

// Main is the sandbox's init when the binary was re-executed by Run: it
// builds the sandbox, runs the command, and exits with its status. In any
// other process it returns at once. Call it first thing in main.
func Main() {
	v, ok := os.LookupEnv(initEnv)
	if !ok {
		return
	}
	var s Spec
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox: reading the spec:", err)
		os.Exit(initFailed)
	}
	if err := enter(s); err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		os.Exit(initFailed)
	}
	if len(s.Args) == 1 && s.Args[0] == probeArg {
		os.Exit(0)
	}
	os.Exit(run(s))
}

// enter builds the new root and pivots into it.
func enter(s Spec) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making / private: %w", err)
	}
	nr := s.NewRoot
	if err := unix.Mount("tmpfs", nr, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=16m,mode=0755"); err != nil {
		return fmt.Errorf("mounting the new root: %w", err)
	}
	if err := bindRoot(s.Root, nr); err != nil {
		return err
	}
	if err := mountSpecial(nr, s.TmpSize); err != nil {
		return err
	}
	for _, b := range s.Binds {
		if err := bind(b.Src, filepath.Join(nr, b.Dst), b.Writable); err != nil {
			return err
		}
	}
	old := filepath.Join(nr, ".old")
	if err := os.Mkdir(old, 0o700); err != nil {
		return err
	}
	if err := unix.PivotRoot(nr, old); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := os.Chdir("/"); err != nil {
		return err
	}
	if err := unix.Unmount("/.old", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detaching the host's root: %w", err)
	}
	if err := os.Remove("/.old"); err != nil {
		return err
	}
	// The root's own tmpfs holds only mount points: read-only too.
	if err := unix.Mount("", "/", "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return fmt.Errorf("making / read-only: %w", err)
	}
	_ = unix.Sethostname([]byte("sandbox"))
	return limits()
}

// bindRoot binds each top-level directory of root read-only into nr and
// copies its top-level symbolic links (/bin -> usr/bin).
func bindRoot(root, nr string) error {
	ents, err := os.ReadDir(root)
	if err != nil {
		return fmt.Errorf("reading the root %s: %w", root, err)
	}
	for _, e := range ents {
		src, dst := filepath.Join(root, e.Name()), filepath.Join(nr, e.Name())
		switch {
		case e.Name() == "proc" || e.Name() == "dev" || e.Name() == "tmp":
			continue
		case e.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(src)
			if err != nil {
				return err
			}
			if err := os.Symlink(target, dst); err != nil {
				return err
			}
		case e.IsDir():
			if err := bind(src, dst, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// bind mounts src at dst (made if needed), read-only unless writable.
func bind(src, dst string, writable bool) error {
	fi, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("bind %s: %w", src, err)
	}
	if fi.IsDir() {
		err = os.MkdirAll(dst, 0o755)
	} else if err = os.MkdirAll(filepath.Dir(dst), 0o755); err == nil {
		err = os.WriteFile(dst, nil, 0o644)
	}
	if err != nil {
		return fmt.Errorf("bind %s: %w", dst, err)
	}
	if err := unix.Mount(src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s on %s: %w", src, dst, err)
	}
	if writable {
		return nil
	}
	// A read-only remount must keep the flags the kernel locked on the
	// source mount (nosuid, nodev, noexec), or a user namespace gets EPERM.
	var st unix.Statfs_t
	if err := unix.Statfs(dst, &st); err != nil {
		return err
	}
	flags := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY)
	for _, f := range [][2]int64{{unix.ST_NOSUID, unix.MS_NOSUID}, {unix.ST_NODEV, unix.MS_NODEV}, {unix.ST_NOEXEC, unix.MS_NOEXEC},
		{unix.ST_NOATIME, unix.MS_NOATIME}, {unix.ST_RELATIME, unix.MS_RELATIME}, {unix.ST_NODIRATIME, unix.MS_NODIRATIME}} {
		if st.Flags&f[0] != 0 {
			flags |= uintptr(f[1])
		}
	}
	if err := unix.Mount("", dst, "", flags, ""); err != nil {
		return fmt.Errorf("making %s read-only: %w", dst, err)
	}
	return nil
}

// mountSpecial makes /tmp (a fresh tmpfs), /proc (of the new PID
// namespace) and /dev (the device nodes programs need, bound from the
// host).
func mountSpecial(nr string, tmpSize int64) error {
	if tmpSize <= 0 {
		tmpSize = 1 << 30
	}
	for _, d := range []string{"tmp", "proc", "dev"} {
		if err := os.MkdirAll(filepath.Join(nr, d), 0o755); err != nil {
			return err
		}
	}
	if err := unix.Mount("tmpfs", filepath.Join(nr, "tmp"), "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=1777,size="+strconv.FormatInt(tmpSize, 10)); err != nil {
		return fmt.Errorf("mounting /tmp: %w", err)
	}
	if err := unix.Mount("proc", filepath.Join(nr, "proc"), "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return fmt.Errorf("mounting /proc: %w", err)
	}
	dev := filepath.Join(nr, "dev")
	if err := unix.Mount("tmpfs", dev, "tmpfs", unix.MS_NOSUID|unix.MS_NOEXEC, "mode=0755,size=64k"); err != nil {
		return fmt.Errorf("mounting /dev: %w", err)
	}
	for _, n := range []string{"null", "zero", "full", "random", "urandom"} {
		if err := bind("/dev/"+n, filepath.Join(dev, n), true); err != nil {
			return err
		}
	}
	return os.Symlink("/proc/self/fd", filepath.Join(dev, "fd"))
}

// limits caps what the command may take: no core files, a bound on open
// files and on the size of one file.
func limits() error {
	for _, l := range []struct {
		res int
		max uint64
	}{{unix.RLIMIT_CORE, 0}, {unix.RLIMIT_NOFILE, 4096}, {unix.RLIMIT_FSIZE, 8 << 30}} {
		var cur unix.Rlimit
		if err := unix.Getrlimit(l.res, &cur); err != nil {
			return err
		}
		lim := min(cur.Max, l.max)
		if err := unix.Setrlimit(l.res, &unix.Rlimit{Cur: lim, Max: lim}); err != nil {
			return fmt.Errorf("setting a resource limit: %w", err)
		}
	}
	return nil
}

// run starts the command as the init's child and returns its status.
func run(s Spec) int {
	// A fixed umask: the modes of what a build writes must not depend on
	// the caller's.
	unix.Umask(0o022)
	cmd := exec.Command(s.Args[0], s.Args[1:]...)
	cmd.Env, cmd.Dir = s.Env, s.Dir
	// The init's stdin is the Spec's Input, or /dev/null.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ee.ExitCode() < 0 {
			return 128 + 9
		}
		return ee.ExitCode()
	default:
		fmt.Fprintln(os.Stderr, "sandbox: starting", s.Args[0]+":", err)
		return 127
	}
}
