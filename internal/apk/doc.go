// Package apk holds the vocabulary of Alpine's package format (APK v2) as
// Wolfi uses it: a Package as an APKINDEX or a .PKGINFO describes it, and
// Dependency, the constraint syntax of depends, provides, install_if and
// conflicts. Its subpackages implement one concern each: version ordering,
// signatures, the index, package files, the resolver and the installer.
//
// References: apk-tools' doc/apk-package.5 and src/package.c,
// https://wiki.alpinelinux.org/wiki/Apk_spec
package apk
