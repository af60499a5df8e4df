package limit

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReader(t *testing.T) {
	for _, tt := range []struct {
		in      string
		max     int64
		wantErr bool
	}{{"abc", 3, false}, {"abc", 5, false}, {"abcd", 3, true}, {"", 0, false}} {
		got, err := io.ReadAll(Reader(strings.NewReader(tt.in), tt.max, "test stream"))
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "test stream is larger than 3 bytes") {
				t.Errorf("%q cap %d: err = %v", tt.in, tt.max, err)
			}
			continue
		}
		if err != nil || string(got) != tt.in {
			t.Errorf("%q cap %d: %q, %v", tt.in, tt.max, got, err)
		}
	}
}

func TestContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := Context(ctx, strings.NewReader("abc"))
	cancel()
	if _, err := r.Read(make([]byte, 1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestReaderErr(t *testing.T) {
	bomb := errors.New("a bomb")
	got, err := io.ReadAll(ReaderErr(strings.NewReader("abcd"), 3, bomb))
	if !errors.Is(err, bomb) || string(got) != "abc" {
		t.Fatalf("%q, %v: want the first 3 bytes, then the caller's error", got, err)
	}
}
