package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/build"
)

// NewCmdLock returns `pyko lock`.
func NewCmdLock(io IO, open func() (session, error)) *cobra.Command {
	var o build.Options
	var upgrade bool
	cmd := &cobra.Command{
		Use:   "lock [DIR]",
		Short: "Resolve the image's OS packages (pyko.lock) and unpinned Python dependencies (pylock.toml)",
		Long: `pyko lock resolves the OS packages of the image (Python, its libraries, the CA bundle, the
base layout and every --package) for every --platform and writes their exact versions and
checksums to pyko.lock. Then, when nothing pins the Python dependencies ([project] dependencies
without a lockfile, or a requirements file with lines that pin nothing), it resolves them from the
index for every platform and writes pylock.toml (PEP 751), which pyko build reads first. pyko
build then installs exactly those, so a build gives the same image months later. Without
--upgrade, versions already in pyko.lock are kept where they still fit; with --upgrade, every OS
package moves to the newest.`,
		Example: `  pyko lock . --platform linux/amd64,linux/arm64
  pyko lock . --upgrade`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = "."
			if len(args) == 1 {
				o.Dir = args[0]
			}
			o.FlagSet = func(name string) bool { return cmd.Flags().Changed(name) }
			var err error
			if o.HTTPTimeout, err = httpTimeout(io.Getenv("PYKO_HTTP_TIMEOUT")); err != nil {
				return err
			}
			s, err := open()
			if err != nil {
				return err
			}
			o.Display = s.bars
			path, err := build.Lock(cmd.Context(), s.log, o, upgrade)
			s.end(err)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), path)
			return err
		},
	}
	f := cmd.Flags()
	f.BoolVar(&upgrade, "upgrade", false, "move every package to the newest version the repositories and the index have")
	f.StringArrayVar(&o.UpgradePackages, "upgrade-package", nil, "move this Python package to its newest version, keeping the other pins of pylock.toml (repeatable)")
	f.StringSliceVar(&o.Platforms, "platform", nil, "lock these platforms, e.g. linux/amd64,linux/arm64 (default linux/amd64)")
	addOSFlags(f, &o)
	addPythonFlags(f, &o)
	return cmd
}
