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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, os.Args[1:], cli.IO{Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
