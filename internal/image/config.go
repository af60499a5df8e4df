package image

import (
	"maps"
	"slices"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// DefaultPath is the PATH when the base image sets none.
const DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// Spec is the part of the image config that pyko decides.
type Spec struct {
	User       string
	WorkingDir string
	Entrypoint []string
	// StopSignal replaces the base's when set; Healthcheck (the Docker
	// config's, its Test in exec form: ["CMD", ...], or ["NONE"])
	// replaces the base's when set.
	StopSignal  string
	Healthcheck []string
	// PathPrefix goes in front of the base's PATH, e.g. "/app/venv/bin".
	PathPrefix string
	// Env holds variables set after pyko's defaults, in order, as K=V.
	Env     []string
	Labels  map[string]string
	Created time.Time
	// Platform fills the config's os and architecture when the base left
	// them empty.
	Platform v1.Platform
}

// Apply returns base's config changed by spec, whose Env is the whole
// environment. The base's Cmd is dropped because it was meant for the
// base's entrypoint, not the app's.
func Apply(base *v1.ConfigFile, spec Spec) *v1.ConfigFile {
	cf := base.DeepCopy()
	c := &cf.Config
	c.User = spec.User
	c.WorkingDir = spec.WorkingDir
	c.Entrypoint = slices.Clone(spec.Entrypoint)
	c.Cmd = nil
	c.Env = slices.Clone(spec.Env)
	if spec.StopSignal != "" {
		c.StopSignal = spec.StopSignal
	}
	if len(spec.Healthcheck) > 0 {
		c.Healthcheck = &v1.HealthConfig{Test: slices.Clone(spec.Healthcheck)}
	}
	if len(spec.Labels) > 0 {
		if c.Labels == nil {
			c.Labels = map[string]string{}
		}
		maps.Copy(c.Labels, spec.Labels)
	}
	cf.Created = v1.Time{Time: spec.Created.UTC()}
	if cf.OS == "" || cf.Architecture == "" {
		cf.OS, cf.Architecture, cf.Variant = spec.Platform.OS, spec.Platform.Architecture, spec.Platform.Variant
	}
	return cf
}

// Env is the environment of an image on a base with environment base:
// PATH with spec.PathPrefix first, LANG, PYTHONUNBUFFERED, SSL_CERT_FILE
// when there is a CA bundle, then spec.Env.
func Env(base []string, spec Spec, facts *Facts) []string {
	return env(base, spec, facts)
}

func env(base []string, spec Spec, facts *Facts) []string {
	out := slices.Clone(base)
	path := lookup(out, "PATH")
	if path == "" {
		path = DefaultPath
	}
	if spec.PathPrefix != "" && !slices.Contains(strings.Split(path, ":"), spec.PathPrefix) {
		path = spec.PathPrefix + ":" + path
	}
	out = setEnv(out, "PATH="+path)
	out = setEnv(out, "LANG=C.UTF-8")
	out = setEnv(out, "PYTHONUNBUFFERED=1")
	if facts != nil && facts.CABundle {
		out = setEnv(out, "SSL_CERT_FILE="+CABundlePath)
	}
	for _, kv := range spec.Env {
		out = setEnv(out, kv)
	}
	return out
}

func lookup(env []string, key string) string {
	for _, kv := range env {
		if k, v, _ := strings.Cut(kv, "="); k == key {
			return v
		}
	}
	return ""
}

// setEnv replaces key's value in place, keeping the order stable, or
// appends it.
func setEnv(env []string, kv string) []string {
	key, _, _ := strings.Cut(kv, "=")
	for i, old := range env {
		if k, _, _ := strings.Cut(old, "="); k == key {
			env[i] = kv
			return env
		}
	}
	return append(env, kv)
}
