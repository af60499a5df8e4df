package progress

import (
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// Display is the live bars of one command. A nil *Display shows nothing,
// so callers need not check. Stop it before printing anything else to
// its output.
type Display struct {
	out io.Writer
	p   *mpb.Progress
	// mu orders log lines, new bars and Stop: no bar is added once Stop
	// has begun, and a log line goes straight to out after it.
	mu        sync.Mutex
	stopped   bool
	tasks     map[*Task]bool
	downloads map[string]*Task // by URL and cache key
	totals    *mpb.Bar
	tally     tally
}

// tally is what the totals line shows; it is read while rendering, so
// it takes no lock.
type tally struct {
	fetched, cached, layers atomic.Int64
	// bytes arrived over the network between the first download's
	// start and the last progress (nanoseconds since the Unix epoch).
	bytes, first, last atomic.Int64
}

type config struct {
	width   int
	refresh <-chan any
}

// Option configures New.
type Option func(*config)

// WithWidth draws the bars this many columns wide. Default: the
// terminal's width, or 80 when out is not a terminal.
func WithWidth(n int) Option { return func(c *config) { c.width = n } }

// WithRefresh redraws the bars only when ch delivers, for tests. Default:
// several times a second.
func WithRefresh(ch <-chan any) Option { return func(c *config) { c.refresh = ch } }

// New starts drawing bars on out, a terminal or not: the caller has
// decided (see Wanted).
func New(out io.Writer, opts ...Option) *Display {
	var c config
	for _, o := range opts {
		o(&c)
	}
	// ForceTTY: redraw with escape sequences even when out is no *os.File
	// terminal (--progress=tty, tests).
	mo := []mpb.ContainerOption{mpb.WithOutput(out), mpb.ForceTTY()}
	if c.width > 0 {
		mo = append(mo, mpb.WithWidth(c.width))
	}
	if c.refresh != nil {
		mo = append(mo, mpb.WithManualRefresh(c.refresh))
	} else {
		mo = append(mo, mpb.WithAutoRefresh())
	}
	d := &Display{out: out, p: mpb.New(mo...), tasks: map[*Task]bool{}, downloads: map[string]*Task{}}
	// The totals line stays at the bottom (the highest priority number)
	// and on screen after a successful Stop.
	d.totals = d.p.New(0, mpb.NopStyle(), mpb.BarPriority(math.MaxInt32),
		mpb.PrependDecorators(decor.Any(func(decor.Statistics) string { return d.tally.line() })))
	return d
}

// line is the totals line: "3 downloaded (12.0 MiB, 4.1 MiB/s), 5 from
// the cache, 2 layers written".
func (t *tally) line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d downloaded", t.fetched.Load())
	if n := t.bytes.Load(); n > 0 {
		fmt.Fprintf(&b, " (%s", size(n))
		if r := rate(n, time.Duration(t.last.Load()-t.first.Load())); r != "" {
			b.WriteString(", " + r)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, ", %d from the cache", t.cached.Load())
	if n := t.layers.Load(); n > 0 {
		fmt.Fprintf(&b, ", %d layers written", n)
	}
	return b.String()
}

// Write prints p above the bars while they are live, else to out: the
// log handler writes here.
func (d *Display) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.stopped {
		if n, err := d.p.Write(p); err == nil {
			return n, nil
		}
	}
	return d.out.Write(p)
}

// Stop ends the display and waits until it has drawn its last: with ok,
// the totals line stays; without (a failed or interrupted command),
// every bar is taken off the screen. Bars still running are dropped.
// Later calls do nothing.
func (d *Display) Stop(ok bool) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	d.stopped = true
	for t := range d.tasks {
		t.bar.Abort(true)
	}
	if ok {
		d.totals.SetTotal(-1, true)
	} else {
		d.totals.Abort(true)
	}
	d.p.Wait()
}
