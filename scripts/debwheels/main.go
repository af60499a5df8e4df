// Command debwheels makes real wheels (Flask, requests, gunicorn and their
// dependencies) from Debian 12's python3-* packages, without PyPI, and
// prints the directory holding them. With -requirements it prints a
// hash-pinned requirements.txt for Flask instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/pyko-dev/pyko/internal/testutil/debwheels"
)

func main() {
	arch := flag.String("arch", "amd64", "Debian architecture: amd64 or arm64")
	reqs := flag.Bool("requirements", false, "print a hash-pinned requirements.txt for Flask instead of the directory")
	flag.Parse()
	dir, err := debwheels.Build(context.Background(), "", *arch)
	if err == nil && *reqs {
		var txt string
		if txt, err = debwheels.Requirements(dir); err == nil {
			fmt.Print(txt)
			return
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "debwheels:", err)
		os.Exit(1)
	}
	fmt.Println(dir)
}
