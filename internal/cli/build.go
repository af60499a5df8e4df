package cli

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pyko-dev/pyko/internal/build"
	"github.com/pyko-dev/pyko/internal/usage"
)

// NewCmdBuild returns `pyko build`. runF replaces the build in tests of
// flag parsing; nil means build.Run.
func NewCmdBuild(io IO, open func() (session, error), runF func(*cobra.Command, build.Options) error) *cobra.Command {
	var o build.Options
	cmd := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build an image from the Python project in DIR (default .)",
		Example: `  pyko build . --base oci:base:3.11 -o oci:out
  pyko build . --base ghcr.io/me/python:3.12 -t ghcr.io/me/app:1.2 --push
  pyko build . --base docker-archive:base.tar -o docker-archive:app.tar -t app:1
  pyko plan . --format json > plan.json && pyko build . --from-plan plan.json -t ghcr.io/me/app:1.2 --push`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = "."
			if len(args) == 1 {
				o.Dir = args[0]
			}
			created, err := sourceDateEpoch(io.Getenv("SOURCE_DATE_EPOCH"))
			if err != nil {
				return err
			}
			o.Created = created
			o.DockerHost = io.Getenv("DOCKER_HOST")
			o.SignPassword = io.Getenv("COSIGN_PASSWORD")
			if o.HTTPTimeout, err = httpTimeout(io.Getenv("PYKO_HTTP_TIMEOUT")); err != nil {
				return err
			}
			o.FlagSet = func(name string) bool { return cmd.Flags().Changed(name) }
			o.Tool = "pyko " + Version()
			if runF != nil {
				return runF(cmd, o)
			}
			run := build.Run
			if o.FromPlan != "" {
				run = build.FromPlan
			}
			s, err := open()
			if err != nil {
				return err
			}
			o.Display = s.bars
			res, err := run(cmd.Context(), s.log, o)
			s.end(err)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), res.Digest)
			return err
		},
	}
	addOutputFlags(cmd, &o)
	addBuildFlags(cmd, &o)
	return cmd
}

// addOutputFlags registers what pyko build does with the image, which
// pyko plan has no use for.
func addOutputFlags(cmd *cobra.Command, o *build.Options) {
	f := cmd.Flags()
	f.StringArrayVarP(&o.Tags, "tag", "t", nil, "name the image REF (repeatable); with --push, push to it")
	f.BoolVar(&o.Push, "push", false, "push the image to the registry of every --tag")
	f.StringArrayVarP(&o.Outputs, "output", "o", nil, "write the image to oci:DIR[:TAG], oci-archive:FILE, docker-archive:FILE or daemon (repeatable)")
	f.StringVar(&o.MetadataFile, "metadata-file", "", "write the digest, tags, platforms and layer sizes as JSON to FILE")
	f.StringVar(&o.PlanFile, "plan-file", "", "write the plan (as pyko plan --format json prints it) to FILE")
	f.StringVar(&o.BuildTimeout, "build-timeout", "", "the time limit of one source build, such as 20m (default 30m)")
	f.StringVar(&o.FromPlan, "from-plan", "", "build exactly the plan in FILE (from pyko plan --format json): no index is read, every byte is checked against it")
	f.StringVar(&o.SBOMDir, "sbom-dir", "", "also write each platform's SBOMs into this directory")
	f.BoolVar(&o.NoProvenance, "no-provenance", false, "do not attach the SLSA provenance (an in-toto statement) to the pushed image")
	f.StringVar(&o.SignKey, "sign-key", "", "sign the pushed image and attest its provenance with this cosign key (cosign generate-key-pair; its password in COSIGN_PASSWORD), for cosign verify and verify-attestation")
	f.StringVar(&o.ProvenanceFile, "provenance-file", "", "also write the SLSA provenance predicate to this file (for cosign attest --predicate FILE --type slsaprovenance1)")
}

// addBuildFlags registers the flags that shape the image; pyko plan
// shares them.
func addBuildFlags(cmd *cobra.Command, o *build.Options) {
	f := cmd.Flags()
	f.StringVar(&o.Base, "base", "", "base image: REGISTRY/REPO[:TAG|@DIGEST], oci:DIR[:TAG], oci-archive:FILE or docker-archive:FILE")
	f.StringArrayVar(&o.Insecure, "insecure-registry", nil, "reach this registry HOST[:PORT] (a bare HOST: any port) over plain HTTP or unverified TLS (repeatable; loopback is always plain HTTP)")
	f.StringSliceVar(&o.Platforms, "platform", nil, "platforms to build, e.g. linux/amd64,linux/arm64 (default: linux/amd64 from packages, every platform of a --base)")
	f.StringVar(&o.User, "user", "", "run as UID[:GID] or a user of the base image (default 65532:65532, nonroot)")
	f.StringArrayVar(&o.Env, "env", nil, "set NAME=VALUE in the image environment (repeatable)")
	f.StringArrayVar(&o.Labels, "label", nil, "set the config label KEY=VALUE (repeatable)")
	f.StringArrayVar(&o.Annotations, "annotation", nil, "set the manifest (and index) annotation KEY=VALUE (repeatable)")
	f.StringVar(&o.Healthcheck, "healthcheck", "", `the container's health check, a JSON array run without a shell, such as '["/app/venv/bin/python", "-c", "..."]'; NONE turns the base's off`)
	f.StringVar(&o.StopSignal, "stop-signal", "", "the signal that stops the container (default SIGINT, which Python turns into KeyboardInterrupt even as PID 1; SIGTERM for servers that handle it, such as gunicorn)")
	f.StringVar(&o.Entrypoint, "entrypoint", "", `entrypoint: a file such as serve.py, "-m module", or a JSON array (default main.py, else app.py)`)
	f.StringVar(&o.Compression, "compression", "", "layer compression: gzip or zstd (default gzip)")
	addOSFlags(f, o)
	addPythonFlags(f, o)
	f.BoolVar(&o.Locked, "locked", false, "fail if the Python dependencies are not all pinned by a lockfile, instead of resolving them (for CI)")
	f.BoolVar(&o.NoDeps, "no-deps", false, "install the lockfile as it is, without checking that it lists every dependency of its packages")
	f.StringArrayVar(&o.BuildPackages, "build-package", nil, "an APK the build root of source builds gets besides python-3.X-dev and build-base, such as openssl-dev (repeatable)")
	f.BoolVar(&o.NoBuild, "no-build", false, "never build a package from source: a package with no fitting wheel is an error")
	f.StringSliceVar(&o.OnlyBinary, "only-binary", nil, "never build these packages from source (comma-separated; :all: for every package)")
	f.StringVar(&o.CacheRepo, "cache-repo", "", "a registry repository that shares finished layers between machines: pulled instead of rebuilt, pushed when built")
	f.BoolVar(&o.NoCompile, "no-compile", false, "do not compile the Python sources to bytecode (.pyc) at build time")
	f.StringVar(&o.SBOM, "sbom", "", "the image's bill of materials in /var/lib/db/sbom: both (SPDX 2.3 and CycloneDX 1.6, the default), spdx, cyclonedx or none")
	f.BoolVar(&o.VenvPip, "venv-pip", false, "install pip into the venv (the newest on the index, unless the lockfile pins one)")
}

// addPythonFlags registers where the Python dependencies come from; pyko
// lock shares them.
func addPythonFlags(f *pflag.FlagSet, o *build.Options) {
	f.StringVar(&o.Lock, "lock", "", "Python lockfile (default: the first of pylock.toml, uv.lock, poetry.lock, Pipfile.lock, requirements.txt, requirements.in)")
	f.StringArrayVar(&o.Groups, "group", nil, "also install this dependency group of the lockfile (repeatable)")
	f.StringArrayVar(&o.Extras, "extra", nil, "also install this extra of the project (repeatable)")
	f.StringVar(&o.IndexURL, "index-url", "", "Python package index (PEP 503/691; default https://pypi.org/simple/)")
	f.StringArrayVar(&o.ExtraIndexURLs, "extra-index-url", nil, "another package index, searched before the default one (repeatable)")
	f.StringArrayVar(&o.FindLinks, "find-links", nil, "a directory or page of wheels (repeatable)")
	f.BoolVar(&o.NoIndex, "no-index", false, "use no package index: only --find-links and the lockfile's URLs")
}

// addOSFlags registers the flags that shape the OS part of the image; pyko
// lock shares them.
func addOSFlags(f *pflag.FlagSet, o *build.Options) {
	f.StringVar(&o.Python, "python", "", "Python version 3.X from the APK repositories (default: [tool.pyko] python, .python-version, else the newest that fits requires-python)")
	f.StringArrayVar(&o.Repositories, "repository", nil, "APK repository URL or path (repeatable; default https://packages.wolfi.dev/os)")
	f.StringArrayVar(&o.Keyrings, "keyring", nil, "APK signing key, a path or URL (repeatable; default Wolfi's key)")
	f.StringArrayVar(&o.Packages, "package", nil, "add the APK NAME or NAME=VERSION (repeatable)")
	f.BoolVar(&o.Shell, "shell", false, "add a shell (busybox) for os.system and subprocess with shell=True")
	f.IntVar(&o.OSLayers, "os-layers", 0, "split the OS packages into at most N layers, by origin (default 4)")
	f.BoolVar(&o.Offline, "offline", false, "use only pyko's cache: no network")
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/).
// Unset gives the zero time: the build then picks fixed times, never the
// clock, so images are identical on any day.
func sourceDateEpoch(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, usage.Errorf("SOURCE_DATE_EPOCH=%q: must be a whole number of seconds since 1970", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// httpTimeout reads PYKO_HTTP_TIMEOUT: seconds ("30", "2.5") or a Go
// duration ("90s", "2m"), like uv's UV_HTTP_TIMEOUT. Empty is the default.
func httpTimeout(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		var secs float64
		secs, err = strconv.ParseFloat(v, 64)
		d = time.Duration(secs * float64(time.Second))
	}
	if err != nil || d <= 0 || d > 24*time.Hour {
		return 0, usage.Errorf("PYKO_HTTP_TIMEOUT=%q: give seconds (30) or a duration (90s, 2m), more than 0 and at most 24h", v)
	}
	return d, nil
}
