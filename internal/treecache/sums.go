package treecache

import (
	"encoding/hex"
	"sync"
)

// Sums are the sha256 sums of the files a Fill wrote, by their paths in
// the tree (slash-separated, relative): hashed as they were written, so
// that the manifest need not read the tree back. A file written twice
// keeps its last sum; a hard link, or a file without one, is read.
type Sums struct {
	mu sync.Mutex
	m  map[string]fileSum
}

type fileSum struct {
	size int64
	sum  string
}

// Add records that the file at path holds size bytes whose sha256 is sum.
func (s *Sums) Add(path string, size int64, sum []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]fileSum{}
	}
	s.m[path] = fileSum{size, hex.EncodeToString(sum)}
}

// get is path's sum when one was recorded for a file of size bytes.
func (s *Sums) get(path string, size int64) (string, bool) {
	if s == nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.m[path]
	return f.sum, ok && f.size == size
}
