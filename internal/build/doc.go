// Package build is the orchestrator: it reads the project, loads the base,
// writes pyko's layers, assembles one image per platform and hands the
// result to the publishers. Data moves one way: project → layers → image →
// publish.
package build
