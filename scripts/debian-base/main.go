// Command debian-base makes a Python base image without the internet, from
// Debian's python3.11 packages, and prints the OCI layout's directory. The
// demo and the benchmarks use it; use it as --base oci:DIR:base.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pyko-dev/pyko/internal/testutil/ocibase"
)

func main() {
	dir, err := ocibase.Debian(context.Background(), "", "amd64")
	if err != nil {
		fmt.Fprintln(os.Stderr, "debian-base:", err)
		os.Exit(1)
	}
	fmt.Println(dir)
}
