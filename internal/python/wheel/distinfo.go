package wheel

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/python/pep440"
	"github.com/pyko-dev/pyko/internal/python/pep503"
)

// distInfoDir finds the wheel's one top-level "<name>-<version>.dist-info"
// directory and checks that it names the distribution and version of the
// file name. Names in it are escaped ("zope_interface") and sometimes keep
// their case ("Flask"), so they are compared normalized (PEP 503).
func distInfoDir(wheel string, ms []*member, name, version string) (string, error) {
	found := map[string]bool{}
	for _, m := range ms {
		top, _, _ := strings.Cut(m.name, "/")
		if strings.HasSuffix(top, ".dist-info") && top != m.name {
			found[top] = true
		}
	}
	if len(found) != 1 {
		return "", invalid(wheel, "", "has %d .dist-info directories; a wheel has exactly one", len(found))
	}
	var dir string
	for d := range found {
		dir = d
	}
	stem := strings.TrimSuffix(dir, ".dist-info")
	i := strings.LastIndex(stem, "-")
	if i < 0 || pep503.Normalize(stem[:i]) != pep503.Normalize(name) || !sameVersion(stem[i+1:], version) {
		return "", invalid(wheel, dir, "does not name the distribution %s %s of the file name", name, version)
	}
	return dir, nil
}

// sameVersion compares PEP 440 versions ("1.0" and "1.0.0" are one),
// escaped ("1.0_post1") or not; versions outside PEP 440 must be equal
// strings.
func sameVersion(a, b string) bool {
	va, errA := pep440.Parse(a)
	vb, errB := pep440.Parse(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return pep440.Compare(va, vb) == 0
}

// checkWheelFile is steps 1.a and 1.b: parse WHEEL and check
// Wheel-Version.
func checkWheelFile(wheel string, data []byte, log *slog.Logger) error {
	h, err := parseHeaders(data)
	if err != nil {
		return fmt.Errorf("parsing WHEEL of %s: %w", wheel, err)
	}
	v, _ := h.get("Wheel-Version")
	major, minor, ok := strings.Cut(v, ".")
	maj, err1 := strconv.Atoi(major)
	mnr, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil {
		return invalid(wheel, "WHEEL", "Wheel-Version %q is not major.minor", v)
	}
	// "Check that installer is compatible with Wheel-Version. Warn if minor
	// version is greater, abort if major version is greater." pyko reads
	// 1.0; 0.x predates the spec and is read as 1.0, as pip and uv do.
	if maj > 1 {
		return invalid(wheel, "WHEEL", "Wheel-Version %s is not supported: pyko installs version 1 wheels", v)
	}
	if maj == 1 && mnr > 0 {
		log.Warn("wheel has a newer Wheel-Version than pyko knows; installing it as 1.0", "wheel", wheel, "version", v)
	}
	return nil
}

// checkMetadata reads Name and Version from METADATA and checks them
// against the file name, as uv does: a wheel renamed to pass for another
// package or version is refused.
func checkMetadata(wheel string, data []byte, name, version string) (string, string, error) {
	h, err := parseHeaders(data)
	if err != nil {
		return "", "", fmt.Errorf("parsing METADATA of %s: %w", wheel, err)
	}
	mName, _ := h.get("Name")
	mVersion, _ := h.get("Version")
	if !pep503.Valid(mName) || mVersion == "" {
		return "", "", invalid(wheel, "METADATA", "has no valid Name or no Version")
	}
	if pep503.Normalize(mName) != pep503.Normalize(name) {
		return "", "", invalid(wheel, "METADATA", "names %q but the file name says %q", mName, name)
	}
	// A METADATA without the file name's local label ("+cpu") is the
	// same release, as uv accepts.
	if !sameVersion(mVersion, version) && !sameVersion(mVersion, publicVersion(version)) {
		return "", "", invalid(wheel, "METADATA", "gives version %q but the file name says %q", mVersion, version)
	}
	return mName, mVersion, nil
}

// checkRequiresPython refuses a wheel whose METADATA Requires-Python
// excludes python (nil: no check). An invalid specifier is ignored, as pip
// ignores it; METADATA was parsed by checkMetadata already.
func checkRequiresPython(wheel string, data []byte, name, version string, python *pep440.Version) error {
	if python == nil {
		return nil
	}
	h, err := parseHeaders(data)
	if err != nil {
		return fmt.Errorf("parsing METADATA of %s: %w", wheel, err)
	}
	rp, _ := h.get("Requires-Python")
	rp = strings.TrimSpace(rp)
	if rp == "" {
		return nil
	}
	spec, err := pep440.ParseSpecifiers(rp)
	if err != nil || spec.Contains(*python, true) {
		return nil
	}
	return &RequiresPythonError{Wheel: wheel, Name: name, Version: version, RequiresPython: rp, Python: python.String()}
}

func publicVersion(v string) string {
	if p, err := pep440.Parse(v); err == nil {
		return p.Public().String()
	}
	return v
}
