// Package layer writes deterministic OCI layers.
//
// A layer is a tar stream of Entries, written sorted by path with every
// parent directory present, fixed owners, clamped modification times, no
// user or group names and no extended attributes, then compressed with gzip
// or zstd. The compressed bytes go to a temporary file while both digests
// (the compressed digest and the uncompressed diff-id) are computed in the
// same pass, so a layer is never held in memory.
//
// The layer format is the OCI image spec's "Image Layer Filesystem Changeset":
// https://github.com/opencontainers/image-spec/blob/main/layer.md
package layer
