#!/usr/bin/env bash
# Builds pyko, makes a Python base image from Debian's packages (no
# internet needed beyond Debian's archive), builds examples/hello on it and
# runs the image with podman as uid 65532.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for t in podman runc skopeo; do command -v "$t" >/dev/null || need+=("$t"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

go build -o bin/pyko ./cmd/pyko
base=$(go run ./scripts/debian-base)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin/pyko build examples/hello --base "oci:$base:base" -o "oci:$out/image:hello"

# podman on these machines needs runc and lower ulimits (see docs/TESTING.md).
conf="$out/podman"
mkdir -p "$conf"
printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$conf" "$conf" >"$conf/storage.conf"
printf '[engine]\nruntime = "runc"\nevents_logger = "file"\nevents_logfile_path = "%s/events.log"\n[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n' "$conf" >"$conf/containers.conf"
export CONTAINERS_STORAGE_CONF="$conf/storage.conf" CONTAINERS_CONF="$conf/containers.conf"
skopeo copy -q "oci:$out/image:hello" containers-storage:localhost/pyko-hello:demo
podman run --rm --network=none localhost/pyko-hello:demo
podman system reset -f >/dev/null 2>&1 || true
