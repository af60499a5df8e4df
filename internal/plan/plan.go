package plan

import "github.com/pyko-dev/pyko/internal/target"

// SchemaVersion is the version of the JSON form of a Plan; docs/PLAN.md
// describes it. Fields are only ever added within a version, and pyko
// executes only plans of its own version.
const SchemaVersion = 2

// Plan is everything an image will contain, decided before any package
// or wheel is downloaded: planning produces it, execution consumes it and
// nothing else. It holds no clock time, no host path pyko chose and no
// credentials, so that its JSON diffs cleanly when an input changes.
type Plan struct {
	SchemaVersion int     `json:"schemaVersion"`
	Project       Project `json:"project"`
	// Layers holds what shapes every layer's bytes.
	Layers    LayerFormat `json:"layerFormat"`
	App       App         `json:"app"`
	Platforms []Platform  `json:"platforms"`
	// IndexAnnotations go on the image index of a multi-platform image,
	// "org.opencontainers.image.created" aside (execution adds it).
	IndexAnnotations map[string]string `json:"indexAnnotations,omitempty"`
	// Seal is the plan's digest (see Seal): a plan edited after pyko wrote
	// it no longer matches it.
	Seal string `json:"seal"`
}

// Project is the project being built.
type Project struct {
	Name     string `json:"name,omitempty"`
	Version  string `json:"version,omitempty"`
	Lockfile string `json:"lockfile,omitempty"` // file name, relative to the project
	// NoDeps skips the dependency check (--no-deps): planning's of the
	// lock, and execution's of the wheels built from source, whose
	// Requires-Dist is known only once built.
	NoDeps bool `json:"noDeps,omitempty"`
}

// LayerFormat holds the settings every layer is written with.
type LayerFormat struct {
	// Compression is "gzip" or "zstd".
	Compression string `json:"compression"`
	// SourceDateEpoch is SOURCE_DATE_EPOCH in seconds, when set: the
	// image's creation time and the newest file time.
	SourceDateEpoch *int64 `json:"sourceDateEpoch,omitempty"`
}

// App is the project's files, copied to Dir in every image.
type App struct {
	Dir   string    `json:"dir"`
	Files []AppFile `json:"files"`
}

// AppFile is one file of the project as it goes into the image: the mode
// is already the image's (0644, 0755), and regular files carry the hash
// their bytes are checked against when the layer is written.
type AppFile struct {
	Path   string `json:"path"` // relative to the project directory, slash-separated
	Type   string `json:"type"` // "file", "dir" or "symlink"
	Mode   string `json:"mode"` // octal, "0644"
	Size   int64  `json:"size,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Link   string `json:"link,omitempty"`
}

// Platform is one platform's image.
type Platform struct {
	Platform string        `json:"platform"`
	Target   target.Target `json:"target"`
	// Base is set for an image built on a base image; OS for one built
	// from packages.
	Base   *Base   `json:"base,omitempty"`
	OS     *OS     `json:"os,omitempty"`
	Wheels []Wheel `json:"wheels"`
	// BuildRoot is the APK root the wheels marked Build are built in:
	// set exactly when one is. It is resolved like OS, from the same
	// repositories and keys (an image on a base has one too).
	BuildRoot *OS `json:"buildRoot,omitempty"`
	// Bytecode is how the Python sources are compiled to .pyc; nil when
	// they are not (--no-compile, or no interpreter to compile with).
	Bytecode *Bytecode `json:"bytecode,omitempty"`
	// Self is the project installed as a distribution, when it is one.
	Self   *Self   `json:"self,omitempty"`
	Layers []Layer `json:"layers"`
	Config Config  `json:"config"`
}

// Base is the image of a base for one platform.
type Base struct {
	Reference string `json:"reference"`
	// Digest is this platform's image manifest digest.
	Digest string `json:"digest"`
}

// OS is the APK part of an image built from packages.
type OS struct {
	Arch     string `json:"arch"`
	Lockfile bool   `json:"fromLockfile"`
	// World is what was resolved: "python-3.12", "ca-certificates-bundle"…
	World []string `json:"world"`
	// Repositories are the repository URLs without credentials.
	Repositories []string `json:"repositories"`
	// Keys are the keys every package must be signed with one of.
	Keys []Key `json:"keys"`
	// Indexes are the APKINDEX files the packages were resolved from, by
	// URL without credentials, with their sha256 (none when an OS
	// lockfile decided the packages): for provenance.
	Indexes  []IndexFile `json:"indexes,omitempty"`
	Packages []OSPackage `json:"packages"`
	// Account is the run-as user written into /etc/passwd and /etc/group.
	Account *Account `json:"account,omitempty"`
}

// IndexFile is an APK index read when planning.
type IndexFile struct {
	URL    string `json:"url"`
	SHA256 string `json:"sha256"`
}

// Account is a user the image gets.
type Account struct {
	Name string `json:"name"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	Home string `json:"home"`
}

// Key is a trusted APK signing key: Source is where it was read (a path
// or URL), SHA256 the digest of its DER (PKIX) encoding.
type Key struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Source string `json:"source"`
}

// OSPackage is one APK, in install order.
type OSPackage struct {
	Name       string `json:"name"`
	Version    string `json:"version"`
	Origin     string `json:"origin,omitempty"`
	Repository string `json:"repository"`
	// Checksum is the index's C: field, the SHA-1 of the control stream
	// the package's signature covers.
	Checksum string `json:"checksum"`
	Size     int64  `json:"size"`
	// InstalledSize is the index's I:; the executor caps what the
	// package may decompress to by it (0: .PKGINFO's size).
	InstalledSize int64 `json:"installedSize,omitempty"`
}

// ID is "name-version".
func (p OSPackage) ID() string { return p.Name + "-" + p.Version }

// Self is the project as an installed distribution: the metadata, .pth
// and launchers written into the venv.
type Self struct {
	Name           string            `json:"name"`
	Version        string            `json:"version"`
	RequiresPython string            `json:"requiresPython,omitempty"`
	Dependencies   []string          `json:"dependencies,omitempty"`
	Scripts        map[string]string `json:"scripts,omitempty"`
	GUIScripts     map[string]string `json:"guiScripts,omitempty"`
	CodeRoot       string            `json:"codeRoot"`
}

// Layer kinds, in the order they appear in an image.
const (
	KindAccounts  = "accounts"
	KindOS        = "os"
	KindGenerated = "generated"
	KindBytecode  = "bytecode"
	KindPython    = "python"
	KindApp       = "app"
	KindSBOM      = "sbom"
)

// SBOM formats of an "sbom" layer.
const (
	SBOMSPDX      = "spdx"
	SBOMCycloneDX = "cyclonedx"
)

// Layer is one planned layer, in image order. What is in it depends on
// Kind: Files for "accounts"; Packages (IDs of OS packages) for "os";
// Note for "generated" (what pyko writes for the packages) and for
// "bytecode" (the base's standard library directory whose pycs it holds,
// on an image on a base whose stdlib has none); Venv and
// Wheels ("name==version") for "python"; the App's files (and Self) for
// "app"; SBOM (its formats) and Note (the producer, "pyko v1.2.0") for
// "sbom", the image's bill of materials under /var/lib/db/sbom/.
type Layer struct {
	Kind     string      `json:"kind"`
	Packages []string    `json:"packages,omitempty"`
	Venv     string      `json:"venv,omitempty"`
	Wheels   []string    `json:"wheels,omitempty"`
	Files    []LayerFile `json:"files,omitempty"`
	Note     string      `json:"note,omitempty"`
	SBOM     []string    `json:"sbom,omitempty"`
}

// LayerFile is a file pyko writes into a layer as it is: Content for a
// regular file, nothing for a directory.
type LayerFile struct {
	Path    string `json:"path"`
	Type    string `json:"type"` // "file" or "dir"
	Mode    string `json:"mode"`
	UID     int    `json:"uid,omitempty"`
	GID     int    `json:"gid,omitempty"`
	Content string `json:"content,omitempty"`
}

// Config is the image config pyko sets, over the base's.
type Config struct {
	User       string   `json:"user"`
	WorkingDir string   `json:"workingDir"`
	Entrypoint []string `json:"entrypoint"`
	// StopSignal is what "docker stop" and Kubernetes send: SIGINT by
	// default, which Python turns into KeyboardInterrupt even as PID 1,
	// where SIGTERM without a handler is ignored.
	StopSignal string `json:"stopSignal,omitempty"`
	// Healthcheck is the Docker config's healthcheck test: ["CMD", ...]
	// (exec form: the image has no shell), or ["NONE"] to turn the
	// base's off; podman, Docker and Compose run it, Kubernetes does not.
	Healthcheck []string `json:"healthcheck,omitempty"`
	// Env is the whole environment, the base's included.
	Env []string `json:"env"`
	// Labels are added to the base's.
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations go on the manifest, "org.opencontainers.image.created"
	// aside (execution adds it).
	Annotations map[string]string `json:"annotations,omitempty"`
}
