// Package ldcache reads and writes glibc's /etc/ld.so.cache, the index the
// dynamic loader and ctypes.util.find_library consult before searching
// directories.
//
// Only the "new" format is written: the header "glibc-ld.so.cache1.1",
// 24-byte entries (flags, key and value string offsets, OS version, hwcap)
// sorted as ldconfig sorts them, then the string table, then an extension
// directory naming the generator. glibc 2.32 and later read nothing else.
// String offsets count from the start of the file. Entries are sorted in
// descending _dl_cache_libcmp order of their keys (the loader binary-searches
// them that way), ties broken by higher flags first and then kept in the
// order given, which is ldconfig's directory order.
//
// References: glibc sysdeps/generic/dl-cache.h (struct cache_file_new,
// struct file_entry_new, struct cache_extension), elf/cache.c (compare,
// save_cache), elf/dl-cache.c (_dl_cache_libcmp),
// https://sourceware.org/git/?p=glibc.git;a=blob;f=sysdeps/generic/dl-cache.h
package ldcache
