package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/usage"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
	// ExitInterrupted is 128 + SIGINT, as a shell reports a process that
	// Ctrl-C stopped.
	ExitInterrupted = 130
)

// IO is where commands read and write.
type IO struct {
	Out, Err io.Writer
	// Getenv reads the environment; tests pass their own.
	Getenv func(string) string
}

// Execute runs pyko with args and returns the process exit code.
func Execute(ctx context.Context, args []string, io IO) int {
	root := NewCmdRoot(io)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil {
		// Interrupted (Ctrl-C, SIGTERM): the work was undone, temporary
		// files removed; say so in one line, with the shell's code.
		fmt.Fprintln(io.Err, "pyko: interrupted")
		return ExitInterrupted
	}
	fmt.Fprintf(io.Err, "pyko: error: %v\n", err)
	if isUsage(err) {
		return ExitUsage
	}
	return ExitFailure
}

// NewCmdRoot returns the pyko command with its subcommands.
func NewCmdRoot(io IO) *cobra.Command {
	var verbose, quiet bool
	root := &cobra.Command{
		Use:   "pyko",
		Short: "Build secure, minimal, reproducible container images for Python applications",
		Long: `pyko turns a Python project into a container image without a Docker daemon or a
Dockerfile: non-root, no shell, reproducible, pushed straight to a registry.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Runnable, so that an unknown subcommand is a usage error.
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.PersistentFlags().BoolVarP(&verbose, "verbose", "v", false, "log debug details to stderr, each line with the seconds since the start (t=)")
	root.PersistentFlags().BoolVarP(&quiet, "quiet", "q", false, "log only warnings and errors")
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2
	start := time.Now()
	logger := func() *slog.Logger {
		level, times := slog.LevelInfo, dropTime
		switch {
		case verbose:
			level, times = slog.LevelDebug, elapsed(start)
		case quiet:
			level = slog.LevelWarn
		}
		return slog.New(slog.NewTextHandler(io.Err, &slog.HandlerOptions{Level: level, ReplaceAttr: times}))
	}
	root.AddCommand(NewCmdBuild(io, logger, nil), NewCmdInit(io, logger), NewCmdLock(io, logger), NewCmdPlan(io, logger), NewCmdAudit(io, logger), NewCmdVersion(io))
	return root
}

// isUsage tells usage errors (exit 2) from build failures (exit 1).
func isUsage(err error) bool {
	var u *usageArgsError
	return usage.Is(err) || errors.As(err, &u)
}

// usageArgsError wraps a positional-argument error from cobra.
type usageArgsError struct{ error }

func (e *usageArgsError) Unwrap() error { return e.error }

func usageArgs(fn cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := fn(cmd, args); err != nil {
			return &usageArgsError{err}
		}
		return nil
	}
}

// dropTime removes the timestamp from log lines: a person reads them, and
// CI logs carry their own times.
// elapsed replaces the time of a record with the seconds since start:
// what -v is for is seeing where a build spends its time.
func elapsed(start time.Time) func([]string, slog.Attr) slog.Attr {
	return func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.String("t", fmt.Sprintf("%.3fs", a.Value.Time().Sub(start).Seconds()))
		}
		return a
	}
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
