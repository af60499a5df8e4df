package progress

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/creack/pty"

	"github.com/pyko-dev/pyko/internal/testutil/tools"
)

func TestWanted(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		tools.Unavailable(t, "no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	// A pty starts with no size; a terminal's has one.
	unsizedM, unsized, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer unsizedM.Close()
	defer unsized.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for _, tt := range []struct {
		name string
		out  io.Writer
		env  map[string]string
		want bool
	}{
		{"terminal", tty, nil, true},
		{"terminal, CI=false", tty, map[string]string{"CI": "false"}, true},
		{"terminal in CI", tty, map[string]string{"CI": "true"}, false},
		{"terminal, CI=1", tty, map[string]string{"CI": "1"}, false},
		{"dumb terminal", tty, map[string]string{"TERM": "dumb"}, false},
		{"a terminal of no columns", unsized, nil, false},
		{"pipe", w, nil, false},
		{"buffer", &bytes.Buffer{}, nil, false},
	} {
		got := Wanted(tt.out, func(k string) string { return tt.env[k] })
		if got != tt.want {
			t.Errorf("%s: Wanted = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{size(0), "0 B"},
		{size(1023), "1023 B"},
		{size(1536), "1.5 KiB"},
		{size(5 << 30), "5.0 GiB"},
		{label("short", 8), "short   "},
		{label("much-too-long", 8), "much-to…"},
		{fileName("https://pypi.org/simple/numpy/"), "numpy"},
		{fileName("https://x/a/b.whl?x=1"), "b.whl"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
