package pep503

import (
	"regexp"
	"strings"
)

var runs = regexp.MustCompile(`[-_.]+`)

// Normalize lowercases name and replaces every run of "-", "_" and "."
// with one "-".
func Normalize(name string) string {
	return runs.ReplaceAllString(strings.ToLower(name), "-")
}

var valid = regexp.MustCompile(`(?i)^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$`)

// Valid reports whether name is a valid project name (PEP 508's grammar).
func Valid(name string) bool { return valid.MatchString(name) }
