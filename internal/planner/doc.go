// Package planner decides everything an image will contain and returns it
// as a plan.Plan, reading only metadata: the project's files, its Python
// lockfile, the APK indexes (or pyko.lock), package index pages and the
// base image's manifests and files. No package or wheel is downloaded. It
// also writes pyko.lock (Lock), which is the OS part of planning made
// durable.
package planner
