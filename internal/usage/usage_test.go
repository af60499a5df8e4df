package usage

import (
	"errors"
	"fmt"
	"testing"
)

func TestIs(t *testing.T) {
	base := errors.New("bad")
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{base, false},
		{Wrap(base), true},
		{fmt.Errorf("reading x: %w", Wrap(base)), true},
		{Errorf("--flag %q", "v"), true},
	} {
		if got := Is(tt.err); got != tt.want {
			t.Errorf("Is(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if Wrap(nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
	if !errors.Is(Wrap(base), base) {
		t.Error("Wrap hides the error it wraps")
	}
}
