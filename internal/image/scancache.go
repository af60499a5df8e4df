package image

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/atomicfile"
)

// scanVersion changes when Scan learns more or differently: cached facts
// of another version are not used.
const scanVersion = "facts-4"

// cachedFacts is a cache file: the facts and the sha256 of their JSON,
// so that a damaged file is told from a good one.
type cachedFacts struct {
	SHA256 string          `json:"sha256"`
	Facts  json.RawMessage `json:"facts"`
}

// ScanCached is Scan with the facts kept in dir by the image's manifest
// digest, which pins every layer: a base read once is not read again. A
// cache file that does not match its recorded digest is scanned again and
// replaced; a cache that cannot be written only costs the next build a
// scan.
func ScanCached(ctx context.Context, log *slog.Logger, img v1.Image, dir string) (*Facts, error) {
	d, err := img.Digest()
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, scanVersion+"-"+d.Algorithm+"-"+d.Hex+".json")
	if f, ok := readFacts(file); ok {
		return f, nil
	}
	facts, err := Scan(ctx, img)
	if err != nil {
		return nil, err
	}
	if err := writeFacts(file, facts); err != nil && log != nil {
		log.Debug("not caching the base image's facts", "file", file, "error", err)
	}
	return facts, nil
}

func readFacts(file string) (*Facts, bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, false
	}
	var c cachedFacts
	if json.Unmarshal(data, &c) != nil {
		return nil, false
	}
	sum := sha256.Sum256(c.Facts)
	if hex.EncodeToString(sum[:]) != c.SHA256 {
		return nil, false
	}
	var f Facts
	if json.Unmarshal(c.Facts, &f) != nil {
		return nil, false
	}
	return &f, true
}

func writeFacts(file string, f *Facts) error {
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	data, err := json.Marshal(cachedFacts{SHA256: hex.EncodeToString(sum[:]), Facts: raw})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("caching base facts: %w", err)
	}
	// A read checks the facts' sha256: see NoSync.
	return atomicfile.WriteFile(file, data, 0o644, atomicfile.NoSync())
}
