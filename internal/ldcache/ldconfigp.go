package ldcache

import "strings"

// PrintedEntries returns the entry lines of `ldconfig -p` output, trimmed:
// "libz.so.1 (libc6,x86-64) => /usr/lib/libz.so.1". Tests in this and
// other packages use it to compare caches through glibc's own reader.
func PrintedEntries(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "\t") && strings.Contains(l, " => ") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return lines
}
