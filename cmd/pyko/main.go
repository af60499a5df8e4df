// Command pyko builds container images for Python applications.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/pyko-dev/pyko/internal/cli"
	"github.com/pyko-dev/pyko/internal/sandbox"
)

func main() {
	// In a copy of pyko re-executed as a build sandbox's init, this
	// becomes the init and never returns.
	sandbox.Main()
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	got := make(chan os.Signal, 1)
	go func() {
		s := <-sigs
		got <- s
		cancel()
	}()
	code := cli.Execute(ctx, os.Args[1:], cli.IO{Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv})
	signal.Stop(sigs)
	cancel()
	if code == cli.ExitInterrupted {
		select {
		case s := <-got:
			// 128 + the signal, as a shell reports it: 130 for Ctrl-C,
			// 143 for SIGTERM.
			if n, ok := s.(syscall.Signal); ok {
				code = 128 + int(n)
			}
		default:
		}
	}
	os.Exit(code)
}
