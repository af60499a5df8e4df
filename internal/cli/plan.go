package cli

import (
	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/build"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/usage"
)

// NewCmdPlan returns `pyko plan`.
func NewCmdPlan(io IO, open func() (session, error)) *cobra.Command {
	var o build.Options
	var format string
	cmd := &cobra.Command{
		Use:   "plan [DIR]",
		Short: "Show exactly what the image will contain, without building it",
		Long: `pyko plan prints, for each platform, the OS packages or the base image, the Python
interpreter and glibc, every Python package with the exact wheel chosen (URL, sha256, size, the
tag that matched), the project itself, the planned layers and the image config. It reads only
metadata: no package or wheel is downloaded. pyko build runs the very same planning.`,
		Example: `  pyko plan .
  pyko plan . --format json > plan.json`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usage.Errorf("--format %q: use text or json", format)
			}
			o.Dir = "."
			if len(args) == 1 {
				o.Dir = args[0]
			}
			o.FlagSet = func(name string) bool { return cmd.Flags().Changed(name) }
			o.Tool = "pyko " + Version()
			o.DockerHost = io.Getenv("DOCKER_HOST")
			var err error
			if o.HTTPTimeout, err = httpTimeout(io.Getenv("PYKO_HTTP_TIMEOUT")); err != nil {
				return err
			}
			s, err := open()
			if err != nil {
				return err
			}
			o.Display = s.bars
			p, err := build.Plan(cmd.Context(), s.log, o)
			s.end(err)
			if err != nil {
				return err
			}
			if format == "json" {
				b, err := plan.Marshal(p)
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(b)
				return err
			}
			return plan.WriteText(cmd.OutOrStdout(), p)
		},
	}
	addBuildFlags(cmd, &o)
	cmd.Flags().StringVar(&format, "format", "text", "text (a table to read) or json (stable, for review and diffs)")
	return cmd
}
