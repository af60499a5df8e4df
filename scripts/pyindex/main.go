// Command pyindex serves a directory of wheels as a PEP 691/503 index with
// PEP 658 metadata on loopback, as the tests do, for benchmarks and trying
// pyko by hand: pyindex -addr 127.0.0.1:8765 DIR, then
// --index-url http://127.0.0.1:8765/simple/. -no-metadata leaves PEP 658
// out.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/pyko-dev/pyko/internal/testutil/pyindex"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	noMeta := flag.Bool("no-metadata", false, "serve no PEP 658 metadata (Debian 12's pip 23.0 cannot read PEP 714's dict form)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pyindex [-addr HOST:PORT] DIR")
		os.Exit(2)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pyindex:", err)
		os.Exit(1)
	}
	var opts []pyindex.Option
	if *noMeta {
		opts = append(opts, pyindex.NoMetadata())
	}
	s := pyindex.New(flag.Arg(0), opts...)
	s.URL = "http://" + l.Addr().String()
	fmt.Println(s.IndexURL())
	if err := http.Serve(l, s); err != nil {
		fmt.Fprintln(os.Stderr, "pyindex:", err)
		os.Exit(1)
	}
}
