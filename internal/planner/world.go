package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/usage"
)

// Wolfi's repository and the key that signs it: pyko's defaults.
const (
	WolfiRepository = "https://packages.wolfi.dev/os"
	WolfiKey        = "https://packages.wolfi.dev/os/wolfi-signing.rsa.pub"
)

// DefaultOSLayers is how many layers OS packages get unless --os-layers.
const DefaultOSLayers = 4

func (o *Options) repositories() []string {
	if len(o.Repositories) == 0 {
		return []string{WolfiRepository}
	}
	return o.Repositories
}

func (o *Options) keyrings() []string {
	if len(o.Keyrings) == 0 {
		return []string{WolfiKey}
	}
	return o.Keyrings
}

// world is what the image's OS is resolved from, as the seed's Dockerfile
// would "apk add" it: Python, the CA bundle, the base layout, busybox when
// a shell is asked for, and every --package. Sorted and without duplicates.
func (o *Options) world(python string) ([]apk.Dependency, error) {
	names := []string{"python-" + python, "ca-certificates-bundle", "wolfi-baselayout"}
	if o.Shell {
		names = append(names, "busybox")
	}
	names = append(names, o.Packages...)
	var out []apk.Dependency
	seen := map[string]bool{}
	for _, n := range names {
		d, err := apk.ParseDependency(strings.TrimSpace(n))
		if err != nil || d.Conflict {
			return nil, usage.Wrap(fmt.Errorf("--package %q: use NAME or NAME=VERSION, such as curl or curl=8.11.1-r0", n))
		}
		if !seen[d.String()] {
			seen[d.String()] = true
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b apk.Dependency) int { return strings.Compare(a.String(), b.String()) })
	return out, nil
}

func (b *planner) osLayerBudget() int {
	if b.o.OSLayers > 0 {
		return b.o.OSLayers
	}
	return DefaultOSLayers
}
