// Package ocibase packs a root filesystem (such as one from package debroot)
// into an OCI image layout with pyko's own layer writer, to serve as the
// base image of end-to-end tests: one gzip layer, linux config with a
// standard PATH, and an org.opencontainers.image.ref.name annotation so the
// image is addressable as oci:DIR:TAG.
package ocibase
