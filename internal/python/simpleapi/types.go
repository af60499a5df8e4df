package simpleapi

// DefaultIndex is PyPI's simple API, the index used when none is given.
const DefaultIndex = "https://pypi.org/simple/"

// Index is a package index serving the simple API.
type Index struct {
	// URL is the API's root, e.g. "https://pypi.org/simple/". It may carry
	// credentials (https://user:token@host/simple/).
	URL string
}

// Order returns the indexes to search, in the order they are searched: the
// extra indexes as given, then the default one (indexURL, or DefaultIndex
// when empty). The default index comes last so that a project on a
// private extra index is never taken from the public one (see the package
// documentation). Pass no indexes at all to New for --no-index.
func Order(indexURL string, extraIndexURLs []string) []Index {
	if indexURL == "" {
		indexURL = DefaultIndex
	}
	out := make([]Index, 0, len(extraIndexURLs)+1)
	for _, u := range extraIndexURLs {
		out = append(out, Index{URL: u})
	}
	return append(out, Index{URL: indexURL})
}

// Project is what the indexes offer of one project.
type Project struct {
	// Name is PEP 503-normalized.
	Name string
	// Files are the index's files in page order, then those of the
	// --find-links locations.
	Files []File
}

// File is one distribution file offered by an index or a --find-links
// location.
type File struct {
	// Filename is the file's name, never a path: it has no "/" or "\".
	Filename string
	// URL is absolute, without credentials or fragment: https://, http://
	// or (from a local --find-links location only) file://.
	URL string
	// Hashes are lowercase hex digests by algorithm ("sha256"); only
	// hashlib's guaranteed algorithms are kept, and their length checked.
	Hashes map[string]string
	// RequiresPython is the file's Requires-Python specifier, unescaped;
	// empty when none is given.
	RequiresPython string
	// Yanked marks a file yanked from the index (PEP 592), with the reason
	// if the index gave one.
	Yanked       bool
	YankedReason string
	// Size in bytes, from a PEP 700 JSON page or a local file; 0 when
	// unknown.
	Size int64
	// UploadTime is the PEP 700 upload time as the index wrote it (ISO 8601
	// UTC); empty when unknown.
	UploadTime string
	// CoreMetadata says that the index serves the file's METADATA at
	// URL + ".metadata" (PEP 658/714); MetadataHashes are its digests,
	// like Hashes, and may be empty.
	CoreMetadata   bool
	MetadataHashes map[string]string
	// Index is the index URL or --find-links location that listed the
	// file, without credentials.
	Index string
}
