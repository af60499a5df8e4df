// Package index reads and writes APK repository indexes.
//
// APKINDEX.tar.gz is two concatenated gzip streams: a tar holding one
// signature entry (".SIGN.RSA.<key>" or ".SIGN.RSA256.<key>"), then a tar
// holding APKINDEX and DESCRIPTION. The signature covers the raw bytes of
// the second gzip stream exactly as they appear in the file. Read verifies
// it before it parses a byte of that stream.
//
// APKINDEX is text: one record per package, records separated by blank
// lines, each line "X:value" where X is a one-letter field (see the
// comments of apk.Package). ParsePKGINFO reads the same facts from a
// package's .PKGINFO ("key = value" lines).
//
// References: apk-tools src/package.c (apk_pkg_add_info,
// apk_pkg_write_index_header), https://wiki.alpinelinux.org/wiki/Apk_spec
// and https://wiki.alpinelinux.org/wiki/Alpine_package_format
package index
