package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// initEnv marks the re-executed binary as the sandbox's init; its value
// is the Spec, as JSON.
const initEnv = "PYKO_SANDBOX_INIT"

// Bind makes a host path visible in the sandbox.
type Bind struct {
	Src, Dst string // Src on the host; Dst absolute in the sandbox
	Writable bool
}

// Spec is what runs, and in what.
type Spec struct {
	// Root is the root file system (a build root): its top-level
	// directories are bound read-only.
	Root string
	// Binds are the host paths the command may see: the source, the
	// output.
	Binds []Bind
	// Args is the command, Args[0] a path in the sandbox; Env its whole
	// environment; Dir its working directory in the sandbox.
	Args []string
	Env  []string
	Dir  string
	// Timeout kills the whole sandbox after that long; zero: none.
	Timeout time.Duration
	// TmpSize caps /tmp, in bytes; zero: 1 GiB.
	TmpSize int64
	// Input is the command's standard input; nil: none (it reads
	// /dev/null).
	Input io.Reader `json:"-"`

	// newRoot is the empty host directory the init mounts the new root
	// on; Run makes and removes it.
	NewRoot string `json:"newRoot"`
}

// ExitError is a command that ran in the sandbox and failed.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ErrTimeout is a sandbox killed at its time limit.
var ErrTimeout = errors.New("the time limit was reached")

// Run runs s in a new sandbox, stdout and stderr going to out and errOut.
// A failed command is an *ExitError; a sandbox that cannot be made (no
// user namespaces, say) is another error, saying why.
func Run(ctx context.Context, s Spec, out, errOut io.Writer) error {
	if len(s.Args) == 0 {
		return errors.New("sandbox: no command")
	}
	spec, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.Timeout)
		defer cancel()
	}
	if s.NewRoot, err = os.MkdirTemp("", "pyko-sandbox-"); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	defer os.Remove(s.NewRoot)
	if spec, err = json.Marshal(s); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("sandbox: finding this binary: %w", err)
	}
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = []string{initEnv + "=" + string(spec)}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.Input, out, errOut
	uid, gid := os.Getuid(), os.Getgid()
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS | syscall.CLONE_NEWPID | syscall.CLONE_NEWNET |
			syscall.CLONE_NEWIPC | syscall.CLONE_NEWUTS,
		UidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: uid, Size: 1}},
		GidMappings:                []syscall.SysProcIDMap{{ContainerID: 0, HostID: gid, Size: 1}},
		GidMappingsEnableSetgroups: false,
		Pdeathsig:                  syscall.SIGKILL,
	}
	err = cmd.Run()
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("sandbox: %w (%s)", ErrTimeout, s.Timeout)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee) && ee.ExitCode() == initFailed:
		return errors.New("sandbox: the sandbox could not be set up (see the lines above)")
	case errors.As(err, &ee):
		return &ExitError{Code: ee.ExitCode()}
	case err != nil:
		return fmt.Errorf("sandbox: starting it: %w; user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1, or AppArmor's kernel.apparmor_restrict_unprivileged_userns=0)", err)
	}
	return nil
}
