#!/usr/bin/env bash
# Runs every fuzz target of the module for SECONDS each (default 30), one
# worker at a time, and prints a line per target: package, target, exit
# status, the last progress line. New interesting inputs stay in Go's fuzz
# cache ($(go env GOCACHE)/fuzz); copy small ones into testdata/fuzz/NAME to
# keep them as seeds. A failing target's whole output is kept in
# ${TMPDIR:-/tmp}/pyko-fuzz-<package>-<target>.log.
#
# -fuzzminimizetime 1s: Go's default of 60 s per new input stalls the
# cheapest targets for most of a short run.
set -uo pipefail
secs=${1:-30}
cd "$(dirname "$0")/.."
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r file; do
	dir=$(dirname "$file")
	for name in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$file"); do
		log=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "${secs}s" -fuzzminimizetime 1s -parallel 1 "$dir" 2>&1)
		rc=$?
		last=$(grep -E 'elapsed: .*execs' <<<"$log" | tail -1)
		printf '%s\t%s\t%s\t%s\n' "$dir" "$name" "$rc" "$last"
		if [ "$rc" -ne 0 ]; then
			echo "$log" >"${TMPDIR:-/tmp}/pyko-fuzz-$(tr / _ <<<"${dir#./}")-$name.log"
		fi
	done
done
