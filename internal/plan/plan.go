package plan

// SchemaVersion is the version of the JSON form of a Plan; docs/PLAN.md
// describes it. Fields are only ever added within a version.
const SchemaVersion = 1

// Plan is everything an image will contain, decided before any package
// or wheel is downloaded. It holds no timestamps and no host paths, so
// that its JSON diffs cleanly when an input changes.
type Plan struct {
	SchemaVersion int        `json:"schemaVersion"`
	Project       Project    `json:"project"`
	Platforms     []Platform `json:"platforms"`
}

// Project is the project being built.
type Project struct {
	Name     string `json:"name,omitempty"`
	Version  string `json:"version,omitempty"`
	Lockfile string `json:"lockfile,omitempty"` // file name, relative to the project
}

// Platform is one platform's image.
type Platform struct {
	Platform string `json:"platform"`
	// Base is set for an image built on a base image; OS for one built
	// from packages.
	Base   *Base   `json:"base,omitempty"`
	OS     *OS     `json:"os,omitempty"`
	Python Python  `json:"python"`
	Wheels []Wheel `json:"wheels"`
	// Self is the project installed as a distribution, when it is one.
	Self   *Self   `json:"self,omitempty"`
	Layers []Layer `json:"layers"`
	Config Config  `json:"config"`
}

// Base is a base image.
type Base struct {
	Reference string `json:"reference"`
	Digest    string `json:"digest"`
}

// OS is the APK part of an image built from packages.
type OS struct {
	Arch     string      `json:"arch"`
	Lockfile bool        `json:"fromLockfile"`
	Packages []OSPackage `json:"packages"`
}

// OSPackage is one APK, in install order.
type OSPackage struct {
	Name       string `json:"name"`
	Version    string `json:"version"`
	Origin     string `json:"origin,omitempty"`
	Repository string `json:"repository"`
	Checksum   string `json:"checksum"`
	Size       int64  `json:"size"`
}

// Python is the interpreter wheels are chosen for.
type Python struct {
	Interpreter string `json:"interpreter,omitempty"`
	Version     string `json:"version,omitempty"`
	Glibc       string `json:"glibc,omitempty"`
}

// Self is the project as an installed distribution.
type Self struct {
	Name     string   `json:"name"`
	Version  string   `json:"version"`
	CodeRoot string   `json:"codeRoot"`
	Scripts  []string `json:"scripts,omitempty"`
}

// Layer is one planned layer, in image order. Kind is "os", "generated",
// "accounts", "python" or "app"; Contents names what is in it: packages
// (name-version) or a description.
type Layer struct {
	Kind     string   `json:"kind"`
	Contents []string `json:"contents"`
}

// Config is the image config pyko sets.
type Config struct {
	User       string            `json:"user"`
	WorkingDir string            `json:"workingDir"`
	Entrypoint []string          `json:"entrypoint"`
	Env        []string          `json:"env"`
	Labels     map[string]string `json:"labels,omitempty"`
}
