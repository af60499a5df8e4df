package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
)

// probeArg is the command a probe runs: the init builds the whole sandbox
// over an empty root, then exits without running anything.
const probeArg = "\x00probe"

// Probe builds a sandbox over an empty root and runs nothing in it, to
// find out before any work whether this host lets pyko sandbox builds. Its
// error says what blocks it and the setting that would allow it.
func Probe(ctx context.Context) error {
	root, err := os.MkdirTemp("", "pyko-sandbox-probe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	var errOut bytes.Buffer
	err = Run(ctx, Spec{Root: root, Args: []string{probeArg}}, &errOut, &errOut)
	if err == nil {
		return nil
	}
	return fmt.Errorf("this host cannot sandbox source builds: %s%s", strings.TrimSpace(errOut.String()+" "+err.Error()), hostAdvice())
}

// hostAdvice names the kernel setting that blocks user namespaces, if one
// does.
func hostAdvice() string {
	read := func(p string) string {
		b, _ := os.ReadFile(p)
		return strings.TrimSpace(string(b))
	}
	switch {
	case read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1" && os.Getuid() != 0:
		return "; AppArmor restricts unprivileged user namespaces here (Ubuntu 23.10 and later): sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0, or run pyko as root"
	case read("/proc/sys/kernel/unprivileged_userns_clone") == "0" && os.Getuid() != 0:
		return "; unprivileged user namespaces are off: sudo sysctl kernel.unprivileged_userns_clone=1, or run pyko as root"
	case read("/proc/sys/user/max_user_namespaces") == "0":
		return "; user namespaces are off: sudo sysctl user.max_user_namespaces=15000"
	}
	return "; inside a container, user namespaces are usually blocked by its seccomp profile: run pyko on the host or in a VM"
}
