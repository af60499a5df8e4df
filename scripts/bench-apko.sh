#!/usr/bin/env bash
# Benchmark: the OS part of a pyko build against apko (issue 13: warm ≤ 0.8×
# apko). Both install the same world (python-3.11, ca-certificates-bundle,
# wolfi-baselayout: 21 APKs) from the offline Wolfi-named mirror served over
# loopback HTTP, as user 65532, into an OCI layout; pyko builds examples/hello
# (no Python dependencies) on top. SBOMs are on in both, at each tool's
# default: apko writes SPDX beside the image, pyko SPDX and CycloneDX inside
# it. Runs are interleaved: apko cold (empty --cache-dir), apko warm (same
# cache dir), pyko cold (empty PYKO_CACHE), pyko warm (same cache); the output
# is removed before every build. Prints each run, then medians of wall time and
# peak RSS and the ratios pyko/apko.
#   APKO=/path/to/apko RUNS=5 scripts/bench-apko.sh
# apko is not a Go module the proxy serves; build it from a checkout of
# github.com/chainguard-dev/apko with: go build -o /tmp/apko-bin/apko .
# (at d1b5d5ec the proxy refuses its go-erofs pseudo-version; first run
# go mod edit -replace github.com/erofs/go-erofs=github.com/erofs/go-erofs@v0.3.1)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${APKO:-}" ] || [ ! -x "$APKO" ]; then
  echo "bench-apko: set APKO to an apko binary (APKO=${APKO:-unset} is not executable)." >&2
  echo "  build one from a checkout of github.com/chainguard-dev/apko: go build -o /tmp/apko-bin/apko ." >&2
  echo "  (if the proxy refuses github.com/erofs/go-erofs: go mod edit -replace github.com/erofs/go-erofs=github.com/erofs/go-erofs@v0.3.1)" >&2
  exit 2
fi
APKO=$(cd "$(dirname "$APKO")" && pwd)/$(basename "$APKO")
runs=${RUNS:-${1:-3}}
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

# The world pyko resolves for --python 3.11 (internal/planner/world.go), and
# the user, workdir and environment pyko gives the image.
cat >"$work/apko.yaml" <<EOF
contents:
  repositories:
    - $url
  keyring:
    - $url/pyko-test.rsa.pub
  packages:
    - python-3.11
    - ca-certificates-bundle
    - wolfi-baselayout
accounts:
  groups:
    - groupname: nonroot
      gid: 65532
  users:
    - username: nonroot
      uid: 65532
      gid: 65532
  run-as: 65532
work-dir: /app
entrypoint:
  command: /usr/bin/python3.11
environment:
  PATH: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  LANG: C.UTF-8
  PYTHONUNBUFFERED: "1"
  SSL_CERT_FILE: /etc/ssl/certs/ca-certificates.crt
archs:
  - x86_64
EOF

# record KIND: reads $work/time (wall s, peak RSS KiB), prints and keeps it.
record() {
  read -r secs kb <"$work/time"
  echo "$secs" >>"$work/wall.$1"
  echo "$kb" >>"$work/rss.$1"
  printf '%-11s wall %5.2f s   peak RSS %6.1f MiB\n' "$1" "$secs" "$(echo "$kb/1024" | bc -l)"
}
apko_build() {
  rm -rf "$work/apko-out" "$work/apko-sbom"
  mkdir "$work/apko-out" "$work/apko-sbom" # an existing directory makes apko write an OCI layout
  (cd "$work" && /usr/bin/time -f "%e %M" -o "$work/time" "$APKO" build apko.yaml hello:latest apko-out \
    --arch x86_64 --cache-dir "$work/apko-cache" --sbom-path "$work/apko-sbom" >"$work/log" 2>&1) ||
    { cat "$work/log"; exit 1; }
  record "apko-$1"
}
pyko_build() {
  rm -rf "$work/pyko-out"
  PYKO_CACHE="$work/pyko-cache" /usr/bin/time -f "%e %M" -o "$work/time" "$work/pyko" build examples/hello \
    --repository "$url" --keyring "$url/pyko-test.rsa.pub" --python 3.11 -o "oci:$work/pyko-out:hello" >/dev/null 2>"$work/log" ||
    { cat "$work/log"; exit 1; }
  record "pyko-$1"
}
for i in $(seq "$runs"); do
  rm -rf "$work/apko-cache"
  apko_build cold
  apko_build warm
  rm -rf "$work/pyko-cache"
  pyko_build cold
  pyko_build warm
done

# Both images must hold the same packages: compare their installed databases.
python3 - "$work/apko-out" "$work/pyko-out" <<'EOF'
import json, sys, tarfile
def packages(d):
    blob = lambda dg: f"{d}/blobs/{dg.replace(':', '/')}"
    m = json.load(open(f"{d}/index.json"))["manifests"][0]
    m = json.load(open(blob(m["digest"])))
    if "manifests" in m:
        m = json.load(open(blob(m["manifests"][0]["digest"])))
    pkgs = set()
    for layer in m["layers"]:
        with tarfile.open(blob(layer["digest"]), "r:*") as t:
            for ti in t:
                if ti.name.lstrip("./") in ("usr/lib/apk/db/installed", "lib/apk/db/installed"):
                    name = None
                    for line in t.extractfile(ti).read().decode().splitlines():
                        if line.startswith("P:"): name = line[2:]
                        if line.startswith("V:"): pkgs.add(f"{name}-{line[2:]}")
    return pkgs
a, p = packages(sys.argv[1]), packages(sys.argv[2])
if a == p:
    print(f"packages   same {len(a)} APKs in both images")
else:
    print(f"packages   DIFFER: only apko {sorted(a - p)}, only pyko {sorted(p - a)}")
EOF

median() { sort -n "$1" | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
echo "medians of $runs runs"
for k in cold warm; do
  aw=$(median "$work/wall.apko-$k") ar=$(median "$work/rss.apko-$k")
  pw=$(median "$work/wall.pyko-$k") pr=$(median "$work/rss.pyko-$k")
  printf '%-5s apko wall %5.2f s  RSS %6.1f MiB | pyko wall %5.2f s  RSS %6.1f MiB | pyko/apko wall %.2fx  RSS %.2fx\n' \
    "$k" "$aw" "$(echo "$ar/1024" | bc -l)" "$pw" "$(echo "$pr/1024" | bc -l)" \
    "$(echo "$pw/$aw" | bc -l)" "$(echo "$pr/$ar" | bc -l)"
done
