#!/usr/bin/env bash
# Builds pyko's release archives: dist/pyko_VERSION_linux_ARCH.tar.gz for
# each platform (the binary, README.md, LICENSE when present) and
# dist/SHA256SUMS. The version is $1, else `git describe`; the archives are
# reproducible (trimmed paths, no build ID, sorted tar entries with the
# commit's time, gzip without a name or time), so anyone can rebuild them
# from the same commit and compare the sums.
#
#   scripts/release.sh v0.3.0                 # linux/amd64 and linux/arm64
#   PLATFORMS=linux/amd64 scripts/release.sh  # just one
#
# pyko runs on Linux only: its build sandbox is made of Linux namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
platforms=${PLATFORMS:-linux/amd64 linux/arm64}
out=${DIST:-dist}
epoch=$(git log -1 --format=%ct 2>/dev/null || echo 0)
# The commit is passed to the linker too: Go stamps it by itself only in a
# checkout whose .git is a directory (not in a git worktree).
commit=$(git rev-parse HEAD 2>/dev/null || true)
ctime=$(git log -1 --format=%cI 2>/dev/null | sed 's/+00:00$/Z/' || true)
modified=false
[ -n "$commit" ] && [ -n "$(git status --porcelain 2>/dev/null)" ] && modified=true
cli=github.com/pyko-dev/pyko/internal/cli

rm -rf "$out"
mkdir -p "$out"
for p in $platforms; do
	os=${p%/*} arch=${p#*/}
	name="pyko_${version}_${os}_${arch}"
	stage="$out/$name"
	mkdir -p "$stage"
	# -buildvcs=auto overrides a GOFLAGS=-buildvcs=false, so that
	# `pyko version` names the commit.
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=auto \
		-ldflags "-s -w -buildid= -X $cli.version=$version -X $cli.commit=$commit -X $cli.commitTime=$ctime -X $cli.commitModified=$modified" \
		-o "$stage/pyko" ./cmd/pyko
	cp README.md "$stage/"
	[ -f LICENSE ] && cp LICENSE "$stage/"
	tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
		-C "$out" -cf - "$name" | gzip -n -9 >"$out/$name.tar.gz"
	rm -rf "$stage"
	echo "$out/$name.tar.gz"
done
(cd "$out" && sha256sum -- *.tar.gz >SHA256SUMS)
echo "$out/SHA256SUMS"
