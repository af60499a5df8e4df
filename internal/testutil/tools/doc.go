// Package tools gives tests the real OCI clients installed on the machine as
// judges: skopeo, umoci, podman (with runc), the distribution registry and
// the docker CLI through podman's Docker-API socket.
//
// Every helper is private to its test: podman gets its own storage and
// configuration through CONTAINERS_STORAGE_CONF and CONTAINERS_CONF set only
// on the commands it runs, and registries listen on free loopback ports.
// A missing tool skips the test, except with CI=true, where it fails it.
package tools
