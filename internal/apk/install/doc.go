// Package install applies APK packages' data tars to an in-memory image root
// and produces the layer entries of the result. No package script ever runs:
// what Wolfi's scripts and triggers would do is recreated natively by
// Tree.Finish (the installed database, accounts, busybox applet links,
// ld.so.cache, apk's world and repositories).
//
// The tree keeps metadata in memory and streams each regular file's content
// into a content-addressed file under the temp dir. Paths resolve against
// the tree built so far, following symlinked directories (Wolfi's merged
// /usr: lib -> usr/lib, bin -> usr/bin), with absolute link targets taken
// relative to the image root; a path or link that would leave the root is an
// error naming the package and the path.
//
// File conflicts follow apk-tools' apk_db_install_file: a package may
// overwrite its own files and those of a package from the same origin; a
// "replaces" on either side decides, the higher replaces_priority winning;
// anything else is a FileConflictError, except that byte-identical files are
// tolerated as apko tolerates them (Wolfi images are built by apko).
//
// References: apk-tools src/database.c (apk_db_install_file,
// apk_db_fdb_write) and src/package.c (apk_pkg_write_index_header),
// https://gitlab.alpinelinux.org/alpine/apk-tools; apko pkg/apk/apk/install.go
// and pkg/build (busybox.go, ldconfig.go, accounts.go),
// https://github.com/chainguard-dev/apko.
package install
