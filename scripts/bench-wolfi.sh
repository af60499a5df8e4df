#!/usr/bin/env bash
# Benchmark: resolve + install the python-3.11 package set from the offline
# Wolfi-named mirror served over loopback HTTP, with a cold and a warm
# download cache; prints wall time and peak RSS of pyko.
#   scripts/bench-wolfi.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
cleanup() { [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
go build -o "$work/pyko" ./cmd/pyko
mirror=$(go run ./scripts/wolfimirror)
mirror=${mirror%%$'\n'*}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$mirror" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
srv=$!
until curl -fsS "http://127.0.0.1:$port/pyko-test.rsa.pub" >/dev/null 2>&1; do sleep 0.1; done
url="http://127.0.0.1:$port"
build() {
  PYKO_CACHE="$1" /usr/bin/time -f "%e %M" -o "$work/time" "$work/pyko" build examples/hello \
    --repository "$url" --keyring "$url/pyko-test.rsa.pub" --python 3.11 -o "oci:$work/out:hello" >/dev/null 2>"$work/log" ||
    { cat "$work/log"; exit 1; }
  read -r secs kb <"$work/time"
  printf '%-6s wall %5.2f s   peak RSS %6.1f MiB\n' "$2" "$secs" "$(echo "$kb/1024" | bc -l)"
}
for i in $(seq "$runs"); do
  rm -rf "$work/cache" "$work/out"
  build "$work/cache" cold
  rm -rf "$work/out"
  build "$work/cache" warm
done
