package tags

// Tag is one PEP 425 compatibility tag, such as
// {"cp312", "cp312", "manylinux_2_17_x86_64"}. Tags compare as written;
// packaging lower-cases them, and Supported does too.
type Tag struct {
	// Python is the interpreter tag: "cp312", "py3", "py312".
	Python string
	// ABI is the ABI tag: "cp312", "abi3", "none".
	ABI string
	// Platform is the platform tag: "manylinux_2_17_x86_64", "linux_x86_64", "any".
	Platform string
}

// String returns the tag as a wheel file name writes it, "py3-none-any".
func (t Tag) String() string { return t.Python + "-" + t.ABI + "-" + t.Platform }
