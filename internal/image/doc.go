// Package image assembles OCI images: it reads a base image from any source
// pyko accepts, looks inside it for what the config needs (the Python
// interpreter, the CA bundle, /etc/passwd), and appends pyko's layers with a
// deterministic config, history and annotations, one image per platform and
// an index over them.
//
// The formats are the OCI image spec's manifest, config and index:
// https://github.com/opencontainers/image-spec
package image
