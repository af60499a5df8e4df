// Package build is the orchestrator of the pyko commands: it merges the
// flags over [tool.pyko], checks every option before any I/O, opens the
// download cache, has internal/planner make the plan (or reads one, with
// --from-plan), has internal/executor build it, and hands the result to
// the publishers. Data moves one way: project → plan → execute (fetch →
// layers → image) → publish.
package build
