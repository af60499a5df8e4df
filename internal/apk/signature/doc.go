// Package signature holds the RSA keys that APK repositories are signed
// with and verifies APK v2 signatures.
//
// An APKINDEX.tar.gz or a .apk starts with a gzip stream holding one tar
// entry named ".SIGN.RSA.<key>" (PKCS#1 v1.5 over SHA-1) or
// ".SIGN.RSA256.<key>" (over SHA-256; apk-tools also reads ".SIGN.RSA512."),
// where <key> is the file name of the public key that verifies it, as
// installed in /etc/apk/keys. The signed
// bytes are the raw gzip stream that follows; callers hash them while
// streaming (HashFor) and hand the digest to Keyring.Verify.
//
// References: apk-tools src/apk_package.c (apk_sign_ctx), abuild-sign,
// https://wiki.alpinelinux.org/wiki/Apk_spec
package signature
