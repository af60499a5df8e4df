package cli

import (
	"bytes"
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/pyko-dev/pyko/internal/testutil/tools"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// bigAPK is the package whose download the terminal test watches.
const bigAPK = "python-3.12-3.12.4-r0.apk"

// world is a signed APK repository served on loopback and a project to
// build from it; gate, when set, holds back the second half of bigAPK
// until it is closed, so that a bar is certainly drawn mid-download.
func world(t *testing.T, gate <-chan struct{}) (args []string) {
	t.Helper()
	repo := t.TempDir()
	key, err := apkrepo.NewKey("tiny.rsa.pub")
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(t.TempDir(), key.Name)
	if err := os.WriteFile(keyPath, key.PublicPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	noise := make([]byte, 256<<10)
	for i := range noise {
		noise[i] = byte(rand.N(256))
	}
	pkg := func(name, version string, deps []string, files ...apkrepo.File) apkrepo.Package {
		var ds []apk.Dependency
		for _, d := range deps {
			dep, _ := apk.ParseDependency(d)
			ds = append(ds, dep)
		}
		return apkrepo.Package{Info: apk.Package{Name: name, Version: version, Arch: "x86_64", BuildTime: 1700000000, License: "MIT", Depends: ds}, Files: files}
	}
	file := func(p, content string) apkrepo.File {
		return apkrepo.File{Path: p, Mode: 0o644, Content: []byte(content)}
	}
	pkgs := []apkrepo.Package{
		pkg("wolfi-baselayout", "20230201-r0", nil, file("etc/os-release", "ID=wolfi\n"),
			file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"), file("etc/group", "root:x:0:\n")),
		pkg("ca-certificates-bundle", "20250101-r0", nil, file("etc/ssl/certs/ca-certificates.crt", "pem\n")),
		pkg("python-3.12", "3.12.4-r0", []string{"wolfi-baselayout", "glibc"}, file("usr/bin/python3.12", "py312\n"),
			apkrepo.File{Path: "usr/lib/python3.12/noise.bin", Mode: 0o644, Content: noise}),
		pkg("glibc", "2.36-r0", nil, file("usr/lib/libc.so.6", "not really\n")),
	}
	if err := apkrepo.WriteRepo(repo, "x86_64", pkgs, key); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gated(repo, gate))
	t.Cleanup(srv.Close)
	proj := t.TempDir()
	os.WriteFile(filepath.Join(proj, "main.py"), []byte("print('hi')\n"), 0o644)
	os.WriteFile(filepath.Join(proj, "pyproject.toml"), []byte("[project]\nname = \"demo\"\nversion = \"1\"\nrequires-python = \">=3.12\"\n"), 0o644)
	t.Setenv("PYKO_CACHE", t.TempDir())
	return []string{"build", proj, "--repository", srv.URL, "--keyring", keyPath, "--no-compile",
		"-o", "oci:" + filepath.Join(t.TempDir(), "out") + ":app"}
}

// gated serves dir, sending bigAPK in two halves with a wait for gate
// between them.
func gated(dir string, gate <-chan struct{}) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if gate == nil || path.Base(r.URL.Path) != bigAPK {
			files.ServeHTTP(w, r)
			return
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b[:len(b)/2])
		w.(http.Flusher).Flush()
		select {
		case <-gate:
		case <-r.Context().Done():
			return
		}
		w.Write(b[len(b)/2:])
	})
}

// terminal is a pseudo-terminal 100 columns wide: tty for the command,
// and what it shows, read until the command's end.
type terminal struct {
	tty  *os.File
	mu   sync.Mutex
	seen bytes.Buffer
	// when is closed once the screen has shown every string of want.
	want []string
	when chan struct{}
	done chan struct{}
}

func newTerminal(t *testing.T, want ...string) *terminal {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		tools.Unavailable(t, "no pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	term := &terminal{tty: tty, want: want, when: make(chan struct{}), done: make(chan struct{})}
	go term.read(ptmx)
	t.Cleanup(func() { ptmx.Close() })
	return term
}

func (term *terminal) read(ptmx *os.File) {
	defer close(term.done)
	buf := make([]byte, 4096)
	closed := false
	for {
		n, err := ptmx.Read(buf)
		term.mu.Lock()
		term.seen.Write(buf[:n])
		all := !closed
		for _, w := range term.want {
			all = all && strings.Contains(term.seen.String(), w)
		}
		term.mu.Unlock()
		if all {
			close(term.when)
			closed = true
		}
		if err != nil { // EIO once the tty is closed and drained
			return
		}
	}
}

// output closes the command's side and returns all it showed.
func (term *terminal) output() string {
	term.tty.Close()
	<-term.done
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.seen.String()
}

// TestProgressOutput: on a terminal, a build draws bars (a rate, escape
// sequences that redraw them) and ends with the digest below them; in
// CI, with --progress=plain, or into a file, its output is the plain log
// lines, without a carriage return or an escape sequence of its own.
func TestProgressOutput(t *testing.T) {
	tests := []struct {
		name  string
		tty   bool
		env   map[string]string
		extra []string
		bars  bool
	}{
		{"terminal", true, nil, nil, true},
		{"terminal in CI", true, map[string]string{"CI": "true"}, nil, false},
		{"terminal, --progress=plain", true, nil, []string{"--progress=plain"}, false},
		{"terminal, -v", true, nil, []string{"-v"}, false},
		{"not a terminal", false, nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var gate chan struct{}
			var term *terminal
			if tt.bars {
				// The download goes on once its bar, with a rate, is on
				// the screen.
				term = newTerminal(t, bigAPK, "/s")
				gate = make(chan struct{})
				go func() {
					select {
					case <-term.when:
					case <-ctx.Done():
					}
					close(gate)
				}()
			} else if tt.tty {
				term = newTerminal(t)
			}
			args := append(world(t, gate), tt.extra...)
			var buf bytes.Buffer
			sink := IO{Out: &buf, Err: &buf, Getenv: func(k string) string { return tt.env[k] }}
			if term != nil {
				sink.Out, sink.Err = term.tty, term.tty
			}
			code := Execute(ctx, args, sink)
			out := buf.String()
			if term != nil {
				out = term.output()
			}
			if os.Getenv("PYKO_SHOW_TERMINAL") != "" {
				t.Logf("%q", out)
			}
			if code != ExitOK {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			lines := strings.Split(strings.TrimRight(out, "\r\n"), "\n")
			last := strings.TrimSpace(lines[len(lines)-1])
			if !strings.HasPrefix(last, "sha256:") || strings.Contains(last, "\x1b") {
				t.Errorf("the last line is not the digest alone: %q", last)
			}
			hasBars := strings.Contains(out, "\x1b[") && strings.Contains(out, "downloaded (")
			if hasBars != tt.bars {
				t.Errorf("bars %v, want %v:\n%q", hasBars, tt.bars, out)
			}
			if !tt.bars && strings.Contains(out, "\x1b") {
				t.Errorf("an escape sequence in plain output:\n%q", out)
			}
			if !tt.tty && strings.Contains(out, "\r") {
				t.Errorf("a carriage return in output to a file:\n%q", out)
			}
			if !strings.Contains(out, "level=INFO msg=downloaded") {
				t.Errorf("no log line:\n%q", out)
			}
		})
	}
}
