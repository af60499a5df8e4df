// Package provenance describes how an image was built as a SLSA
// provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance) in an
// in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md):
// the image's digests are the subjects, and every input that decided its
// bytes is a resolved dependency: the plan itself, the lockfile, the APK
// repositories and signing keys, each APK and wheel (or the source a
// wheel was built from), the base image. The JSON is written with
// encoding/json from plain structs, so the same build gives the same
// bytes (protojson, which the in-toto Go bindings use, promises no
// stable output).
package provenance

import (
	"encoding/json"
	"fmt"
)

// Type names, as the specifications spell them.
const (
	StatementType = "https://in-toto.io/Statement/v1"
	PredicateType = "https://slsa.dev/provenance/v1"
	// BuildType is how pyko builds: its plan, executed.
	BuildType = "https://github.com/pyko-dev/pyko/blob/main/docs/PLAN.md"
	// BuilderID names pyko as the builder.
	BuilderID = "https://github.com/pyko-dev/pyko"
	// MediaType is an in-toto statement's, as OCI referrers name it.
	MediaType = "application/vnd.in-toto+json"
)

// Statement is an in-toto Statement v1 with a SLSA provenance v1
// predicate.
type Statement struct {
	Type          string               `json:"_type"`
	Subject       []ResourceDescriptor `json:"subject"`
	PredicateType string               `json:"predicateType"`
	Predicate     Provenance           `json:"predicate"`
}

// ResourceDescriptor is an in-toto resource: a subject or a dependency.
type ResourceDescriptor struct {
	Name        string            `json:"name,omitempty"`
	URI         string            `json:"uri,omitempty"`
	Digest      map[string]string `json:"digest,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Provenance is the SLSA provenance v1 predicate.
type Provenance struct {
	BuildDefinition BuildDefinition `json:"buildDefinition"`
	RunDetails      RunDetails      `json:"runDetails"`
}

// BuildDefinition says what was built from what.
type BuildDefinition struct {
	BuildType            string               `json:"buildType"`
	ExternalParameters   map[string]any       `json:"externalParameters"`
	ResolvedDependencies []ResourceDescriptor `json:"resolvedDependencies,omitempty"`
}

// RunDetails says who built it.
type RunDetails struct {
	Builder Builder `json:"builder"`
}

// Builder is pyko, at a version.
type Builder struct {
	ID      string            `json:"id"`
	Version map[string]string `json:"version,omitempty"`
}

// Encode returns the statement as indented JSON.
func (s *Statement) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the provenance: %w", err)
	}
	return append(b, '\n'), nil
}

// EncodePredicate returns the predicate alone, as `cosign attest
// --predicate FILE --type slsaprovenance1` takes it.
func (s *Statement) EncodePredicate() ([]byte, error) {
	b, err := json.MarshalIndent(s.Predicate, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the provenance: %w", err)
	}
	return append(b, '\n'), nil
}
