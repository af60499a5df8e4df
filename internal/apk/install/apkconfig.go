package install

import (
	"fmt"
	"slices"
	"strings"
)

// apkConfig writes etc/apk/world when asked, and etc/apk/repositories and
// keys only when apk-tools is installed.
func (t *Tree) apkConfig(f Finish) error {
	if f.World != nil {
		world := slices.Clone(f.World)
		slices.Sort(world)
		world = slices.Compact(world)
		if err := t.writeFile("etc/apk/world", []byte(lines(world)), 0o644); err != nil {
			return err
		}
	}
	if _, ok := t.byName["apk-tools"]; !ok {
		return nil
	}
	if f.Repositories != nil {
		if err := t.writeFile("etc/apk/repositories", []byte(lines(f.Repositories)), 0o644); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(f.Keys))
	for name := range f.Keys {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if name == "" || strings.ContainsAny(name, "/\x00") || strings.HasPrefix(name, ".") {
			return fmt.Errorf("key file name %q: must be a plain file name", name)
		}
		if err := t.writeFile("etc/apk/keys/"+name, f.Keys[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func lines(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return strings.Join(ss, "\n") + "\n"
}
