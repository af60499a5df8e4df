package planner

import (
	"fmt"
	"strings"
)

// entrypoint is --entrypoint; else the project's one console script;
// else main.py or app.py run by interp.
func (b *planner) entrypoint(interp string) ([]string, error) {
	if b.o.Entrypoint == "" && b.self != nil && len(b.self.Scripts) == 1 {
		for name := range b.self.Scripts {
			return []string{VenvDir + "/bin/" + name}, nil
		}
	}
	needsInterp := !strings.HasPrefix(strings.TrimSpace(b.o.Entrypoint), "[")
	if needsInterp && interp == "" {
		return nil, fmt.Errorf("base image %s has no python3.N in /usr/bin or /usr/local/bin: use a Python base image or pass --entrypoint as a JSON array", b.o.Base)
	}
	return b.proj.Entrypoint(b.o.Entrypoint, b.files, interp, AppDir)
}

// runInterpreter is what the entrypoint runs: the venv's python when there
// is a venv (so its packages are found), else the image's.
func (b *planner) runInterpreter(interp string) string {
	if b.hasVenv() && interp != "" {
		return VenvDir + "/bin/python"
	}
	return interp
}
