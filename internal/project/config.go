package project

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Config is the typed [tool.pyko] table. Field names are the CLI flag names.
//
// To add a key, add a field with a toml tag: decoding, the unknown-key check
// and the list of known keys in its error all follow from the struct.
type Config struct {
	Base      string   `toml:"base"`
	Tags      []string `toml:"tags"`
	Platforms []string `toml:"platforms"`
	User      string   `toml:"user"`
	// Entrypoint is nil, a string (an Entrypoint spec) or a []string (an
	// exec-form command, used verbatim). See Config.EntrypointSpec.
	Entrypoint  any               `toml:"entrypoint"`
	Env         map[string]string `toml:"env"`
	Labels      map[string]string `toml:"labels"`
	Annotations map[string]string `toml:"annotations"`
	// Healthcheck is --healthcheck: a JSON array, or NONE.
	Healthcheck string   `toml:"healthcheck"`
	Compression string   `toml:"compression"`
	Outputs     []string `toml:"outputs"`
	Python      string   `toml:"python"`
	// Repositories and Keyrings are APK repository URLs and signing keys
	// (paths or URLs); Packages are extra APKs (NAME or NAME=VERSION).
	Repositories []string `toml:"repositories"`
	Keyrings     []string `toml:"keyrings"`
	Packages     []string `toml:"packages"`
	// BuildPackages are APKs the build root of source builds gets besides
	// python-3.X-dev and build-base (openssl-dev, rust).
	BuildPackages []string `toml:"build-packages"`
	// NoBuild and OnlyBinary refuse source builds (all, or by name).
	NoBuild    *bool    `toml:"no-build"`
	OnlyBinary []string `toml:"only-binary"`
	// CacheRepo is a registry repository sharing finished layers.
	CacheRepo string `toml:"cache-repo"`
	// NoCompile leaves the image without bytecode (.pyc).
	NoCompile *bool `toml:"no-compile"`
	// Include and Exclude add to the ignore file's patterns: paths kept
	// in /app despite the defaults ("!" lines), paths left out.
	Include []string `toml:"include"`
	Exclude []string `toml:"exclude"`
	// SBOM is "both", "spdx", "cyclonedx" or "none"; SBOMDir gets a
	// copy of each SBOM.
	SBOM    string `toml:"sbom"`
	SBOMDir string `toml:"sbom-dir"`
	// BuildTimeout is the time limit of one source build ("10m").
	BuildTimeout string `toml:"build-timeout"`
	// StopSignal is the image's stop signal (default SIGINT).
	StopSignal string `toml:"stop-signal"`
	// Shell adds busybox, for os.system and friends.
	Shell *bool `toml:"shell"`
	// OSLayers is the most layers the OS packages are split into.
	OSLayers int `toml:"os-layers"`
	// Lock is the Python lockfile; Groups and Extras select what of it is
	// installed; the index keys say where wheels are looked up.
	Lock           string   `toml:"lock"`
	Groups         []string `toml:"groups"`
	Extras         []string `toml:"extras"`
	IndexURL       string   `toml:"index-url"`
	ExtraIndexURLs []string `toml:"extra-index-urls"`
	FindLinks      []string `toml:"find-links"`
	VenvPip        *bool    `toml:"venv-pip"`
}

// Config decodes p.Tool strictly: an unknown key or a value of the wrong
// type is an error naming the key and pyproject.toml. Without a [tool.pyko]
// table it returns the zero Config.
func (p *Project) Config() (Config, error) {
	var c Config
	if p.Tool == nil {
		return c, nil
	}
	path := filepath.Join(p.Dir, PyprojectFile)
	// Re-encoding the table lets go-toml do the strict, typed decoding.
	data, err := toml.Marshal(p.Tool)
	if err != nil {
		return Config{}, fmt.Errorf("encoding [tool.pyko] of %s: %w", path, err)
	}
	err = toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(&c)
	var missing *toml.StrictMissingError
	var decode *toml.DecodeError
	switch {
	case errors.As(err, &missing):
		var keys []string
		for _, e := range missing.Errors {
			keys = append(keys, fmt.Sprintf("%q", strings.Join(e.Key(), ".")))
		}
		slices.Sort(keys)
		noun := "key"
		if len(keys) > 1 {
			noun = "keys"
		}
		return Config{}, fmt.Errorf("unknown %s %s in [tool.pyko] of %s; known keys: %s",
			noun, strings.Join(keys, ", "), path, strings.Join(configKeys(), ", "))
	case errors.As(err, &decode) && len(decode.Key()) > 0:
		return Config{}, p.typeError(path, decode.Key(), err)
	case err != nil:
		return Config{}, fmt.Errorf("decoding [tool.pyko] of %s: %w", path, err)
	}
	if c.Entrypoint, err = normalizeEntrypoint(c.Entrypoint); err != nil {
		return Config{}, p.typeError(path, toml.Key{"entrypoint"}, err)
	}
	return c, nil
}

// EntrypointSpec returns c.Entrypoint as a spec for Entrypoint: a string
// as is, a []string as a JSON array, nil as "".
func (c Config) EntrypointSpec() string {
	switch e := c.Entrypoint.(type) {
	case string:
		return e
	case []string:
		b, _ := json.Marshal(e) // cannot fail for []string
		return string(b)
	}
	return ""
}

// normalizeEntrypoint turns a decoded array of strings into a []string.
func normalizeEntrypoint(v any) (any, error) {
	switch v := v.(type) {
	case nil, string:
		return v, nil
	case []any:
		out := make([]string, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, errors.New("not an array of strings")
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, errors.New("not a string or an array")
}
