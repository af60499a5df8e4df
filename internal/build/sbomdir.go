package build

import (
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/executor"
)

// writeSBOMs writes each platform's SBOMs into dir (--sbom-dir) as
// NAME-OS-ARCH.spdx.json and NAME-OS-ARCH.cdx.json, each file whole or
// not at all.
func writeSBOMs(log *slog.Logger, dir string, sboms map[string][]executor.SBOM) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--sbom-dir: %w", err)
	}
	for _, p := range slices.Sorted(maps.Keys(sboms)) {
		for _, s := range sboms[p] {
			base := path.Base(s.Path)
			stem, ext, _ := strings.Cut(base, ".")
			name := filepath.Join(dir, stem+"-"+strings.ReplaceAll(p, "/", "-")+"."+ext)
			if err := atomicfile.WriteFile(name, s.Data, 0o644); err != nil {
				return fmt.Errorf("--sbom-dir: %w", err)
			}
			log.Info("wrote SBOM", "file", name, "format", s.Format, "platform", p)
		}
	}
	return nil
}
