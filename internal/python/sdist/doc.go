// Package sdist unpacks Python source distributions (PEP 625:
// {name}-{version}.tar.gz; older ones are .zip) safely, for builds from
// source: every member must lie under the archive's one top-level
// directory, links may not leave the tree, only files, directories and
// in-tree links are made, modes are normalised, and the archive's size
// and member count are capped while streaming. It also reads PKG-INFO.
package sdist
