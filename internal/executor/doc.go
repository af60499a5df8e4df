// Package executor builds the image a plan describes, and nothing else:
// it fetches exactly the packages and wheels the plan names (each checked
// against the plan's checksum or sha256, and APKs against the trusted
// keys), installs them, writes the layers the plan lays out and assembles
// one image per platform. It reads no package index and makes no choice:
// every decision is in the plan (see internal/plan).
package executor
