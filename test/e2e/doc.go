// Package e2e builds real images with the pyko binary and judges them with
// real OCI clients: skopeo, umoci, podman (runc), the distribution registry
// and the docker CLI through podman's Docker-API socket.
//
// The base image is a real glibc CPython from Debian's .deb files
// (internal/testutil/ocibase), cached under $PYKO_TEST_CACHE or
// ~/.cache/pyko-test. Missing tools skip the tests, or fail them with CI=true.
package e2e
