package build

import (
	"encoding/json"
	"time"

	"fmt"
	"regexp"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/imageref"
	"github.com/pyko-dev/pyko/internal/insecure"
	"github.com/pyko-dev/pyko/internal/layer"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/publish"
	"github.com/pyko-dev/pyko/internal/regcache"
	"github.com/pyko-dev/pyko/internal/sign"
	"github.com/pyko-dev/pyko/internal/usage"
)

// checked is Options after validation: every string parsed once, so that
// a usage error surfaces before any I/O.
type checked struct {
	tags        []name.Tag
	outputs     []imageref.Ref
	platforms   []v1.Platform
	compression layer.Compression
	labels      map[string]string
	annotations map[string]string
	healthcheck []string
	sbom        []string
}

var envKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// stopSignal is what docker and podman accept: SIGNAME, a name without
// SIG, or a number (as RTMIN+3 too).
var stopSignal = regexp.MustCompile(`^(SIG)?[A-Z][A-Z0-9+]*$|^[0-9]{1,2}$`)

func (o *Options) check() (*checked, error) {
	var c checked
	var err error
	if c.compression, err = layer.ParseCompression(orDefault(o.Compression, "gzip")); err != nil {
		return nil, usage.Wrap(fmt.Errorf("--compression: %w", err))
	}
	if c.sbom, err = sbomFormats(o.SBOM); err != nil {
		return nil, err
	}
	if o.SignKey != "" {
		if !o.Push {
			return nil, usage.Wrap(fmt.Errorf("--sign-key signs what pyko pushes: add --push and a --tag"))
		}
		if o.signer, err = sign.LoadKey(o.SignKey, []byte(o.SignPassword)); err != nil {
			return nil, err
		}
	}
	if o.CacheRepo != "" {
		if o.cacheRepo, err = regcache.New(o.CacheRepo, regcache.Options{Insecure: o.Insecure, Timeout: o.httpTimeout()}); err != nil {
			return nil, err
		}
	}
	if o.StopSignal != "" && !stopSignal.MatchString(o.StopSignal) {
		return nil, usage.Wrap(fmt.Errorf("--stop-signal %q: give a signal name such as SIGTERM or SIGINT, or a number", o.StopSignal))
	}
	if o.BuildTimeout != "" {
		if o.buildTimeout, err = time.ParseDuration(o.BuildTimeout); err != nil || o.buildTimeout <= 0 {
			return nil, usage.Wrap(fmt.Errorf("--build-timeout %q: want a duration such as 20m or 1h", o.BuildTimeout))
		}
	}
	for _, t := range o.Tags {
		tag, err := name.NewTag(t, insecure.Registries(o.Insecure).NameOptions(t)...)
		if err != nil {
			return nil, usage.Wrap(fmt.Errorf("--tag %q is not an image reference such as ghcr.io/me/app:1.2: %w", t, err))
		}
		c.tags = append(c.tags, tag)
	}
	if o.Push && len(c.tags) == 0 {
		return nil, usage.Wrap(fmt.Errorf("--push needs at least one --tag REF to push to"))
	}
	for _, s := range o.Outputs {
		t, err := publish.ParseOutput(s)
		if err != nil {
			return nil, usage.Wrap(fmt.Errorf("--output: %w", err))
		}
		c.outputs = append(c.outputs, t)
	}
	if c.platforms, err = image.ParsePlatforms(o.Platforms); err != nil {
		return nil, usage.Wrap(err)
	}
	for _, kv := range o.Env {
		if k, _, ok := strings.Cut(kv, "="); !ok || !envKey.MatchString(k) {
			return nil, usage.Wrap(fmt.Errorf("--env %q: use NAME=VALUE with a name of letters, digits and _", kv))
		}
	}
	if c.labels, err = keyValues("label", o.Labels); err != nil {
		return nil, err
	}
	if c.annotations, err = keyValues("annotation", o.Annotations); err != nil {
		return nil, err
	}
	if c.healthcheck, err = healthcheck(o.Healthcheck); err != nil {
		return nil, err
	}
	return &c, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// sbomFormats parses --sbom: "both" (the default), "spdx", "cyclonedx"
// or "none".
func sbomFormats(s string) ([]string, error) {
	switch s {
	case "", "both":
		return []string{plan.SBOMSPDX, plan.SBOMCycloneDX}, nil
	case plan.SBOMSPDX, plan.SBOMCycloneDX:
		return []string{s}, nil
	case "none":
		return nil, nil
	}
	return nil, usage.Wrap(fmt.Errorf("--sbom %q: give both, spdx, cyclonedx or none", s))
}

// keyValues parses the KEY=VALUE values of --flag.
func keyValues(flag string, kvs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usage.Wrap(fmt.Errorf("--%s %q: use KEY=VALUE", flag, kv))
		}
		out[k] = v
	}
	return out, nil
}

// healthcheck parses --healthcheck: a JSON array of the command, which
// runs without a shell (the image has none), or NONE.
func healthcheck(s string) ([]string, error) {
	switch s {
	case "":
		return nil, nil
	case "NONE":
		return []string{"NONE"}, nil
	}
	var cmd []string
	if err := json.Unmarshal([]byte(s), &cmd); err != nil || len(cmd) == 0 || cmd[0] == "" {
		return nil, usage.Wrap(fmt.Errorf(`--healthcheck %q: give the command as a JSON array, such as '["/app/venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]' (the image has no shell), or NONE`, s))
	}
	return append([]string{"CMD"}, cmd...), nil
}
