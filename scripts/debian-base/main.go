// Command debian-base makes a Python base image without the internet, from
// Debian's python3.11 packages, and prints the OCI layout's directory. The
// demo and the benchmarks use it; use it as --base oci:DIR:base. With
// -pip the image also has what `python3.11 -m venv` needs to install pip
// (the builder stage of the seed's Dockerfile, in scripts/bench-seed.sh).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/ocibase"
)

func main() {
	pip := flag.Bool("pip", false, "add python3.11-venv and the pip and setuptools wheels")
	flag.Parse()
	var pkgs []string
	if *pip {
		pkgs = append(append(pkgs, debroot.PythonPackages...),
			"python3.11", "python3.11-venv", "python3-pip-whl", "python3-setuptools-whl", "python3-distutils", "python3-lib2to3")
	}
	dir, err := ocibase.Debian(context.Background(), "", "amd64", pkgs...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "debian-base:", err)
		os.Exit(1)
	}
	fmt.Println(dir)
}
