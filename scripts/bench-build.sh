#!/usr/bin/env bash
# Benchmark: an app whose one dependency is a C-extension sdist (zext,
# linking libz), built from source. pyko build (the build root from the
# offline mirror, the sandbox, the image) cold (a new PYKO_CACHE each run)
# and cached (the built wheel from the cache), against `pip wheel` of the
# same sdist on the host (build isolation: setuptools and wheel from the
# same loopback index), paired runs with farm-bench. Quote the median
# ratios and the peak RSS. A third pair rebuilds the wheel with the
# build root cached.
#   scripts/bench-build.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'kill "$index_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/pyko" ./cmd/pyko
go build -o "$work/pyindex" ./scripts/pyindex
mirror=$(go run ./scripts/wolfimirror)
mirror=${mirror%%$'\n'*}
wheels=$(go run ./scripts/debwheels)
wheels=${wheels##*$'\n'}

# The index: the Debian wheels (setuptools, wheel, ...) and the sdist.
mkdir -p "$work/index" "$work/src/zext-1.0"
cp "$wheels"/*.whl "$work/index/"
cat >"$work/src/zext-1.0/setup.py" <<'PY'
from setuptools import setup, Extension
setup(name='zext', version='1.0', ext_modules=[Extension('zext', ['zext.c'], libraries=['z'])])
PY
cat >"$work/src/zext-1.0/zext.c" <<'C'
#include <Python.h>
#include <zlib.h>
static PyObject *version(PyObject *self, PyObject *args) { return PyUnicode_FromString(zlibVersion()); }
static PyMethodDef methods[] = {{"zlib_version", version, METH_NOARGS, ""}, {0}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "zext", 0, -1, methods};
PyMODINIT_FUNC PyInit_zext(void) { return PyModule_Create(&mod); }
C
printf 'Metadata-Version: 2.1\nName: zext\nVersion: 1.0\n' >"$work/src/zext-1.0/PKG-INFO"
printf '[build-system]\nrequires = ["setuptools>=40.8.0"]\nbuild-backend = "setuptools.build_meta"\n' >"$work/src/zext-1.0/pyproject.toml"
tar -C "$work/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "$work/index/zext-1.0.tar.gz" zext-1.0
sum=$(sha256sum "$work/index/zext-1.0.tar.gz" | cut -d' ' -f1)
"$work/pyindex" -no-metadata "$work/index" >"$work/url" &
index_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")

mkdir "$work/app"
printf 'import zext\nprint(zext.zlib_version())\n' >"$work/app/main.py"
printf '[project]\nname = "bench"\nversion = "0"\n\n[tool.pyko]\nbuild-packages = ["zlib-dev"]\n' >"$work/app/pyproject.toml"
printf 'zext==1.0 --hash=sha256:%s\n' "$sum" >"$work/app/requirements.txt"

pyko="$work/pyko build $work/app --repository $mirror --keyring $mirror/pyko-test.rsa.pub --python 3.11 --index-url $url -o oci:$work/out:app"
# Debian's own Python and pip: Debian's setuptools wheel (debwheels) is
# patched for Debian's Python (install_layout) and fails under another.
pip="env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null /usr/bin/python3 -m pip wheel --no-deps --no-cache-dir --disable-pip-version-check --quiet --index-url $url -w $work/pipwheels zext==1.0"
echo "== cold: pyko with a new PYKO_CACHE each run (APKs, build root, build requirements, build) vs pip wheel --no-cache-dir"
farm-bench -n "$runs" --timeout 900 --vs "$pip" -- sh -c "PYKO_CACHE=\$(mktemp -d -p $work) exec $pyko >/dev/null 2>&1"
echo "== cached: pyko with its cache warm (the built wheel reused; the image rebuilt) vs pip wheel --no-cache-dir"
PYKO_CACHE="$work/cache" $pyko >/dev/null 2>&1
farm-bench -n "$runs" --timeout 900 --vs "$pip" -- sh -c "PYKO_CACHE=$work/cache exec $pyko >/dev/null 2>&1"
echo "== rebuild: pyko with its cache warm but no built wheels (the build root cached, the sdist built again) vs pip wheel --no-cache-dir"
farm-bench -n "$runs" --timeout 900 --vs "$pip" -- sh -c "rm -rf $work/cache/built; PYKO_CACHE=$work/cache exec $pyko >/dev/null 2>&1"
