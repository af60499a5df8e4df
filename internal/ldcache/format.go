package ldcache

import "fmt"

// Entry is one library in the cache.
type Entry struct {
	// Key is the name the loader looks up: the library's SONAME, or the
	// name of a development link such as "libfoo.so".
	Key string
	// Path is the absolute path in the image that the loader opens.
	Path string
	// Flags is the library type (FlagELFLibc6 with an architecture bit).
	// Write gives an entry with no flags those of its Arch.
	Flags int32
	// HWCap is the hwcap field; pyko writes 0 (no glibc-hwcaps
	// subdirectories).
	HWCap uint64
}

// Library type flags from dl-cache.h.
const (
	FlagELF          int32  = 0x0001
	FlagELFLibc6     int32  = 0x0003
	FlagX8664Lib64   int32  = 0x0300
	FlagAArch64Lib64 int32  = 0x0a00
	flagsX8664              = FlagELFLibc6 | FlagX8664Lib64   // 0x0303
	flagsAArch64            = FlagELFLibc6 | FlagAArch64Lib64 // 0x0a03
	magic                   = "glibc-ld.so.cache"
	version                 = "1.1"
	headerSize              = 48 // struct cache_file_new without libs
	entrySize               = 24 // struct file_entry_new
	endianLittle            = 2  // cache_file_new_flags_endian_little
	extensionMagic   uint32 = 0xeaa42174
	tagGenerator     uint32 = 0 // cache_extension_tag_generator
	generator               = "pyko"
)

// Arch is an APK architecture name for which pyko can write a cache.
type Arch string

// The architectures pyko builds for. Both are little-endian.
const (
	X8664   Arch = "x86_64"
	AArch64 Arch = "aarch64"
)

// ParseArch accepts "x86_64" or "aarch64".
func ParseArch(s string) (Arch, error) {
	switch Arch(s) {
	case X8664, AArch64:
		return Arch(s), nil
	}
	return "", fmt.Errorf("architecture %q: ld.so.cache is written for x86_64 or aarch64 only", s)
}

// Flags is what ldconfig records for a 64-bit library of a: 64-bit
// libraries are "always libc.so.6+" (sysdeps/unix/sysv/linux/*/readelflib.c).
func (a Arch) Flags() int32 {
	if a == AArch64 {
		return flagsAArch64
	}
	return flagsX8664
}

// signedChar reports whether C's char is signed on a, which decides how
// _dl_cache_libcmp orders bytes above 0x7f: the loader compares with the
// target's char, so the file must be sorted the same way.
func (a Arch) signedChar() bool { return a != AArch64 }
