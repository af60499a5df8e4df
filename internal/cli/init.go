package cli

import (
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/scaffold"
)

// NewCmdInit returns `pyko init`.
func NewCmdInit(io IO, logger func() *slog.Logger) *cobra.Command {
	var print bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Write a commented [tool.pyko] section into pyproject.toml from what the project uses",
		Long: `pyko init reads the project (its dependencies in pyproject.toml, requirements files and
lockfiles, and its code) and writes a [tool.pyko] section to pyproject.toml: the entrypoint that
serves the app (gunicorn for Flask and Django, uvicorn for FastAPI and Starlette, when they are in
the dependencies; else main.py or app.py), the port it listens on, and commented suggestions for
python, tags and platforms, each with the reason. The bytes already in pyproject.toml are kept;
without one, a pyproject.toml holding only the section is created. A project that already has a
[tool.pyko] section is left alone: --print writes the section to stdout instead, for any project.`,
		Example: `  pyko init
  pyko init --print services/api`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			log := logger()
			d, err := scaffold.Detect(cmd.Context(), log, dir)
			if err != nil {
				return err
			}
			if print {
				_, err = cmd.OutOrStdout().Write(d.Section())
				return err
			}
			path, err := scaffold.Append(cmd.Context(), d.Dir, d.Section())
			if err != nil {
				return err
			}
			log.Info("detected " + d.Summary())
			_, err = fmt.Fprintln(cmd.OutOrStdout(), path)
			return err
		},
	}
	cmd.Flags().BoolVar(&print, "print", false, "write the section to stdout and leave pyproject.toml alone")
	return cmd
}
