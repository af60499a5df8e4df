// Package requirements reads pip's requirements file format as a lock: a
// requirements.txt whose every requirement is pinned to one version (as
// `uv pip compile --generate-hashes` and `pip-compile --generate-hashes`
// write them), evaluated for one target environment.
//
// The format: https://pip.pypa.io/en/stable/reference/requirements-file-format/
// Where the page is silent, behaviour follows pip's src/pip/_internal/req/
// req_file.py and constructors.py. The traps it keeps:
//
//   - A line ending in "\" is joined with the next one, with the backslash
//     removed and nothing put in its place; a comment line ends the join.
//     The joined line is numbered after its first physical line.
//   - "#" starts a comment only at the start of a line or after whitespace,
//     so "https://host/x.whl#sha256=…" keeps its fragment. A comment that
//     ends in "\" still joins the next line, which the comment then eats.
//   - Only "${NAME}" is expanded, NAME being upper-case letters, digits and
//     "_"; an unset or empty variable is left as written. Expansion comes
//     after comments are removed, so a "#" in a value is not a comment.
//   - A line is split at the first word starting with "-": before it is the
//     requirement, which is never shell-split (its marker may hold quotes);
//     after it are options, which are shell-split.
//   - "-r" and "-c" paths are relative to the including file; "-r" inside a
//     constraints file still includes requirements, as in pip.
//   - A bare URL or path (./dist/x.whl) is a requirement named by its file
//     name or "#egg=" fragment; a URL's marker must follow "; ", since ";"
//     may appear in a URL. "name @ ./dist/x.whl" and "name @ file:x.whl",
//     which PEP 508 does not allow, are relative to the file, as in pip.
//
// pyko installs what the file pins and resolves nothing: a requirement must
// be pinned with "==" (no wildcard), "===" or a direct URL, either on its
// own line or by a constraints file (-c). Extras do not pull anything in
// (the compiled file lists every package); editable requirements and VCS
// URLs are errors, since an image holds built distributions only.
package requirements
