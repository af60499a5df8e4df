package ldcache

// libcmp is glibc's _dl_cache_libcmp: runs of digits compare as numbers,
// a digit sorts after a non-digit, other bytes compare as C chars. The
// numbers are C ints, so they wrap like int32 as in glibc.
func libcmp(a, b string, signed bool) int {
	ch := func(s string, i int) int {
		if i >= len(s) {
			return 0 // the C string's NUL
		}
		if signed {
			return int(int8(s[i]))
		}
		return int(s[i])
	}
	isDigit := func(c int) bool { return c >= '0' && c <= '9' }
	i, j := 0, 0
	for i < len(a) {
		c1, c2 := ch(a, i), ch(b, j)
		switch {
		case isDigit(c1) && isDigit(c2):
			var v1, v2 int32
			for ; i < len(a) && isDigit(ch(a, i)); i++ {
				v1 = v1*10 + int32(ch(a, i)-'0')
			}
			for ; j < len(b) && isDigit(ch(b, j)); j++ {
				v2 = v2*10 + int32(ch(b, j)-'0')
			}
			if v1 != v2 {
				return int(v1 - v2)
			}
		case isDigit(c1):
			return 1
		case isDigit(c2):
			return -1
		case c1 != c2:
			return c1 - c2
		default:
			i++
			j++
		}
	}
	return ch(a, i) - ch(b, j)
}

// compare orders entries as elf/cache.c's compare does (the arguments are
// swapped there, so keys end up in descending order), higher flags first
// for equal keys, then higher hwcap.
func compare(e1, e2 *Entry, signed bool) int {
	if r := libcmp(e2.Key, e1.Key, signed); r != 0 {
		return r
	}
	switch {
	case e1.Flags < e2.Flags:
		return 1
	case e1.Flags > e2.Flags:
		return -1
	case e2.HWCap > e1.HWCap:
		return 1
	case e2.HWCap < e1.HWCap:
		return -1
	}
	return 0
}

// Libcmp is _dl_cache_libcmp with a's char signedness. ldconfig also uses
// it to pick the "newest" of two files with one SONAME.
func (a Arch) Libcmp(x, y string) int { return libcmp(x, y, a.signedChar()) }
