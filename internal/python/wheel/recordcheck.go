package wheel

import "bytes"

// readRecord reads the wheel's RECORD and checks it against the archive,
// as the spec requires: "Apart from RECORD and its signatures, installation
// will fail if any file in the archive is not both mentioned and correctly
// hashed in RECORD." Sizes are compared here with the zip's directory;
// hashes when the content is read. A RECORD row for a file the archive
// lacks is refused too: the wheel is not what its builder recorded.
func (in *installation) readRecord() error {
	wheel, recordPath := in.src.wheel, in.distInfo+"/RECORD"
	m := in.byName[recordPath]
	if m == nil {
		return invalid(wheel, recordPath, "is missing; every wheel has one")
	}
	if m.size > maxRecord {
		return invalid(wheel, recordPath, "is %d bytes; more than the %d pyko reads", m.size, maxRecord)
	}
	// RECORD cannot hash itself: it is read as the root of trust (the
	// wheel file itself was checked against the lock's hash by fetch).
	data, err := in.src.readUnverified(m)
	if err != nil {
		return err
	}
	rows, err := parseRecord(data)
	if err != nil {
		return invalid(wheel, recordPath, "%v", err)
	}
	in.hashes = make(map[string]digest, len(rows))
	listed := make(map[string]bool, len(rows))
	for _, r := range rows {
		if listed[r.Path] {
			return invalid(wheel, recordPath, "lists %q twice", r.Path)
		}
		listed[r.Path] = true
		if in.unhashed(r.Path) {
			continue
		}
		m := in.byName[r.Path]
		if m == nil {
			return invalid(wheel, r.Path, "is listed in RECORD but missing from the archive")
		}
		if r.Hash == "" {
			return invalid(wheel, r.Path, "%v", errNoHash)
		}
		d, err := parseHash(r.Hash)
		if err != nil {
			return invalid(wheel, r.Path, "in RECORD: %v", err)
		}
		if r.Size >= 0 && r.Size != m.size {
			return &HashMismatchError{Wheel: wheel, Path: r.Path, Want: sizeString(r.Size), Got: sizeString(m.size)}
		}
		// An empty file is checked now: the layer writer never reads it,
		// so its verifier would never run.
		if m.size == 0 {
			if empty := d.new().Sum(nil); !bytes.Equal(empty, d.sum) {
				return &HashMismatchError{Wheel: wheel, Path: r.Path, Want: d.String(), Got: formatHash(d.algo, empty)}
			}
		}
		in.hashes[r.Path] = d
	}
	for _, m := range in.members {
		if !listed[m.name] && !in.unhashed(m.name) {
			return invalid(wheel, m.name, "is in the archive but not in RECORD")
		}
	}
	return nil
}

// unhashed reports whether p is RECORD or one of its signatures, the only
// files a RECORD does not hash.
func (in *installation) unhashed(p string) bool {
	switch p {
	case in.distInfo + "/RECORD", in.distInfo + "/RECORD.jws", in.distInfo + "/RECORD.p7s":
		return true
	}
	return false
}
