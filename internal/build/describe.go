package build

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/plan"
)

func isCABundle(p *apk.Package) bool { return p.Name == "ca-certificates-bundle" }

// describe turns an image plan into its printable form.
func (b *builder) describe(ip *imagePlan) *plan.Plan {
	out := &plan.Plan{SchemaVersion: plan.SchemaVersion, Project: plan.Project{Name: b.proj.Name, Version: b.proj.Version}}
	if b.pyLock != nil {
		out.Project.Lockfile = filepath.Base(b.pyLock.Path())
	}
	for _, t := range ip.targets {
		out.Platforms = append(out.Platforms, b.describeTarget(t))
	}
	return out
}

func (b *builder) describeTarget(t *target) plan.Platform {
	p := plan.Platform{Platform: t.platform.String(), Wheels: t.wheels}
	if p.Wheels == nil {
		p.Wheels = []plan.Wheel{}
	}
	var baseCfg *v1.ConfigFile
	if t.base != nil {
		p.Base = &plan.Base{Reference: b.o.Base, Digest: t.base.Digest.String()}
		baseCfg, _ = t.base.Image.ConfigFile()
		if t.accounts {
			p.Layers = append(p.Layers, plan.Layer{Kind: "accounts", Contents: []string{"user " + t.acct.Name + " " + t.acct.String()}})
		}
	}
	if t.plan != nil {
		p.OS = &plan.OS{Arch: t.plan.Arch, Lockfile: b.lockUsed}
		for _, pk := range t.plan.Packages {
			p.OS.Packages = append(p.OS.Packages, plan.OSPackage{Name: pk.Name, Version: pk.Version, Origin: pk.Origin,
				Repository: fetch.Redact(pk.Repository), Checksum: pk.Checksum, Size: pk.Size})
		}
		for _, l := range t.osGroups {
			var names []string
			for _, pk := range l.Packages {
				names = append(names, pk.ID())
			}
			p.Layers = append(p.Layers, plan.Layer{Kind: "os", Contents: names})
		}
		p.Layers = append(p.Layers, plan.Layer{Kind: "generated", Contents: []string{"installed db, accounts, ld.so.cache"}})
	}
	p.Python = plan.Python{Interpreter: t.interp, Version: t.facts.Python, Glibc: t.facts.Glibc}
	if t.plan != nil {
		if pt, err := osPyTarget(t, t.interp); err == nil {
			p.Python.Version, p.Python.Glibc = pt.full, fmt.Sprintf("%d.%d", pt.tags.GlibcMajor, pt.tags.GlibcMinor)
		}
	}
	if b.hasVenv() {
		p.Python.Version, p.Python.Glibc = t.py.full, fmt.Sprintf("%d.%d", t.py.tags.GlibcMajor, t.py.tags.GlibcMinor)
		p.Layers = append(p.Layers, b.pythonLayerPlan(t.wheels)...)
	}
	if b.self != nil {
		p.Self = &plan.Self{Name: b.self.Name, Version: b.self.Version, CodeRoot: b.self.CodeRoot}
		for name := range b.self.Scripts {
			p.Self.Scripts = append(p.Self.Scripts, name)
		}
	}
	p.Layers = append(p.Layers, plan.Layer{Kind: "app", Contents: []string{fmt.Sprintf("%d files in %s", len(b.files), AppDir)}})
	if baseCfg == nil {
		baseCfg = &v1.ConfigFile{}
	}
	cf := image.Config(baseCfg, t.spec, t.facts)
	p.Config = plan.Config{User: cf.Config.User, WorkingDir: cf.Config.WorkingDir, Entrypoint: cf.Config.Entrypoint,
		Env: cf.Config.Env, Labels: t.spec.Labels}
	if len(p.Config.Labels) == 0 {
		p.Config.Labels = nil
	}
	return p
}

// pythonLayerPlan mirrors pythonLayers: the venv with the small packages,
// then each large package alone.
func (b *builder) pythonLayerPlan(wheels []plan.Wheel) []plan.Layer {
	small := plan.Layer{Kind: "python", Contents: []string{"venv " + VenvDir}}
	var large []plan.Layer
	for _, w := range wheels {
		id := w.Name + "==" + w.Version
		if b.isLarge(w) {
			large = append(large, plan.Layer{Kind: "python", Contents: []string{id}})
		} else {
			small.Contents = append(small.Contents, id)
		}
	}
	return append([]plan.Layer{small}, large...)
}

// MarshalPlan is the plan's JSON: indented, keys in a fixed order, a
// final newline, so that it diffs cleanly.
func MarshalPlan(p *plan.Plan) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// writePlan writes the plan's JSON to path atomically.
func writePlan(path string, p *plan.Plan) error {
	data, err := MarshalPlan(p)
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
