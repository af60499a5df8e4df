package filelock

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestAcquireExcludes(t *testing.T) {
	for _, tc := range []struct {
		name string
		path func(dir string) string
	}{
		{"directory", func(dir string) string { return dir }},
		{"file", func(dir string) string { return filepath.Join(dir, "lock") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path(t.TempDir())
			var mu sync.Mutex
			inside, most := 0, 0
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					l, err := Acquire(context.Background(), path)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					inside++
					most = max(most, inside)
					mu.Unlock()
					time.Sleep(5 * time.Millisecond)
					mu.Lock()
					inside--
					mu.Unlock()
					if err := l.Unlock(); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			if most != 1 {
				t.Errorf("%d holders at once, want 1", most)
			}
		})
	}
}

func TestAcquireStopsWithContext(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := Acquire(ctx, dir); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Acquire on a held lock = %v, want a deadline error", err)
	}
}
