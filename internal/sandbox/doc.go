// Package sandbox runs a command in a Linux sandbox made of namespaces, in
// pure Go, for the builds of packages from source: the backend a project
// names is code from the internet, and pyko runs nothing of it on the
// host.
//
// Run re-executes the running binary (/proc/self/exe) as the sandbox's
// init, in new user, mount, PID, network, IPC and UTS namespaces, with
// the caller's uid mapped to root inside (so it works as root and as an
// ordinary user where the kernel allows unprivileged user namespaces).
// The init builds a new root on a tmpfs: each top-level directory of the
// given root file system bound read-only, a fresh size-capped /tmp, a new
// /proc, the few /dev nodes programs need, and the caller's binds (the
// source, the output: the only writable host paths); then pivot_root,
// the old root detached, resource limits, and the command as its child.
// The network namespace has no interface up: nothing is reachable, not
// even the host's loopback. A time limit kills the PID namespace.
//
// A binary that uses Run must call Main first thing in main (and a test
// binary in TestMain): in the re-executed copy it becomes the init and
// never returns.
package sandbox
