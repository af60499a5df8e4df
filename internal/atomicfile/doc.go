// Package atomicfile writes files so that a reader finds either the old
// file or the whole new one, never a part of it, even if pyko is killed or
// the machine stops halfway.
//
// The bytes go to a temporary file in the target's directory, named
// ".NAME.tmp-<random>" so that a leftover is easy to recognise. Commit sets
// the file's mode, syncs it to disk, renames it over the target and syncs
// the directory, so that the rename itself survives a crash. Any failure,
// or Abort, removes the temporary file and leaves the target as it was.
//
//	f, err := atomicfile.Create(path, 0o644)
//	if err != nil {
//		return err
//	}
//	defer f.Abort() // a no-op once committed
//	if _, err := io.Copy(f, r); err != nil {
//		return err
//	}
//	return f.Commit()
//
// WriteFile does the same for bytes in memory. The mode is set exactly,
// whatever the umask. A symbolic link at the target is replaced, not
// followed.
//
// References: rename(2) (atomic replacement within one file system),
// fsync(2) (a directory must be synced for a new entry in it to be durable).
package atomicfile
