#!/usr/bin/env bash
# Benchmark: resolve an unlocked project (pyproject.toml: Flask>=2,
# requests, chardet) against the same loopback PEP 691 index of real wheels
# made from Debian's packages: `pyko plan` (which resolves the Python
# dependencies, and plans the OS from the offline mirror) against
# `pip install --dry-run` (resolution only), warm and cold caches, paired
# runs with farm-bench. Quote the median ratios.
#   scripts/bench-resolve.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'kill "$index_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/pyko" ./cmd/pyko
go build -o "$work/pyindex" ./scripts/pyindex
mirror=$(go run ./scripts/wolfimirror)
mirror=${mirror%%$'\n'*}
wheels=$(go run ./scripts/debwheels)
wheels=${wheels##*$'\n'}
"$work/pyindex" "$wheels" >"$work/url" &
index_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")
mkdir "$work/app"
printf 'print("hi")\n' >"$work/app/main.py"
cat >"$work/app/pyproject.toml" <<'TOML'
[project]
name = "bench"
version = "0"
dependencies = ["Flask>=2", "requests", "chardet"]
TOML
pyko="$work/pyko plan $work/app --repository $mirror --keyring $mirror/pyko-test.rsa.pub --python 3.11 --index-url $url"
pip="pip install --dry-run --ignore-installed --quiet --report $work/report.json --only-binary=:all: --python-version 3.11 --platform manylinux_2_17_x86_64 --implementation cp --abi cp311 --target $work/target --index-url $url Flask>=2 requests chardet"
echo "== warm caches (pyko: PYKO_CACHE kept; pip: its http cache)"
PYKO_CACHE="$work/cache" farm-bench -n "$runs" --timeout 600 --vs "$pip" -- sh -c "PYKO_CACHE=$work/cache exec $pyko >/dev/null 2>&1"
echo "== cold caches (a new PYKO_CACHE each run; pip --no-cache-dir)"
farm-bench -n "$runs" --timeout 600 --vs "$pip --no-cache-dir" -- sh -c "PYKO_CACHE=\$(mktemp -d -p $work) exec $pyko >/dev/null 2>&1"
echo "== resolution alone, in process (go test -bench)"
go test -run '^$' -bench BenchmarkResolve -benchtime 20x ./internal/python/resolve | grep -E '^Benchmark|ok'
