package index

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pyko-dev/pyko/internal/apk"
)

// Write writes pkgs as APKINDEX text, in the given order, each record's
// fields in the order apk-tools writes them (C P V A S I T U L o m t c k D
// p i), then r and q, which apk-tools keeps for its installed database.
// S, I, T, U and L are always written, as apk-tools does; other fields only
// when set. A value that would not read back the same (a newline in a
// string, a malformed dependency) is an error naming the package.
func Write(w io.Writer, pkgs []*apk.Package) error {
	bw := bufio.NewWriter(w)
	for _, p := range pkgs {
		if err := writeRecord(bw, p); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeRecord(w *bufio.Writer, p *apk.Package) error {
	if p.Name == "" || p.Version == "" {
		return fmt.Errorf("writing APKINDEX record %q: a package needs a name and a version", p.ID())
	}
	if p.Size < 0 || p.InstalledSize < 0 || p.BuildTime < 0 || p.ProviderPriority < 0 || p.ReplacesPriority < 0 {
		return fmt.Errorf("writing APKINDEX record %s: sizes, build time and priorities cannot be negative", p.ID())
	}
	type field struct {
		key    byte
		value  string
		always bool
	}
	num := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	fields := []field{
		{'C', p.Checksum, false},
		{'P', p.Name, false},
		{'V', p.Version, false},
		{'A', p.Arch, false},
		{'S', strconv.FormatInt(p.Size, 10), true},
		{'I', strconv.FormatInt(p.InstalledSize, 10), true},
		{'T', p.Description, true},
		{'U', p.URL, true},
		{'L', p.License, true},
		{'o', p.Origin, false},
		{'m', p.Maintainer, false},
		{'t', num(p.BuildTime), false},
		{'c', p.Commit, false},
		{'k', num(int64(p.ProviderPriority)), false},
	}
	for _, d := range []struct {
		key  byte
		deps []apk.Dependency
	}{{'D', p.Depends}, {'p', p.Provides}, {'i', p.InstallIf}, {'r', p.Replaces}} {
		s, err := formatDeps(d.deps)
		if err != nil {
			return fmt.Errorf("writing APKINDEX record %s field %c: %w", p.ID(), d.key, err)
		}
		fields = append(fields, field{d.key, s, false})
	}
	fields = append(fields, field{'q', num(int64(p.ReplacesPriority)), false})

	for _, f := range fields {
		if f.value == "" && !f.always {
			continue
		}
		// A reader drops a line's trailing carriage return.
		if strings.Contains(f.value, "\n") || strings.HasSuffix(f.value, "\r") {
			return fmt.Errorf("writing APKINDEX record %s field %c: value has a line break", p.ID(), f.key)
		}
		w.WriteByte(f.key)
		w.WriteByte(':')
		w.WriteString(f.value)
		w.WriteByte('\n')
	}
	return w.WriteByte('\n')
}

// formatDeps joins deps with spaces, checking that each reads back as itself.
func formatDeps(deps []apk.Dependency) (string, error) {
	parts := make([]string, len(deps))
	for i, d := range deps {
		s := d.String()
		back, err := apk.ParseDependency(s)
		if err != nil || back != d {
			return "", fmt.Errorf("dependency %q does not read back as written", s)
		}
		parts[i] = s
	}
	return strings.Join(parts, " "), nil
}
