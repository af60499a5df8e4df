package debwheels

import "slices"

// dist is one wheel: a Python distribution and the Debian packages that hold
// its files in bookworm.
type dist struct {
	// name is the project name as the package's own metadata spells it; the
	// metadata found in the .deb must agree.
	name string
	// debs are the Debian packages whose dist-packages files make up the wheel.
	debs []string
	// requires are the Requires-Dist entries that are not about extras:
	// upstream's for the version Debian ships, which Debian strips in favour
	// of its own Depends. Extras are taken from the package's metadata.
	requires []string
}

// dists are the wheels [Build] makes. Requirements are those of upstream's
// setup.py / setup.cfg at the tag of each version, with two exceptions
// noted below, and the packages Debian un-vendors added, so that the set
// resolves and runs on its own.
var dists = []dist{
	// Flask 2.2.2: blinker only became a requirement in Flask 2.3.
	{"Flask", []string{"python3-flask"}, []string{
		"Werkzeug>=2.2.2",
		"Jinja2>=3.0",
		"itsdangerous>=2.0",
		"click>=8.0",
		`importlib-metadata>=3.6.0; python_version < "3.10"`,
	}},
	{"Werkzeug", []string{"python3-werkzeug"}, []string{"MarkupSafe>=2.1.1"}},
	{"Jinja2", []string{"python3-jinja2"}, []string{"MarkupSafe>=2.0"}},
	{"MarkupSafe", []string{"python3-markupsafe"}, nil},
	{"itsdangerous", []string{"python3-itsdangerous"}, nil},
	{"click", []string{"python3-click"}, []string{
		`colorama; platform_system == "Windows"`,
		`importlib-metadata; python_version < "3.8"`,
	}},
	{"blinker", []string{"python3-blinker"}, nil},
	// requests 2.28.1 says charset_normalizer<3, but bookworm ships 3.0.1
	// (Debian relaxed it); <4 is what requests 2.28.2 says. With
	// charset_normalizer 3 alone, `import requests` 2.28.1 warns
	// (RequestsDependencyWarning); Debian's package depends on chardet too,
	// which requests then prefers, so this wheel does as well.
	{"requests", []string{"python3-requests"}, []string{
		"charset_normalizer>=2,<4",
		"idna>=2.5,<4",
		"urllib3>=1.21.1,<1.27",
		"certifi>=2017.4.17",
		"chardet>=3.0.2,<6",
	}},
	{"chardet", []string{"python3-chardet"}, nil},
	// Upstream urllib3 1.26 vendors six; Debian un-vendors it.
	{"urllib3", []string{"python3-urllib3"}, []string{"six"}},
	{"six", []string{"python3-six"}, nil},
	{"idna", []string{"python3-idna"}, nil},
	{"certifi", []string{"python3-certifi"}, nil},
	{"charset-normalizer", []string{"python3-charset-normalizer"}, nil},
	// gunicorn 20.1.0 imports pkg_resources at start-up (gunicorn.util);
	// "packaging" only joined its requirements in 21.
	{"gunicorn", []string{"python3-gunicorn"}, []string{"setuptools>=3.0"}},
	// Upstream setuptools vendors everything and requires nothing. Debian
	// splits pkg_resources into its own package and un-vendors packaging
	// and platformdirs from it, so this wheel needs them.
	{"setuptools", []string{"python3-setuptools", "python3-pkg-resources"}, []string{
		"packaging",
		"platformdirs",
	}},
	{"packaging", []string{"python3-packaging"}, nil},
	// setuptools' PEP 517 backend asks for wheel to build a wheel (before
	// setuptools 70.1): source builds need it.
	{"wheel", []string{"python3-wheel"}, nil},
	{"platformdirs", []string{"python3-platformdirs"}, nil},
}

// flaskSet are the projects in the requirements file [Requirements] writes:
// Flask, its dependencies and blinker (Flask's optional signal support).
var flaskSet = []string{"Flask", "Werkzeug", "Jinja2", "MarkupSafe", "itsdangerous", "click", "blinker"}

// packages returns the sorted Debian packages of every dist.
func packages() []string {
	var p []string
	for _, d := range dists {
		p = append(p, d.debs...)
	}
	slices.Sort(p)
	return slices.Compact(p)
}
