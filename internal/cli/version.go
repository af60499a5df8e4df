package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at link time: -ldflags "-X github.com/pyko-dev/pyko/internal/cli.version=v1.2.3".
var version = ""

// commit, commitTime and commitModified ("true") may be set at link time
// too, as scripts/release.sh does: Go stamps the VCS revision only when
// the module is in a checkout whose .git is a directory, not in a git
// worktree or a copy of the sources.
var commit, commitTime, commitModified = "", "", ""

// Version is pyko's version: the link-time value, else the module version.
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// NewCmdVersion returns `pyko version`.
func NewCmdVersion(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print pyko's version",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), describe())
			return err
		},
	}
}

// describe is the version with what the build info knows: the commit it
// was built from (and whether the checkout had changes), the commit's
// time, the Go version and the platform.
func describe() string {
	out := "pyko " + Version()
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return out
	}
	s := map[string]string{"vcs.revision": commit, "vcs.time": commitTime, "vcs.modified": commitModified}
	for _, kv := range bi.Settings {
		if kv.Key == "vcs.revision" && kv.Value != commit {
			// The build info's revision, with its own time and state.
			s["vcs.time"], s["vcs.modified"] = "", ""
		}
		s[kv.Key] = kv.Value
	}
	if rev := s["vcs.revision"]; rev != "" {
		out += " (commit " + rev
		if s["vcs.modified"] == "true" {
			out += ", modified"
		}
		if t := s["vcs.time"]; t != "" {
			out += ", " + t
		}
		out += ")"
	}
	return out + " " + bi.GoVersion + " " + s["GOOS"] + "/" + s["GOARCH"]
}
