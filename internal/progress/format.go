package progress

import (
	"fmt"
	"time"
)

// size is n bytes as a person reads them: "512 B", "1.2 MiB".
func size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 4 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGTP"[i])
}

// rate is n bytes in d as "1.2 MiB/s"; "" before any time has passed.
func rate(n int64, d time.Duration) string {
	if d <= 0 || n <= 0 {
		return ""
	}
	return size(int64(float64(n)/d.Seconds())) + "/s"
}

// label is s cut or padded to exactly w columns, so that bars line up.
func label(s string, w int) string {
	r := []rune(s)
	if len(r) > w {
		r = append(r[:w-1], '…')
	}
	return fmt.Sprintf("%-*s", w, string(r))
}
