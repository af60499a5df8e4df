package build

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/pyko-dev/pyko/internal/atomicfile"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/plan"
	"github.com/pyko-dev/pyko/internal/provenance"
)

// provenanceOf is the SLSA provenance of res, built from p: its
// subjects are the image (or index) and each platform's image, named
// by the first tag's repository.
func provenanceOf(p *plan.Plan, res *Result, o Options) (*provenance.Statement, error) {
	name := p.Project.Name
	if len(o.Tags) > 0 {
		name, _, _ = strings.Cut(o.Tags[0], "@")
		if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
			name = name[:i]
		}
	}
	if name == "" {
		name = "image"
	}
	subjects := []provenance.ResourceDescriptor{{Name: name, Digest: map[string]string{res.Digest.Algorithm: res.Digest.Hex}}}
	if res.Index != nil {
		for _, pl := range res.Platforms {
			d, err := pl.Image.Digest()
			if err != nil {
				return nil, err
			}
			subjects = append(subjects, provenance.ResourceDescriptor{Name: name + " " + pl.Platform.String(), Digest: map[string]string{d.Algorithm: d.Hex}})
		}
	}
	in := provenance.Inputs{Subjects: subjects, ToolVersion: strings.TrimSpace(strings.TrimPrefix(o.Tool, "pyko")), Options: o.shaping()}
	if lock := p.Project.Lockfile; lock != "" {
		in.LockfileSHA256 = lockfileSHA256(p, o.Dir, lock)
	}
	return provenance.New(p, in)
}

// lockfileSHA256 is the lockfile's sha256: the plan's, when it is one of
// the app's files, else hashed now ("" when it cannot be read).
func lockfileSHA256(p *plan.Plan, dir, lock string) string {
	for _, f := range p.App.Files {
		if f.Path == lock && f.SHA256 != "" {
			return f.SHA256
		}
	}
	sum, err := fetch.HashFile(filepath.Join(dir, filepath.FromSlash(lock)))
	if err != nil {
		return ""
	}
	return sum
}

// writeProvenance writes the predicate to file, whole or not at all.
func writeProvenance(log *slog.Logger, file string, s *provenance.Statement) error {
	b, err := s.EncodePredicate()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("--provenance-file: %w", err)
	}
	if err := atomicfile.WriteFile(file, b, 0o644); err != nil {
		return fmt.Errorf("--provenance-file: %w", err)
	}
	log.Info("wrote provenance", "file", file)
	return nil
}

// shaping are the options that shape the image, those given: what the
// provenance records as the build's parameters. Environment variables
// are named without their values, and no URL is listed (the resolved
// dependencies name them, without credentials).
func (o Options) shaping() map[string]any {
	out := map[string]any{}
	add := func(k string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				out[k] = v
			}
		case []string:
			if len(v) > 0 {
				out[k] = v
			}
		case bool:
			if v {
				out[k] = v
			}
		case int:
			if v != 0 {
				out[k] = v
			}
		}
	}
	var envNames []string
	for _, kv := range o.Env {
		k, _, _ := strings.Cut(kv, "=")
		envNames = append(envNames, k)
	}
	add("platform", o.Platforms)
	add("python", o.Python)
	add("package", o.Packages)
	add("lock", o.Lock)
	add("group", o.Groups)
	add("extra", o.Extras)
	add("compression", o.Compression)
	add("os-layers", o.OSLayers)
	add("user", o.User)
	add("entrypoint", o.Entrypoint)
	add("env", envNames)
	add("label", o.Labels)
	add("annotation", o.Annotations)
	add("stop-signal", o.StopSignal)
	add("healthcheck", o.Healthcheck)
	add("sbom", o.SBOM)
	add("shell", o.Shell)
	add("no-compile", o.NoCompile)
	add("no-build", o.NoBuild)
	add("only-binary", o.OnlyBinary)
	add("build-package", o.BuildPackages)
	add("venv-pip", o.VenvPip)
	return out
}
