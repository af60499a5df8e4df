package debroot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Cached makes sure the cache entry final (a directory in base) exists,
// building it when done says it is missing. The build holds a file lock
// on base/<name>.lock, so processes building the same name wait for each
// other; it runs in a fresh temporary directory of base, and the directory
// build returns (tmp itself or one inside it) is renamed to final only when
// build succeeds. A killed run never leaves a half entry, and its
// temporary directories are removed by the next build of name.
func Cached(ctx context.Context, base, name, final string, done func() bool, build func(tmp string) (string, error)) error {
	if done() {
		return nil
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return fmt.Errorf("creating cache %s: %w", base, err)
	}
	unlock, err := Lock(ctx, filepath.Join(base, name+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if done() { // built by another process while we waited
		return nil
	}
	if err := removeStale(base, name); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(base, tmpPrefix(name))
	if err != nil {
		return fmt.Errorf("creating build dir in %s: %w", base, err)
	}
	defer os.RemoveAll(tmp)
	out, err := build(tmp)
	if err != nil {
		return err
	}
	if err := os.Chmod(out, 0o755); err != nil {
		return fmt.Errorf("publishing %s: %w", final, err)
	}
	if err := os.RemoveAll(final); err != nil { // an incomplete entry of an older layout
		return fmt.Errorf("replacing %s: %w", final, err)
	}
	if err := os.Rename(out, final); err != nil {
		return fmt.Errorf("publishing %s: %w", final, err)
	}
	return nil
}

// tmpPrefix names the build dirs of name.
func tmpPrefix(name string) string { return ".tmp-" + name + "-" }

// removeStale deletes the build dirs of name left by killed runs. It is
// called with name's lock held, so no other build is using them; build
// dirs of other names are kept, as they may be in use.
func removeStale(base, name string) error {
	ents, err := os.ReadDir(base)
	if err != nil {
		return fmt.Errorf("reading cache %s: %w", base, err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix(name)) {
			if err := os.RemoveAll(filepath.Join(base, e.Name())); err != nil {
				return fmt.Errorf("removing stale build dir: %w", err)
			}
		}
	}
	return nil
}
