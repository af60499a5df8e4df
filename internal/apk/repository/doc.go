// Package repository is an APK repository as pyko sees it: a base URL with
// one directory per architecture, each holding a signed APKINDEX.tar.gz and
// the packages it lists, plus the keys that sign them.
//
//	<URL>/<arch>/APKINDEX.tar.gz
//	<URL>/<arch>/<name>-<version>.apk
//
// URLs are https://, http://, file:// or absolute paths (see package
// fetch). Indexes and keys are revalidated on every run (ETag,
// If-Modified-Since) and served from the cache offline; packages are cached
// by architecture, name, version and control checksum, and enter the cache
// only after internal/apk/expand verified them against their index entry.
//
// A key is named by its file name: signatures name the key that made them
// (".SIGN.RSA.wolfi-signing.rsa.pub"), so a key fetched from
// https://packages.wolfi.dev/os/wolfi-signing.rsa.pub is trusted under
// "wolfi-signing.rsa.pub".
//
// References: https://wiki.alpinelinux.org/wiki/Apk_spec,
// apk-tools doc/apk-repositories.5.
package repository
