#!/usr/bin/env bash
# Benchmark: build a Flask app (hash-pinned requirements.txt, real wheels made
# from Debian's packages) on the offline Wolfi-named mirror, with a cold and
# a warm download cache. Prints wall time, peak RSS and the image's
# compressed size.
#   scripts/bench-flask.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/pyko" ./cmd/pyko
mirror=$(go run ./scripts/wolfimirror)
mirror=${mirror%%$'\n'*}
wheels=$(go run ./scripts/debwheels)
wheels=${wheels##*$'\n'}
mkdir "$work/app"
go run ./scripts/debwheels -requirements >"$work/app/requirements.txt"
cat >"$work/app/main.py" <<'PY'
from flask import Flask
app = Flask(__name__)
print(app.test_client().get("/").status)
PY
build() {
  rm -rf "$work/out"
  PYKO_CACHE="$work/cache" /usr/bin/time -f "%e %M" -o "$work/time" "$work/pyko" build "$work/app" \
    --repository "$mirror" --keyring "$mirror/pyko-test.rsa.pub" --python 3.11 \
    --no-index --find-links "$wheels" -o "oci:$work/out:app" --metadata-file "$work/meta.json" >/dev/null 2>"$work/log" ||
    { cat "$work/log"; exit 1; }
  read -r secs kb <"$work/time"
  size=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(l["size"] for l in m["platforms"][0]["layers"]))' "$work/meta.json")
  printf '%-6s wall %5.2f s   peak RSS %6.1f MiB   image %5.1f MB compressed\n' "$1" "$secs" "$(echo "$kb/1024" | bc -l)" "$(echo "$size/1000000" | bc -l)"
}
for _ in $(seq "$runs"); do
  rm -rf "$work/cache"
  build cold
  build warm
done
