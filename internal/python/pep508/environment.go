package pep508

import "strings"

// Environment holds the values of PEP 508's marker variables for one
// target: an interpreter on a platform. "extra" is not in it: extras are
// passed to Marker.Evaluate separately.
type Environment map[string]string

// LinuxCPython returns the environment of CPython pythonFullVersion (such
// as "3.12.4") on Linux for machine, a uname -m name such as "x86_64" or
// "aarch64". platform_release and platform_version depend on the kernel
// the container will run on, which is unknown at build time: they are
// empty, so markers that test them are false, as for an unknown value.
func LinuxCPython(pythonFullVersion, machine string) Environment {
	minor := pythonFullVersion
	if parts := strings.SplitN(pythonFullVersion, ".", 3); len(parts) >= 2 {
		minor = parts[0] + "." + parts[1]
	}
	return Environment{
		"os_name":                        "posix",
		"sys_platform":                   "linux",
		"platform_machine":               machine,
		"platform_python_implementation": "CPython",
		"platform_release":               "",
		"platform_system":                "Linux",
		"platform_version":               "",
		"python_version":                 minor,
		"python_full_version":            pythonFullVersion,
		"implementation_name":            "cpython",
		"implementation_version":         pythonFullVersion,
	}
}
