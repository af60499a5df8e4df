package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// flagValues are the values a shell offers for flags that take one of a
// few words.
var flagValues = map[string][]string{
	"sbom":        {"both", "spdx", "cyclonedx", "none"},
	"compression": {"gzip", "zstd"},
	"format":      {"text", "json"},
	"fail-on":     {"info", "low", "medium", "high", "critical"},
	"platform":    {"linux/amd64", "linux/arm64"},
	"stop-signal": {"SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1"},
	"progress":    {"auto", "tty", "plain"},
}

// imagePrefixes are the transports a --base or an -o names; the shell adds
// no space after one, so the path follows.
var imagePrefixes = map[string][]string{
	"base":   {"oci:", "oci-archive:", "docker-archive:"},
	"output": {"oci:", "oci-archive:", "docker-archive:", "daemon"},
}

// addCompletions teaches bash, zsh and fish (pyko completion SHELL) the
// values of pyko's word flags and that DIR is a directory, on cmd and its
// subcommands.
func addCompletions(cmd *cobra.Command) {
	for name, values := range flagValues {
		if has(cmd, name) {
			_ = cmd.RegisterFlagCompletionFunc(name, fixed(values, cobra.ShellCompDirectiveNoFileComp))
		}
	}
	for name, values := range imagePrefixes {
		if has(cmd, name) {
			_ = cmd.RegisterFlagCompletionFunc(name, fixed(values, cobra.ShellCompDirectiveNoSpace|cobra.ShellCompDirectiveNoFileComp))
		}
	}
	if strings.Contains(cmd.Use, "[DIR]") {
		cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return nil, cobra.ShellCompDirectiveFilterDirs
		}
	}
	for _, sub := range cmd.Commands() {
		addCompletions(sub)
	}
}

// has tells whether cmd declares the flag name (a persistent one is
// declared once, on the command that owns it).
func has(cmd *cobra.Command, name string) bool {
	return cmd.LocalNonPersistentFlags().Lookup(name) != nil || cmd.PersistentFlags().Lookup(name) != nil
}

// fixed completes from values, those that start with what was typed.
func fixed(values []string, d cobra.ShellCompDirective) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, typed string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, v := range values {
			if strings.HasPrefix(v, typed) {
				out = append(out, v)
			}
		}
		return out, d
	}
}
