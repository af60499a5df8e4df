package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pyko-dev/pyko/internal/plan"
)

// writePlan writes the plan's sealed JSON to path atomically.
func writePlan(path string, p *plan.Plan) error {
	data, err := plan.Marshal(p)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pyko-plan-*")
	if err != nil {
		return fmt.Errorf("writing plan file %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing plan file %s: %w", path, werr)
	}
	return nil
}
