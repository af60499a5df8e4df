package planner

import (
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/pyko-dev/pyko/internal/fetch"
	"github.com/pyko-dev/pyko/internal/image"
	"github.com/pyko-dev/pyko/internal/layer"
)

// Options are what the image is planned from, already checked: the
// flags and [tool.pyko] keys that shape the image.
type Options struct {
	// Fetch reads indexes, keys and index pages, through pyko's cache.
	// Required.
	Fetch *fetch.Client
	// Base is the base image reference; empty builds from packages.
	Base string
	// OpenedBase is Base, when the caller has already opened it; nil:
	// opened here.
	OpenedBase *image.Base
	// Insecure lists registry hosts reached over plain HTTP.
	Insecure []string
	// HTTPTimeout cuts a base-image registry exchange silent for that
	// long. Zero: never.
	HTTPTimeout time.Duration
	// Platforms to plan; empty is linux/amd64 from packages and every
	// platform of a base.
	Platforms []v1.Platform
	// User is UID[:GID] or a user name. Default 65532:65532.
	User string
	// Env are K=V pairs; Labels the config labels; Annotations the
	// manifest's (and the index's).
	Env         []string
	Labels      map[string]string
	Annotations map[string]string
	// Healthcheck is the config's healthcheck test (["CMD", ...]).
	Healthcheck []string
	// Entrypoint is a file, "-m module" or a JSON array.
	Entrypoint string
	// Python is the Python version 3.X from the APK repositories.
	Python string
	// Repositories and Keyrings are APK repositories and their keys.
	// Default Wolfi's, with its key.
	Repositories, Keyrings []string
	// StopSignal is the image's stop signal; "" is DefaultStopSignal.
	StopSignal string
	// Packages are extra APKs; Shell adds busybox.
	Packages []string
	Shell    bool
	// BuildPackages are APKs the build root of source builds gets besides
	// python-3.X-dev and build-base ([tool.pyko] build-packages).
	BuildPackages []string
	// NoBuild refuses to build any package from source; OnlyBinary
	// refuses for the packages it names (":all:" is every package).
	NoBuild bool
	// NoCompile leaves the Python sources without bytecode.
	NoCompile bool
	// SBOM are the formats of the image's bill of materials (none: no
	// SBOM layer); Tool names the producer in it ("pyko v1.2.0").
	SBOM       []string
	Tool       string
	OnlyBinary []string
	// OSLayers is the most layers the OS packages get. Default 4.
	OSLayers int
	// Lock is the Python lockfile, relative to the project; Groups and
	// Extras select from it.
	Lock           string
	Groups, Extras []string
	// IndexURL, ExtraIndexURLs and FindLinks are where wheels are found;
	// Upgrade re-resolves a pylock.toml pyko wrote, ignoring its pins;
	// UpgradePackages ignores only theirs (pyko lock).
	Upgrade         bool
	UpgradePackages []string
	// Locked makes dependencies that must be resolved an error (for CI:
	// the lockfile must pin everything).
	Locked bool
	// NoDeps skips the check that the lockfile holds every dependency of
	// what it lists (pip's --no-deps).
	NoDeps bool
	// NoIndex uses no index; VenvPip adds pip.
	IndexURL       string
	ExtraIndexURLs []string
	FindLinks      []string
	NoIndex        bool
	VenvPip        bool
	// LargePackage is the wheel size above which a package gets a layer
	// of its own. Default 20 MB.
	LargePackage int64
	// Compression of every layer.
	Compression layer.Compression
	// Created is SOURCE_DATE_EPOCH; zero when unset.
	Created time.Time
	// TempDir receives an oci-archive base's unpacked layout.
	TempDir string
}
