// Command wolfimirror prints the directory of the cached offline Wolfi-named
// mirror (internal/testutil/wolfimirror), building it on first use, and the
// public key it is signed with. Serve the directory over HTTP and pass
// `--repository URL --keyring URL/pyko-test.rsa.pub` to pyko.
//
//	go run ./scripts/wolfimirror [-arch amd64|arm64] [-cache DIR]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
	"github.com/pyko-dev/pyko/internal/testutil/debroot"
	"github.com/pyko-dev/pyko/internal/testutil/wolfimirror"
)

func main() {
	arch := flag.String("arch", "amd64", "architecture: amd64 or arm64")
	cache := flag.String("cache", "", "cache directory (default $PYKO_TEST_CACHE, else ~/.cache/pyko-test)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *cache, *arch); err != nil {
		fmt.Fprintln(os.Stderr, "wolfimirror:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cache, arch string) error {
	if cache == "" {
		d, err := debroot.DefaultCacheDir()
		if err != nil {
			return err
		}
		cache = d
	}
	// The same stable key the tests use.
	key, err := apkrepo.LoadOrCreateKey(filepath.Join(cache, "keys"), "pyko-test.rsa.pub")
	if err != nil {
		return err
	}
	start := time.Now()
	dir, err := wolfimirror.Build(ctx, cache, arch, key)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "mirror for %s ready in %v\n", arch, time.Since(start).Round(time.Millisecond))
	fmt.Println(dir)
	fmt.Println(filepath.Join(dir, key.Name))
	return nil
}
