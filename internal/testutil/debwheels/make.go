package debwheels

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// generator is the Generator field of every WHEEL file.
const generator = "pyko-test-debwheels"

// deb is a downloaded Debian package and the directory it is unpacked in.
type deb struct {
	version string // Debian version
	dir     string
}

// makeWheel writes the wheel of d, made from its unpacked packages, into
// outDir for arch and returns the wheel's file name.
func makeWheel(ctx context.Context, d dist, debs map[string]deb, arch, outDir string) (string, error) {
	var files []file
	var metaDirs []string
	var version string
	for _, name := range d.debs {
		p, ok := debs[name]
		if !ok {
			return "", fmt.Errorf("making the %s wheel: package %s was not downloaded", d.name, name)
		}
		v, err := upstreamVersion(p.version)
		if err != nil {
			return "", fmt.Errorf("making the %s wheel: %w", d.name, err)
		}
		if version != "" && v != version {
			return "", fmt.Errorf("making the %s wheel: its packages have different upstream versions %s and %s", d.name, version, v)
		}
		version = v
		f, m, err := collect(ctx, p.dir)
		if err != nil {
			return "", fmt.Errorf("making the %s wheel: %w", d.name, err)
		}
		files, metaDirs = append(files, f...), append(metaDirs, m...)
	}
	if len(metaDirs) != 1 {
		return "", fmt.Errorf("making the %s wheel: want one .egg-info or .dist-info in %v, found %d", d.name, d.debs, len(metaDirs))
	}
	m, err := readMeta(metaDirs[0])
	if err != nil {
		return "", fmt.Errorf("making the %s wheel: %w", d.name, err)
	}
	if err := checkIdentity(d, m, version); err != nil {
		return "", err
	}
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
	for i := 1; i < len(files); i++ {
		if files[i].name == files[i-1].name {
			return "", fmt.Errorf("making the %s wheel: two packages install %s", d.name, files[i].name)
		}
	}
	tag, pure, err := wheelTag(ctx, files, arch)
	if err != nil {
		return "", fmt.Errorf("making the %s wheel: %w", d.name, err)
	}
	stem := strings.ReplaceAll(pep503.Normalize(m.name), "-", "_") + "-" + version
	distInfo := stem + ".dist-info"
	files = append(files,
		file{name: distInfo + "/METADATA", data: m.render(version, d.requires)},
		file{name: distInfo + "/WHEEL", data: wheelFile(tag, pure)},
	)
	if m.entryPoints != nil {
		files = append(files, file{name: distInfo + "/entry_points.txt", data: m.entryPoints})
	}
	name := stem + "-" + tag + ".whl"
	if err := writeWheel(filepath.Join(outDir, name), files, distInfo); err != nil {
		return "", fmt.Errorf("making the %s wheel: %w", d.name, err)
	}
	return name, nil
}

// checkIdentity checks that the metadata in the package is the project dists
// names, at the version its Debian version says.
func checkIdentity(d dist, m meta, version string) error {
	if pep503.Normalize(m.name) != pep503.Normalize(d.name) {
		return fmt.Errorf("making the %s wheel: the metadata in %v is for %q", d.name, d.debs, m.name)
	}
	mv, err := pep440.Parse(m.version)
	if err != nil {
		return fmt.Errorf("making the %s wheel: metadata version: %w", d.name, err)
	}
	if pep440.Compare(mv, pep440.MustParse(version)) != 0 {
		return fmt.Errorf("making the %s wheel: metadata says version %s, the Debian package %s", d.name, m.version, version)
	}
	return nil
}

// wheelTag returns the compatibility tag of a wheel holding files: pure
// Python unless it has compiled modules, which fix the interpreter, ABI and
// the oldest manylinux glibc that provides every symbol version they need.
func wheelTag(ctx context.Context, files []file, arch string) (tag string, pure bool, err error) {
	python, glibc := "", 0
	for _, f := range files {
		if !strings.HasSuffix(f.name, ".so") {
			continue
		}
		n, err := inspectModule(f.src, f.name, arch)
		if err != nil {
			return "", false, err
		}
		if python != "" && n.python != python {
			return "", false, fmt.Errorf("compiled modules for both %s and %s", python, n.python)
		}
		python, glibc = n.python, max(glibc, n.glibc)
		slog.InfoContext(ctx, "compiled module", "file", f.name, "needs", fmt.Sprintf("GLIBC_2.%d", n.glibc), "libs", n.libs)
	}
	if python == "" {
		return "py3-none-any", true, nil
	}
	return python + "-" + python + "-" + platformTag(arch, glibc), false, nil
}

// wheelFile returns the content of the WHEEL file.
func wheelFile(tag string, pure bool) []byte {
	return fmt.Appendf(nil, "Wheel-Version: 1.0\nGenerator: %s\nRoot-Is-Purelib: %t\nTag: %s\n", generator, pure, tag)
}
