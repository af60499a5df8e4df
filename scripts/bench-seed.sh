#!/usr/bin/env bash
# Benchmark (issue 13): the Flask app built, interleaved, three ways:
#   seed        the seed's two-stage Dockerfile (../shared/seed) with buildah
#               (bud --layers, chroot isolation, vfs storage) on the tests'
#               Debian Python base (wolfi-base cannot be pulled here), pip
#               from the loopback index;
#   pyko-wolfi  pyko from the offline Wolfi-named mirror;
#   pyko-base   pyko on the same Debian Python base.
# Each is built cold (empty caches; the seed keeps its two base images),
# after an edit of main.py, and again with nothing changed; then each image
# is run read-only: `podman run` of main.py (start) and `import flask`
# timed inside (import). Each timed command starts after a sync. Prints medians of RUNS, ratios against the seed,
# peak RSS of the builds and the images' sizes; fails if two pyko builds
# of the same input differ.
#   scripts/bench-seed.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
index_pid=
export CONTAINERS_STORAGE_CONF="$work/storage.conf" CONTAINERS_CONF="$work/containers.conf"
cleanup() {
	[ -n "$index_pid" ] && kill "$index_pid" 2>/dev/null || true
	podman system reset -f >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT
printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$work" "$work" >"$CONTAINERS_STORAGE_CONF"
printf '[engine]\nruntime = "runc"\nevents_logger = "file"\nevents_logfile_path = "%s/events.log"\n[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n' "$work" >"$CONTAINERS_CONF"

go build -o "$work/pyko" ./cmd/pyko
go build -o "$work/pyindex" ./scripts/pyindex
mirror=$(go run ./scripts/wolfimirror)
mirror=${mirror%%$'\n'*}
wheels=$(go run ./scripts/debwheels)
wheels=${wheels##*$'\n'}
base=$(go run ./scripts/debian-base)
builder=$(go run ./scripts/debian-base -pip)
# Debian 12's pip 23.0 cannot read PEP 714's metadata dict.
"$work/pyindex" -no-metadata "$wheels" >"$work/url" &
index_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")

mkdir "$work/app" "$work/r"
go run ./scripts/debwheels -requirements >"$work/app/requirements.txt"
printf 'from flask import Flask\napp = Flask(__name__)\nprint(app.test_client().get("/").status)\n' >"$work/app/main.py"
# The seed's Dockerfile, in exec form: the Debian base has no /bin/sh.
cat >"$work/Dockerfile" <<DOCKERFILE
FROM localhost/debian-python-pip:3.11 AS build
WORKDIR /build
RUN ["/usr/bin/python3.11", "-m", "venv", "/build/venv"]
COPY requirements.txt /requirements.txt
RUN ["/build/venv/bin/pip", "install", "--no-cache-dir", "--index-url", "$url", "-r", "/requirements.txt"]
FROM localhost/debian-python:3.11
WORKDIR /app
COPY --from=build /build/venv venv
COPY . .
USER 65534
ENTRYPOINT ["/app/venv/bin/python", "main.py"]
DOCKERFILE

bases() {
	skopeo copy -q "oci:$builder:base" containers-storage:localhost/debian-python-pip:3.11
	skopeo copy -q "oci:$base:base" containers-storage:localhost/debian-python:3.11
}
# timed NAME PHASE CMD...: runs CMD, appends "seconds peak-KiB" to
# $work/r/NAME.PHASE. Dirty pages are written out first, so that no
# build pays for the disk writes of the one before (buildah's vfs
# storage writes hundreds of megabytes).
timed() {
	local name=$1 phase=$2
	shift 2
	sync
	/usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	cat "$work/t" >>"$work/r/$name.$phase"
}
build() {
	case $1 in
	seed) timed seed "$2" buildah bud -q --isolation chroot --layers --pull=never -f "$work/Dockerfile" -t localhost/seed:1 "$work/app" ;;
	pyko-wolfi) timed pyko-wolfi "$2" env PYKO_CACHE="$work/cache-wolfi" "$work/pyko" build "$work/app" \
		--repository "$mirror" --keyring "$mirror/pyko-test.rsa.pub" --python 3.11 --index-url "$url" -o "oci:$work/out-wolfi:app" ;;
	pyko-base) timed pyko-base "$2" env PYKO_CACHE="$work/cache-base" "$work/pyko" build "$work/app" \
		--base "oci:$base:base" --index-url "$url" -o "oci:$work/out-base:app" ;;
	esac
}
cold() {
	case $1 in
	seed) buildah rm -a >/dev/null; buildah rmi -a -f >/dev/null 2>&1 || true; bases ;;
	pyko-wolfi) rm -rf "$work/cache-wolfi" ;;
	pyko-base) rm -rf "$work/cache-base" ;;
	esac
}
variants="seed pyko-wolfi pyko-base"
for i in $(seq "$runs"); do
	echo "run $i/$runs" >&2
	for v in $variants; do
		cold "$v"
		build "$v" cold
		echo "# edit $i $v" >>"$work/app/main.py"
		build "$v" edit
		build "$v" noop
	done
done
# A warm and a cold pyko build of the same input give the same digest.
for v in wolfi base; do
	build "pyko-$v" again
	d1=$(skopeo inspect --format '{{.Digest}}' "oci:$work/out-$v:app")
	cold "pyko-$v"
	build "pyko-$v" again
	d2=$(skopeo inspect --format '{{.Digest}}' "oci:$work/out-$v:app")
	[ "$d1" = "$d2" ] || { echo "pyko-$v is not reproducible: $d1 warm, $d2 cold" >&2; exit 1; }
	echo "pyko-$v: $d1 warm and cold" >&2
done

skopeo copy -q "oci:$work/out-wolfi:app" containers-storage:localhost/pyko-wolfi:1
skopeo copy -q "oci:$work/out-base:app" containers-storage:localhost/pyko-base:1
import='import time; t = time.perf_counter(); import flask; print(round((time.perf_counter() - t) * 1000, 1))'
for i in $(seq $((runs * 2))); do
	for v in $variants; do
		img=localhost/$v:1
		timed "$v" start podman run --rm --network=none --read-only "$img"
		podman run --rm --network=none --read-only --entrypoint /app/venv/bin/python "$img" -c "$import" >>"$work/r/$v.import"
		[ "$i" = 1 ] && podman image inspect --format '{{.Size}}' "$img" >"$work/r/$v.size"
	done
done

python3 - "$work/r" $variants <<'REPORT'
import os, statistics, sys
d, variants = sys.argv[1], sys.argv[2:]
def col(v, phase, i=0):
    with open(os.path.join(d, f"{v}.{phase}")) as f:
        return [float(l.split()[i]) for l in f if l.strip()]
print(f"{'':10}" + "".join(f"{v:>24}" for v in variants))
for phase, unit in [("cold", "s"), ("edit", "s"), ("noop", "s"), ("start", "s"), ("import", "ms")]:
    seed = statistics.median(col("seed", phase))
    cells = [f"{statistics.median(col(v, phase)):8.2f} {unit:2} ({statistics.median(col(v, phase)) / seed:5.2f}x)" for v in variants]
    print(f"{phase:10}" + "".join(f"{c:>24}" for c in cells))
rss = [max(max(col(v, p, 1)) for p in ("cold", "edit", "noop")) / 1024 for v in variants]
print(f"{'peak RSS':10}" + "".join(f"{r:17.1f} MiB  " for r in rss))
sizes = [int(open(os.path.join(d, v + ".size")).read()) / 1e6 for v in variants]
print(f"{'size':10}" + "".join(f"{s:18.1f} MB  " for s in sizes))
REPORT
