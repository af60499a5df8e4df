// Package plan is the plan of an image as plain data: per platform, the
// runtime target, the OS packages with their checksums or the base by
// digest, every wheel with its URL and sha256, the app's files with their
// hashes, the layers with their exact contents and the config. Planning
// (internal/planner) produces it, execution (internal/executor) consumes
// it and nothing else; its JSON (schema in docs/PLAN.md) is sealed, read
// back and verified here. The package also holds the pure decisions
// planning makes: GroupByOrigin and ChooseWheel. No I/O happens here.
package plan
