package debwheels

import (
	"testing"

	"github.com/pyko-dev/pyko/internal/python/pep440"
)

func TestUpstreamVersion(t *testing.T) {
	tests := []struct {
		debian, want string
		bad          bool
	}{
		{debian: "2.2.2-3", want: "2.2.2"},
		{debian: "2.28.1+dfsg-1", want: "2.28.1"},
		{debian: "3.3-1+deb12u1", want: "3.3"},
		{debian: "2.1.2-1+b1", want: "2.1.2"},
		{debian: "0.6.0+dfsg1-1", want: "0.6.0"},
		{debian: "66.1.1-1+deb12u2", want: "66.1.1"},
		{debian: "1:2.0-1", want: "2.0"},
		{debian: "1.0~rc1-2", want: "1.0rc1"},
		{debian: "2022.9.24-1", want: "2022.9.24"},
		{debian: "1.5", want: "1.5"}, // native package: no revision
		{debian: "2.0.post1+ds-1", want: "2.0.post1"},
		{debian: "abc-1", bad: true},
		{debian: "", bad: true},
	}
	for _, tt := range tests {
		got, err := upstreamVersion(tt.debian)
		if tt.bad {
			if err == nil {
				t.Errorf("upstreamVersion(%q) = %q, want an error", tt.debian, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("upstreamVersion(%q) = %q, %v; want %q", tt.debian, got, err, tt.want)
		}
	}
}

func FuzzUpstreamVersion(f *testing.F) {
	for _, s := range []string{"2.2.2-3", "1:2.0~rc1+dfsg-1+deb12u1", "-", "+", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := upstreamVersion(s)
		if err != nil {
			return
		}
		if _, err := pep440.Parse(v); err != nil {
			t.Fatalf("upstreamVersion(%q) = %q, which is not a PEP 440 version: %v", s, v, err)
		}
	})
}
