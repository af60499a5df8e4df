package build

import (
	"fmt"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/plan"
)

// writePlan writes the plan's sealed JSON to path atomically.
func writePlan(path string, p *plan.Plan) error {
	data, err := plan.Marshal(p)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("writing plan file %s: %w", path, err)
	}
	return nil
}
