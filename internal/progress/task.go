package progress

import (
	"strings"
	"sync/atomic"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// labelWidth is the columns of a bar's name.
const labelWidth = 28

// Task is one bar: a download, a layer being written, an upload. A nil
// *Task does nothing, so that a stopped Display can hand one out.
type Task struct {
	d     *Display
	bar   *mpb.Bar
	start time.Time
	// base is the bytes a resumed download had before it started again:
	// the rate counts only what arrives now. last is the bytes the bar
	// shows, which the totals count the downloads' bytes by.
	base, last atomic.Int64
	// layer counts towards the layers written when it ends well.
	layer bool
}

// Layer starts a bar for a layer being written from total bytes of file
// content.
func (d *Display) Layer(name string, total int64) *Task {
	t := d.add("layer "+name, total)
	if t != nil {
		t.layer = true
	}
	return t
}

// Upload starts a bar for an upload to a registry repository; its total
// grows as the uploader learns the sizes of the blobs.
func (d *Display) Upload(to string) *Task {
	return d.add("push "+to, 0)
}

// add makes a bar named name of total bytes (0: not known), nil once Stop
// has begun.
func (d *Display) add(name string, total int64) *Task {
	if d == nil {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return nil
	}
	t := &Task{d: d, start: time.Now()}
	bar, err := d.p.Add(total, mpb.BarStyle().Build(),
		mpb.PrependDecorators(decor.Name(label(name, labelWidth)+" ")),
		mpb.AppendDecorators(decor.Any(t.stats, decor.WCSyncWidthR)),
		mpb.BarRemoveOnComplete())
	if err != nil {
		return nil
	}
	t.bar = bar
	d.tasks[t] = true
	return t
}

// stats is what follows the bar: " 1.2 MiB / 4.0 MiB  2.3 MiB/s  ETA 2s".
func (t *Task) stats(s decor.Statistics) string {
	var b strings.Builder
	b.WriteString(" " + size(s.Current))
	if s.Total > 0 && s.Total >= s.Current {
		b.WriteString(" / " + size(s.Total))
	}
	took := time.Since(t.start)
	r := rate(s.Current-t.base.Load(), took)
	if r != "" {
		b.WriteString("  " + r)
	}
	left := s.Total - s.Current
	if done := s.Current - t.base.Load(); r != "" && s.Total > 0 && left > 0 && done > 0 {
		eta := time.Duration(float64(left) / float64(done) * float64(took))
		b.WriteString("  ETA " + eta.Round(time.Second).String())
	} else {
		b.WriteString("  " + took.Round(time.Second).String())
	}
	return b.String()
}

// Add counts n more bytes.
func (t *Task) Add(n int64) {
	if t == nil {
		return
	}
	t.bar.IncrInt64(n)
}

// Set shows complete bytes of total (0: not known).
func (t *Task) Set(complete, total int64) {
	if t == nil {
		return
	}
	if total > 0 {
		t.bar.SetTotal(total, false)
	}
	t.bar.SetCurrent(complete)
}

// End takes the bar off: the work is done, or failed with err.
func (t *Task) End(err error) {
	if t == nil {
		return
	}
	t.d.mu.Lock()
	delete(t.d.tasks, t)
	t.d.mu.Unlock()
	if err != nil {
		t.bar.Abort(true)
		return
	}
	if t.layer {
		t.d.tally.layers.Add(1)
	}
	t.bar.SetTotal(-1, true)
}
