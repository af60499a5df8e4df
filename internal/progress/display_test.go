package progress

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/pyko-dev/pyko/internal/fetch"
)

// syncBuffer is a bytes.Buffer the display may write while a test waits.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTest is a display drawing into a buffer, 120 columns wide, that
// redraws when render is called: render returns once a frame holding
// everything sent before it has been drawn.
func newTest(t *testing.T) (d *Display, out *syncBuffer, render func()) {
	t.Helper()
	out = &syncBuffer{}
	ch := make(chan any)
	d = New(out, WithWidth(120), WithRefresh(ch))
	t.Cleanup(func() { d.Stop(false) })
	// The display draws the frame of one delivery only after taking the
	// next one, and takes the third only once the first is drawn.
	render = func() {
		for range 3 {
			ch <- struct{}{}
		}
	}
	return d, out, render
}

func TestDisplay(t *testing.T) {
	const whl = "https://files.example/packages/numpy-2.0-py3-none-any.whl"
	tests := []struct {
		name   string
		drive  func(d *Display)
		ok     bool
		want   []string
		absent []string
	}{
		{"download in flight", func(d *Display) {
			d.Fetch(fetch.Event{Kind: fetch.EventStart, URL: whl, Key: "k", Total: 4 << 20})
			d.Fetch(fetch.Event{Kind: fetch.EventProgress, URL: whl, Key: "k", Bytes: 1 << 20, Total: 4 << 20})
		}, false, []string{"numpy-2.0-py3-none-any.whl", "1.0 MiB / 4.0 MiB", "/s", "ETA", "\x1b["}, nil},
		{"totals", func(d *Display) {
			d.Fetch(fetch.Event{Kind: fetch.EventCached, URL: "https://x/a.apk", Key: "a"})
			d.Fetch(fetch.Event{Kind: fetch.EventStart, URL: whl, Key: "k", Total: 2048})
			d.Fetch(fetch.Event{Kind: fetch.EventProgress, URL: whl, Key: "k", Bytes: 2048, Total: 2048})
			d.Fetch(fetch.Event{Kind: fetch.EventDone, URL: whl, Key: "k", Bytes: 2048, Total: 2048})
		}, true, []string{"1 downloaded (2.0 KiB", "1 from the cache"}, nil},
		{"layer", func(d *Display) {
			l := d.Layer("os python-3.12", 3<<20)
			l.Add(1 << 20)
		}, false, []string{"layer os python-3.12", "1.0 MiB / 3.0 MiB", "/s"}, nil},
		{"layers written", func(d *Display) {
			l := d.Layer("app", 10)
			l.Add(10)
			l.End(nil)
			d.Layer("python", 10).End(errors.New("disk full"))
		}, true, []string{"1 layers written"}, nil},
		{"upload", func(d *Display) {
			d.Upload("registry.example/app").Set(512, 4096)
		}, false, []string{"push registry.example/app", "512 B / 4.0 KiB", "/s"}, nil},
		{"log line", func(d *Display) {
			d.Fetch(fetch.Event{Kind: fetch.EventStart, URL: whl, Key: "k", Total: 100})
			d.Write([]byte("level=INFO msg=\"hello above\"\n"))
		}, false, []string{"level=INFO msg=\"hello above\"\n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, out, render := newTest(t)
			tt.drive(d)
			render()
			d.Stop(tt.ok)
			got := out.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%q", w, got)
				}
			}
		})
	}
}

// TestLogAboveBars: a log line written while a bar is drawn comes out
// before the bar's next frame, never inside one.
func TestLogAboveBars(t *testing.T) {
	d, out, render := newTest(t)
	l := d.Layer("app", 100)
	l.Add(10)
	render()
	d.Write([]byte("a log line\n"))
	render()
	d.Stop(true)
	got := out.String()
	i := strings.Index(got, "a log line\n")
	if i < 0 {
		t.Fatalf("no log line in %q", got)
	}
	// Before it: the cursor goes up over the last frame and clears it.
	if !strings.HasSuffix(got[:i], "\x1b[J") {
		t.Errorf("the log line does not replace the bars: %q", got[:i])
	}
	if !strings.Contains(got[i:], "layer app") {
		t.Errorf("the bar is not drawn again below the log line: %q", got[i:])
	}
}

// TestStopped: after Stop, log lines go straight to the output and new
// bars are nil, which do nothing.
func TestStopped(t *testing.T) {
	d, out, _ := newTest(t)
	d.Stop(false)
	d.Write([]byte("after\n"))
	if d.Layer("x", 1) != nil || d.Upload("y") != nil {
		t.Error("a stopped display hands out bars")
	}
	d.Layer("x", 1).Add(3)
	d.Fetch(fetch.Event{Kind: fetch.EventStart, URL: "https://x/y", Total: 1})
	if got := out.String(); !strings.HasSuffix(got, "after\n") {
		t.Errorf("output %q", got)
	}
	var none *Display
	none.Stop(true)
	none.Fetch(fetch.Event{})
	none.Layer("x", 1).End(nil)
}

// TestStopLeaves: a failed command's Stop takes every bar off the screen
// (the last thing written clears them); a successful one leaves the
// totals line, its last line, whole.
func TestStopLeaves(t *testing.T) {
	for _, ok := range []bool{false, true} {
		d, out, render := newTest(t)
		d.Layer("app", 100).Add(10)
		render()
		d.Stop(ok)
		got := out.String()
		switch {
		case !ok && !strings.HasSuffix(got, "\x1b[J"):
			t.Errorf("a failed Stop leaves bars: %q", got)
		case ok && !strings.HasSuffix(strings.TrimRight(got, " \n"), "0 from the cache"):
			t.Errorf("a successful Stop does not end with the totals: %q", got)
		}
	}
}
