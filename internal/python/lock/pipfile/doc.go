// Package pipfile reads Pipfile.lock, pipenv's lockfile, and selects the
// packages to install for one target environment.
//
// The format is JSON, described in pipenv's docs
// (https://pipenv.pypa.io/en/latest/pipfile.html) and written by
// pipenv/project.py: "_meta" holds "pipfile-spec" (6 since 2018), the
// Pipfile's hash, "requires" and the package "sources" (name, url,
// verify_ssl); every other top-level key is a category of packages:
// "default" for [packages], "develop" for [dev-packages], and custom
// categories under their own names. A package entry is
//
//	"flask": {"version": "==3.0.3", "hashes": ["sha256:…"],
//	          "markers": "python_version >= '3.8'", "index": "pypi",
//	          "extras": ["async"]}
//
// or a direct reference: {"file": URL}, {"path": DIR}, {"git": URL, "ref":
// REV} (or hg, svn, bzr), possibly "editable": true. pyko installs pinned
// distributions and files; paths and VCS references need a build and are
// errors naming the entry.
//
// The lock is flat: every package, transitive ones included, is listed in
// each category it is needed by, with markers already combined, so extras
// pull nothing in. Source URLs may hold ${VAR} or $VAR, which pipenv
// expands from the environment.
package pipfile
