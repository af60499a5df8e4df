#!/usr/bin/env bash
# Benchmark: build examples/hello on a 1 GiB base image and report wall time
# and peak RSS of the pyko process, for each output kind.
#   scripts/bench-bigbase.sh [MB]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/pyko" ./cmd/pyko
go run ./scripts/bigbase -mb "$mb" -layers 4 -o "$work/base"
echo "base: $(du -sh "$work/base" | cut -f1)"
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$work/pyko" build examples/hello --base "oci:$work/base:base" "$@" >/dev/null 2>"$work/log" ||
    { cat "$work/log"; exit 1; }
  read -r secs kb <"$work/time"
  printf '%-28s wall %6.2f s   peak RSS %6.1f MiB\n' "$label" "$secs" "$(echo "$kb/1024" | bc -l)"
}
run "no output (scan + layers)"
run "oci layout (new)" -o "oci:$work/out1:app"
run "oci layout (again)" -o "oci:$work/out1:app"
run "docker-archive" -o "docker-archive:$work/app.tar" -t app:1
run "oci-archive" -o "oci-archive:$work/app-oci.tar"
