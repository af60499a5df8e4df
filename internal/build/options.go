package build

import (
	"time"

	"github.com/pyko-dev/pyko/internal/progress"
	"github.com/pyko-dev/pyko/internal/regcache"
	"github.com/pyko-dev/pyko/internal/sign"
)

// Options are the inputs of one build, as the CLI and [tool.pyko] give them.
type Options struct {
	// Dir is the project directory.
	Dir string
	// Base is the base image: a registry reference, oci:DIR[:TAG],
	// oci-archive:FILE or docker-archive:FILE.
	Base string
	// Tags name the image in registries, archives and the daemon.
	Tags []string
	// Push pushes the image to the registry of every tag.
	Push bool
	// Insecure lists registry hosts reached over plain HTTP.
	Insecure []string
	// HTTPTimeout is how long a download, an upload or a registry exchange
	// may send and receive nothing before it is cut and tried again.
	// Default a minute ($PYKO_HTTP_TIMEOUT in the CLI).
	HTTPTimeout time.Duration
	// Outputs are -o values: oci:DIR[:TAG], oci-archive:FILE,
	// docker-archive:FILE or daemon.
	Outputs []string
	// Platforms limits the build to these platforms (OS/ARCH[/VARIANT]).
	Platforms []string
	// User is UID[:GID] or a user name. Default 65532:65532.
	User string
	// Env, Labels and Annotations (the manifest's) are K=V pairs.
	Env, Labels, Annotations []string
	// Healthcheck is a JSON array, the command the runtime runs to check
	// the container ("NONE" turns the base's off).
	Healthcheck string
	// Python is the Python version (3.X) to install from the APK
	// repositories when there is no Base.
	Python string
	// Repositories and Keyrings are APK repositories and their signing
	// keys. Default Wolfi's, with its key.
	Repositories, Keyrings []string
	// Packages are extra APKs, NAME or NAME=VERSION.
	Packages []string
	// Shell adds busybox.
	Shell bool
	// OSLayers is the most layers the OS packages are split into. Default 4.
	OSLayers int
	// Offline uses only the cache: no network.
	Offline bool
	// CacheDir is pyko's download cache. Default $PYKO_CACHE, else the
	// user cache directory.
	CacheDir string
	// Lock is the Python lockfile, relative to Dir; default: the first of
	// pylock.toml, uv.lock, poetry.lock, Pipfile.lock, requirements.txt.
	Lock string
	// Groups and Extras select dependency groups and the project's extras.
	Groups, Extras []string
	// IndexURL, ExtraIndexURLs and FindLinks are where wheels are looked
	// up when the lockfile does not give their URLs.
	IndexURL       string
	ExtraIndexURLs []string
	FindLinks      []string
	// UpgradePackages are packages pyko lock moves to their newest
	// versions, keeping the other pins of pylock.toml.
	UpgradePackages []string
	// Locked refuses to resolve Python dependencies: they must be pinned
	// by a lockfile (for CI).
	Locked bool
	// StopSignal is the image's stop signal (default SIGINT).
	StopSignal string
	// NoDeps installs the lockfile as it is, without checking that it
	// holds every dependency of what it lists.
	NoDeps bool
	// BuildPackages are APKs the build root gets besides python-3.X-dev
	// and build-base; NoBuild and OnlyBinary refuse source builds (all,
	// or by name, ":all:" being all); BuildTimeout limits one build
	// ("10m", default 30m).
	BuildPackages []string
	NoBuild       bool
	OnlyBinary    []string
	BuildTimeout  string
	// NoCompile leaves the image without bytecode (.pyc).
	NoCompile bool
	// SBOM is which bills of materials the image holds: "both" (the
	// default), "spdx", "cyclonedx" or "none"; SBOMDir, when set, gets a
	// copy of each, per platform.
	SBOM    string
	SBOMDir string
	// Tool is the producer the SBOM names: "pyko " and pyko's version.
	Tool string
	// NoProvenance leaves the SLSA provenance out (it is attached to a
	// pushed image); ProvenanceFile gets its predicate, as `cosign attest
	// --predicate` takes it.
	NoProvenance   bool
	ProvenanceFile string
	// SignKey is a cosign private key that signs the pushed image and
	// attests its provenance in cosign's format; SignPassword decrypts
	// it (COSIGN_PASSWORD). signer is it loaded by check.
	SignKey, SignPassword string
	signer                *sign.Signer
	// CacheRepo is a registry repository that shares finished layers
	// between machines (--cache-repo); cacheRepo is it opened by check.
	CacheRepo string
	cacheRepo *regcache.Repo
	// buildTimeout is BuildTimeout parsed by check.
	buildTimeout time.Duration
	// VenvPip installs pip into the venv (the newest on the index) unless
	// the lockfile pins one.
	VenvPip bool
	// NoIndex uses only FindLinks and the lockfile's URLs: no index.
	NoIndex bool
	// LargePackage is the installed size above which a Python package
	// gets a layer of its own. Default 20 MB.
	LargePackage int64
	// Entrypoint is a file, "-m module" or a JSON array.
	Entrypoint string
	// Compression is gzip (default) or zstd.
	Compression string
	// MetadataFile receives a JSON summary of the build.
	MetadataFile string
	// FromPlan is a plan file (pyko plan --format json) to build exactly,
	// instead of planning.
	FromPlan string
	// PlanFile receives the plan as JSON, as `pyko plan --format json`
	// prints it.
	PlanFile string
	// Created is SOURCE_DATE_EPOCH: the image's creation time and the
	// newest modification time of any file. Zero when unset: then files
	// pyko writes get the Unix epoch and the image the newest build date
	// of its OS packages (the epoch on a base image).
	Created time.Time
	// TempDir holds layer blobs while building. Default os.TempDir().
	TempDir string
	// DockerHost is the Docker Engine API address for the daemon output.
	DockerHost string
	// Display, when set, shows downloads, layers and uploads as progress
	// bars; the caller stops it.
	Display *progress.Display
	// FlagSet tells whether a flag was given on the command line, so that
	// Merge lets it win over [tool.pyko]. Nil means none was.
	FlagSet func(flag string) bool
}

func (o *Options) flagSet() func(string) bool {
	if o.FlagSet == nil {
		return func(string) bool { return false }
	}
	return o.FlagSet
}
