// Package imageref parses the places an image is read from or written to,
// as the command line names them:
//
//	NAME[:TAG|@DIGEST]     a registry reference (go-containerregistry's name)
//	oci:DIR[:TAG]          an OCI image layout directory
//	oci-archive:FILE       a tar file holding an OCI image layout
//	docker-archive:FILE    a `docker save` tar file
//	daemon                 the Docker Engine API at DOCKER_HOST
//
// A path may contain ':'. In oci:DIR:TAG the part after the last ':' is the
// TAG only if it is a valid tag (the distribution spec's grammar, which
// skopeo and podman use too); otherwise it belongs to DIR. An archive's
// FILE is everything after the prefix.
//
// Parse is pure: it never looks at the file system or the network. Each
// caller says which kinds it accepts and how its errors name the value.
package imageref
