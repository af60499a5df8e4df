package build

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pyko-dev/pyko/internal/project"
)

// Merge fills the options that no flag set from [tool.pyko]. set tells
// whether a flag was given on the command line; flags win.
func (o *Options) Merge(c project.Config, set func(flag string) bool) {
	str := func(flag string, dst *string, v string) {
		if !set(flag) && v != "" {
			*dst = v
		}
	}
	list := func(flag string, dst *[]string, v []string) {
		if !set(flag) && len(v) > 0 {
			*dst = slices.Clone(v)
		}
	}
	str("base", &o.Base, c.Base)
	str("user", &o.User, c.User)
	str("stop-signal", &o.StopSignal, c.StopSignal)
	str("healthcheck", &o.Healthcheck, c.Healthcheck)
	str("cache-repo", &o.CacheRepo, c.CacheRepo)
	str("sbom", &o.SBOM, c.SBOM)
	str("sbom-dir", &o.SBOMDir, c.SBOMDir)
	str("compression", &o.Compression, c.Compression)
	str("entrypoint", &o.Entrypoint, c.EntrypointSpec())
	list("tag", &o.Tags, c.Tags)
	list("platform", &o.Platforms, c.Platforms)
	list("output", &o.Outputs, c.Outputs)
	list("env", &o.Env, pairs(c.Env))
	list("label", &o.Labels, pairs(c.Labels))
	list("annotation", &o.Annotations, pairs(c.Annotations))
	str("python", &o.Python, c.Python)
	list("repository", &o.Repositories, c.Repositories)
	list("keyring", &o.Keyrings, c.Keyrings)
	list("package", &o.Packages, c.Packages)
	list("build-package", &o.BuildPackages, c.BuildPackages)
	list("only-binary", &o.OnlyBinary, c.OnlyBinary)
	if !set("no-build") && c.NoBuild != nil {
		o.NoBuild = *c.NoBuild
	}
	if !set("no-compile") && c.NoCompile != nil {
		o.NoCompile = *c.NoCompile
	}
	str("build-timeout", &o.BuildTimeout, c.BuildTimeout)
	if !set("shell") && c.Shell != nil {
		o.Shell = *c.Shell
	}
	str("lock", &o.Lock, c.Lock)
	list("group", &o.Groups, c.Groups)
	list("extra", &o.Extras, c.Extras)
	str("index-url", &o.IndexURL, c.IndexURL)
	list("extra-index-url", &o.ExtraIndexURLs, c.ExtraIndexURLs)
	list("find-links", &o.FindLinks, c.FindLinks)
	if !set("venv-pip") && c.VenvPip != nil {
		o.VenvPip = *c.VenvPip
	}
	if !set("os-layers") && c.OSLayers != 0 {
		o.OSLayers = c.OSLayers
	}
}

// pairs turns a TOML table into sorted K=V strings, so the order in the
// image does not depend on map iteration.
func pairs(m map[string]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s=%s", k, m[k]))
	}
	return out
}
