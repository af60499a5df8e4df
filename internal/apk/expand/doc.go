// Package expand opens one .apk file and verifies it before anything in it
// is used.
//
// An APK v2 package is three concatenated gzip streams: an optional
// signature tar (".SIGN.RSA.<key>" over the SHA-1, or ".SIGN.RSA256.<key>"
// over the SHA-256, of the raw control stream), the control tar (.PKGINFO
// and install scripts, which pyko never runs) and the data tar. abuild and
// melange write the signature and control tars "cut", without end-of-archive
// blocks, so that the three read as one tar. The index's C: field is "Q1" +
// base64 of the SHA-1 of the raw control stream, and .PKGINFO's datahash is
// the hex SHA-256 of the raw data stream: together with a signed index they
// pin every byte of the package.
//
// Expand finds the stream boundaries by decompressing each stream with a
// gzip reader that stops at the end of its stream and reads through a tee
// that captures exactly the raw bytes it consumed. The data stream is
// hashed while it is copied to a temporary file, never held in memory.
//
// References: https://wiki.alpinelinux.org/wiki/Apk_spec,
// apk-tools src/package.c, melange pkg/build/package.go.
package expand
