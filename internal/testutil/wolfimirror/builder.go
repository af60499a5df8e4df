package wolfimirror

import (
	"context"
	"fmt"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
	"github.com/pyko-dev/pyko/internal/testutil/apkrepo"
)

// builder turns unpacked debs into packages, following the recipes.
type builder struct {
	ctx     context.Context
	arch    archInfo
	debs    map[string]*deb // by Debian package name
	applets []string        // busybox's, once listed
	tmp     string          // for scratch files
}

func (b *builder) deb(name string) (*deb, error) {
	d, ok := b.debs[b.arch.debName(name)]
	if !ok {
		return nil, fmt.Errorf("debian package %s was not downloaded", name)
	}
	return d, nil
}

// pkg makes the package of recipe r.
func (b *builder) pkg(r *recipe) (apkrepo.Package, error) {
	info := apk.Package{
		Name: r.name, Origin: r.origin, License: r.license, Arch: b.arch.apk,
		ProviderPriority: r.providerPriority,
		Version:          baselayoutVersion, BuildTime: baselayoutTime, URL: "https://github.com/wolfi-dev/os",
		Description: "pyko test mirror: " + r.name,
	}
	from := r.versionFrom
	if from == "" && len(r.debs) > 0 {
		from = r.debs[0]
	}
	if from != "" {
		d, err := b.deb(from)
		if err != nil {
			return apkrepo.Package{}, err
		}
		if info.Version, err = apkVersion(d.version); err != nil {
			return apkrepo.Package{}, fmt.Errorf("versioning %s: %w", r.name, err)
		}
		info.BuildTime, info.URL = d.buildTime, d.homepage
		summary := d.summary
		if r.desc != "" {
			summary = r.desc
		}
		info.Description = fmt.Sprintf("%s (Debian %s %s)", summary, d.name, d.version)
	}

	var src []srcFile
	seen := map[string]string{}
	for _, name := range r.debs {
		d, err := b.deb(name)
		if err != nil {
			return apkrepo.Package{}, err
		}
		files, err := collect(d)
		if err != nil {
			return apkrepo.Package{}, err
		}
		for _, f := range files {
			if !r.keep(f.path) {
				continue
			}
			if other, dup := seen[f.path]; dup {
				return apkrepo.Package{}, fmt.Errorf("packaging %s: /%s is in both %s and %s", r.name, f.path, other, name)
			}
			seen[f.path] = name
			src = append(src, f)
		}
	}
	if len(r.debs) > 0 && len(src) == 0 {
		return apkrepo.Package{}, fmt.Errorf("packaging %s: no files left from %v (check the recipe's patterns)", r.name, r.debs)
	}
	facts, err := scanELF(src)
	if err != nil {
		return apkrepo.Package{}, fmt.Errorf("packaging %s: %w", r.name, err)
	}

	p := apkrepo.Package{Info: info}
	for _, f := range src {
		p.Files = append(p.Files, f.file())
	}
	if r.stdlib != "" {
		pycs, err := b.stdlibPycs(r.stdlib, src)
		if err != nil {
			return apkrepo.Package{}, fmt.Errorf("packaging %s: %w", r.name, err)
		}
		p.Files = append(p.Files, pycs...)
	}
	if r.synth != nil {
		extra, err := r.synth(b)
		if err != nil {
			return apkrepo.Package{}, fmt.Errorf("packaging %s: %w", r.name, err)
		}
		p.Files = append(p.Files, extra...)
	}

	deps, err := apk.ParseDependencies(strings.Join(r.depends, " "))
	if err != nil {
		return apkrepo.Package{}, fmt.Errorf("packaging %s: %w", r.name, err)
	}
	p.Info.Depends = sortDeps(append(deps, soDepends(facts)...))
	provides := append(soProvides(facts.sonames), cmdProvides(p.Files, info.Version)...)
	if r.provides != nil {
		extra, err := apk.ParseDependencies(strings.Join(r.provides(b, info.Version), " "))
		if err != nil {
			return apkrepo.Package{}, fmt.Errorf("packaging %s: %w", r.name, err)
		}
		provides = append(provides, extra...)
	}
	p.Info.Provides = sortDeps(provides)
	return p, nil
}

// sortDeps sorts by name and drops repeated names.
func sortDeps(deps []apk.Dependency) []apk.Dependency {
	slices.SortStableFunc(deps, func(a, b apk.Dependency) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(deps, func(a, b apk.Dependency) bool { return a.Name == b.Name })
}

// busyboxApplets lists busybox's applets by running `busybox --list-full`:
// the unpacked binary if it runs here (native, or through binfmt), else the
// host's busybox (Debian builds both architectures with one
// configuration). Paths are mapped to /usr/bin (Wolfi is merged-usr);
// busybox itself and linuxrc are left out.
func (b *builder) busyboxApplets() ([]string, error) {
	if b.applets != nil {
		return b.applets, nil
	}
	d, err := b.deb("busybox-static")
	if err != nil {
		return nil, err
	}
	out, err := run(b.ctx, "", filepath.Join(d.root, "bin", "busybox"), "--list-full")
	if err != nil {
		host, lerr := exec.LookPath("busybox")
		if lerr != nil {
			return nil, fmt.Errorf("listing busybox applets: cannot run the %s binary (%v) and no busybox on PATH: install busybox-static", b.arch.deb, err)
		}
		if out, err = run(b.ctx, "", host, "--list-full"); err != nil {
			return nil, fmt.Errorf("listing busybox applets: %w", err)
		}
	}
	var applets []string
	for _, l := range strings.Fields(out) {
		name := path.Base(l)
		if name == "busybox" || name == "linuxrc" || !strings.Contains(l, "/") {
			continue
		}
		applets = append(applets, name)
	}
	if len(applets) < 50 {
		return nil, fmt.Errorf("listing busybox applets: only %d found in %q", len(applets), lastLines(out, 3))
	}
	slices.Sort(applets)
	b.applets = slices.Compact(applets)
	return b.applets, nil
}
