// Package pep508 parses dependency specifiers (requirements) and
// environment markers, and evaluates markers for a target environment:
// https://packaging.python.org/en/latest/specifications/dependency-specifiers/
package pep508
