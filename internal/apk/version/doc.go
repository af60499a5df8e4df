// Package version orders APK package versions exactly as apk-tools does.
//
// A version is digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}:
// numbers compare numerically, except that a component with a leading zero
// compares as a string ("1.01" < "1.1", "8.2.0" < "8.2.001"); the suffixes
// _alpha _beta _pre _rc sort before the bare release and _cvs _svn _git _hg
// _p after it; "~hash" is a commit hash of lowercase hex digits compared as a
// string; "-rN" is the package revision. Invalid versions still compare (as
// far as their valid prefix goes), as they do in apk-tools.
//
// Reference: apk-tools src/version.c and its vectors test/unit/version.data,
// https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c
package version
