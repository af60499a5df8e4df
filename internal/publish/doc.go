// Package publish writes a built image somewhere: a registry, an OCI image
// layout directory, an oci-archive or docker-archive tar file, or the Docker
// Engine API (which podman serves too).
//
// A build result is a v1.Image (one platform) or a v1.ImageIndex (several).
// Every file sink is atomic: it writes to a temporary sibling and renames it
// into place, so a failed publish leaves no partial file or directory.
//
// References:
//   - OCI image layout: https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md
//   - ref.name annotation: https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md
//   - docker-archive (docker save): https://github.com/moby/docker-image-spec/blob/v1.3.1/spec.md
//   - Docker Engine API image load: https://docs.docker.com/reference/api/engine/version/v1.43/#tag/Image/operation/ImageLoad
package publish
