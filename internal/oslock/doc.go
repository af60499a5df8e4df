// Package oslock reads and writes pyko.lock, the OS lockfile: for each
// architecture, the exact APK packages of the image (name, version,
// repository, control checksum, size) and the fingerprints of the keys that
// signed them, plus the inputs they were resolved from. A build with a lock
// fetches exactly those packages, so it gives the same image months later;
// `pyko lock --upgrade` moves it to the newest packages on purpose.
//
// The format is TOML, version 1; docs/LOCKFILE.md describes it.
package oslock
