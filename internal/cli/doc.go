// Package cli holds pyko's cobra commands. Each command turns flags into an
// options struct and calls one function of the pipeline; stdout carries
// only results (digests), logs go to stderr.
package cli
