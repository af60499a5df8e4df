package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/pyko-dev/pyko/internal/progress"
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
	var bars string
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
	root.PersistentFlags().StringVar(&bars, "progress", "auto", "progress bars of downloads, layers and uploads: auto (when stderr is a terminal, not in CI, without -v or -q), tty (always) or plain (log lines only)")
	root.SetFlagErrorFunc(flagError)
	root.SuggestionsMinimumDistance = 2
	start := time.Now()
	// logger writes through the bars when there are any, so that its
	// lines print above them.
	logger := func(bars *progress.Display) *slog.Logger {
		level, times := slog.LevelInfo, dropTime
		switch {
		case verbose:
			level, times = slog.LevelDebug, elapsed(start)
		case quiet:
			level = slog.LevelWarn
		}
		ho := &slog.HandlerOptions{Level: level, ReplaceAttr: times}
		if bars != nil {
			return slog.New(slog.NewTextHandler(bars, ho))
		}
		return slog.New(slog.NewTextHandler(io.Err, ho))
	}
	open := func() (session, error) {
		on, err := wantBars(bars, verbose || quiet, io)
		if err != nil || !on {
			return session{log: logger(nil)}, err
		}
		d := progress.New(io.Err)
		return session{log: logger(d), bars: d}, nil
	}
	plain := func() *slog.Logger { return logger(nil) }
	root.AddCommand(NewCmdBuild(io, open, nil), NewCmdInit(io, plain), NewCmdLock(io, open), NewCmdPlan(io, open), NewCmdAudit(io, plain), NewCmdVersion(io))
	addCompletions(root)
	return root
}

// session is what one command reports through: its logger, and the
// progress bars the logger then writes through, when they are wanted.
type session struct {
	log  *slog.Logger
	bars *progress.Display
}

// end stops the bars after the command's work, before its result or its
// error is printed: a failed command leaves no bar on the screen.
func (s session) end(err error) { s.bars.Stop(err == nil) }

// wantBars reads --progress: bars on a terminal outside CI (auto, unless
// -v's timed lines or -q's silence were asked for), always (tty), or
// never (plain).
func wantBars(mode string, logOnly bool, io IO) (bool, error) {
	switch mode {
	case "plain":
		return false, nil
	case "tty":
		return true, nil
	case "auto":
		return !logOnly && progress.Wanted(io.Err, io.Getenv), nil
	}
	return false, usage.Errorf("--progress %q: use auto, tty or plain", mode)
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
