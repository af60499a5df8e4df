// Package sbom describes what an image holds — its OS packages, its
// Python packages, the application itself and, on a base image, the
// base's packages — in one model that the spdx and cyclonedx packages
// encode. A Document is made from what the build knows (the packages'
// own metadata, the plan), never from scanning the image afterwards, and
// holds nothing that varies between builds of the same input, so the
// same input gives the same bytes.
package sbom
