// Package plan describes an image before it is built: what goes in it and
// in which layer. Its functions are pure: no I/O happens here, so a plan can
// be printed, diffed and trusted to match the build that follows it.
package plan
