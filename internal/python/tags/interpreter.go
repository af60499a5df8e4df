package tags

import (
	"fmt"
	"strconv"
	"strings"
)

// implementations names the interpreter tag prefixes of PEP 425.
var implementations = map[string]string{
	"cp": "CPython", "py": "Python", "pp": "PyPy", "ip": "IronPython", "jy": "Jython", "graalpy": "GraalPy",
}

// interpreterReason explains why wt's interpreter and ABI pair is not
// one of the target's: ReasonPython for another interpreter or version,
// ReasonABI for the right version with another ABI.
func (t Target) interpreterReason(wt Tag) Reason {
	have := fmt.Sprintf("%d.%d", t.PythonMajor, t.PythonMinor)
	python := func(format string, args ...any) Reason {
		return Reason{Kind: ReasonPython, Tag: wt, Message: fmt.Sprintf(format, args...)}
	}
	abi := func(format string, args ...any) Reason {
		return Reason{Kind: ReasonABI, Tag: wt, Message: fmt.Sprintf(format, args...)}
	}
	impl, major, minor, ok := splitInterpreter(wt.Python)
	switch {
	case !ok:
		return python("interpreter tag %q is not understood", wt.Python)
	case impl != "cp" && impl != "py":
		return python("built for %s (%s), image has CPython %s", implementations[impl], wt.Python, have)
	case major != t.PythonMajor && impl == "cp" && minor >= 0:
		return python("CPython %d.%d only, image has %s", major, minor, have)
	case major != t.PythonMajor:
		return python("Python %d only, image has %s", major, have)
	case minor > t.PythonMinor && impl == "cp" && wt.ABI == "abi3":
		return python("needs CPython %d.%d or newer, image has %s", major, minor, have)
	case minor > t.PythonMinor && impl == "cp":
		return python("CPython %d.%d only, image has %s", major, minor, have)
	case minor > t.PythonMinor:
		return python("built for Python %d.%d, image has %s", major, minor, have)
	case impl == "cp" && wt.ABI == "abi3" && minor >= 0 && minor < 2:
		return abi("abi3 begins with CPython 3.2, the wheel says %s", wt.Python)
	case impl == "cp" && minor >= 0 && minor < t.PythonMinor && !strings.HasPrefix(wt.ABI, "cp"):
		return abi("%s-%s is for CPython %d.%d only, image has %s", wt.Python, wt.ABI, major, minor, have)
	}
	return abi("abi %s does not match %s", wt.ABI, t.abi())
}

// splitInterpreter splits "cp312" into ("cp", 3, 12) and "py3" into
// ("py", 3, -1). Only cp and py tags carry a version pyko compares.
func splitInterpreter(tag string) (impl string, major, minor int, ok bool) {
	i := strings.IndexFunc(tag, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return "", 0, 0, false
	}
	impl, digits := tag[:i], tag[i:]
	if _, known := implementations[impl]; !known {
		return "", 0, 0, false
	}
	if impl != "cp" && impl != "py" {
		return impl, 0, 0, true
	}
	major, err := strconv.Atoi(digits[:1])
	if err != nil {
		return "", 0, 0, false
	}
	minor = -1
	if len(digits) > 1 {
		if minor, err = strconv.Atoi(digits[1:]); err != nil {
			return "", 0, 0, false
		}
	}
	return impl, major, minor, true
}
