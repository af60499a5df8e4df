// Package apkrepo writes signed APK v2 packages and repositories for tests:
// the same bytes melange and `apk index` + abuild-sign produce, so that
// pyko's index, fetch and install code is tested against the real format.
//
// A package is three concatenated gzip members: a signature tar holding
// `.SIGN.RSA256.<key>` (RSA PKCS#1 v1.5 over the SHA-256 of member 2's raw
// bytes; `.SIGN.RSA.` over SHA-1 with [SignSHA1]), a control tar holding
// `.PKGINFO` (with datahash, the hex SHA-256 of member 3's raw bytes) and
// the package scripts, and a data tar whose regular files and symlinks carry
// an `APK-TOOLS.checksum.SHA1` PAX record. The signature and control tars are
// "cut" (no end-of-archive blocks); the data tar is complete. A repository is
// `<dir>/<arch>/<name>-<version>.apk` files and `<dir>/<arch>/APKINDEX.tar.gz`
// (a signature member, then a tar of DESCRIPTION and APKINDEX).
//
// Options produce the bad inputs negative tests need: tampered indexes and
// data, unknown signers, unsafe paths and absurd tar sizes. [Serve] serves a
// repository on loopback with ETag and Last-Modified and counts requests.
//
// References: https://wiki.alpinelinux.org/wiki/Apk_spec, apk-tools'
// doc/apk-package.5, melange's pkg/build/package.go, abuild's abuild-sign.
package apkrepo
