package wheel

import (
	"archive/zip"
	"fmt"
	"io"
	"path"
	"strings"
)

// Metadata is what a resolver needs of a distribution's core metadata
// (METADATA, or a PEP 658 .metadata file).
type Metadata struct {
	Name, Version  string
	RequiresPython string
	// RequiresDist are the Requires-Dist values as written (PEP 508).
	RequiresDist  []string
	ProvidesExtra []string
	// LicenseExpression is PEP 639's SPDX expression; License the older
	// free-text field; Classifiers include "License :: ..." ones.
	LicenseExpression, License string
	Classifiers                []string
	Summary, HomePage          string
	// ProjectURLs are "label, URL" values.
	ProjectURLs []string
}

// maxMetadataSize bounds a METADATA read out of a wheel.
const maxMetadataSize = 16 << 20

// ParseMetadata reads the headers of core metadata.
func ParseMetadata(data []byte) (Metadata, error) {
	h, err := parseHeaders(data)
	if err != nil {
		return Metadata{}, fmt.Errorf("parsing core metadata: %w", err)
	}
	var m Metadata
	m.Name, _ = h.get("Name")
	m.Version, _ = h.get("Version")
	m.RequiresPython, _ = h.get("Requires-Python")
	m.RequiresDist = h["requires-dist"]
	m.ProvidesExtra = h["provides-extra"]
	m.LicenseExpression, _ = h.get("License-Expression")
	m.License, _ = h.get("License")
	m.Classifiers = h["classifier"]
	m.Summary, _ = h.get("Summary")
	m.HomePage, _ = h.get("Home-page")
	m.ProjectURLs = h["project-url"]
	if m.Name == "" || m.Version == "" {
		return Metadata{}, fmt.Errorf("parsing core metadata: no Name or Version header")
	}
	return m, nil
}

// ReadMetadata returns the METADATA file of the wheel at file (a
// "*.dist-info/METADATA" entry at the top of the archive).
func ReadMetadata(file string) ([]byte, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path.Base(file), err)
	}
	defer zr.Close()
	return MetadataOf(&zr.Reader, path.Base(file))
}

// MetadataOf returns the METADATA file of the wheel zr, named name in
// errors. zr may read a remote file by byte ranges: only the central
// directory and the METADATA entry are read.
func MetadataOf(zr *zip.Reader, name string) ([]byte, error) {
	for _, f := range zr.File {
		dir, base := path.Split(f.Name)
		if base != "METADATA" || strings.Count(dir, "/") != 1 || !strings.HasSuffix(dir, ".dist-info/") {
			continue
		}
		if f.UncompressedSize64 > maxMetadataSize {
			return nil, fmt.Errorf("reading %s in %s: larger than 16 MiB", f.Name, name)
		}
		r, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("reading %s in %s: %w", f.Name, name, err)
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, maxMetadataSize+1))
		if err != nil {
			return nil, fmt.Errorf("reading %s in %s: %w", f.Name, name, err)
		}
		if len(b) > maxMetadataSize {
			return nil, fmt.Errorf("reading %s in %s: larger than 16 MiB", f.Name, name)
		}
		return b, nil
	}
	return nil, fmt.Errorf("reading %s: no .dist-info/METADATA in it", name)
}
