// Package insecure decides which registries pyko reaches without the usual
// transport security: the hosts a user lists with --insecure-registry.
//
// The rule, the same for pulling a base, pushing, and parsing --tag: an
// entry "host:port" matches that registry exactly; an entry "host" matches
// the host on any port. Hosts compare case-insensitively, IPv6 hosts with
// or without brackets, and "docker.io" means "index.docker.io" as in
// go-containerregistry. A listed registry is tried over HTTPS without
// certificate verification, then over plain HTTP.
//
// Loopback and private registries need no entry for plain HTTP:
// go-containerregistry already falls back to HTTP (name.Registry.Scheme)
// for localhost:PORT, *.localhost, 127.0.0.1, ::1 and the RFC 1918
// networks. pyko keeps that rule. Listing such a registry adds only the
// skipped certificate check, for one that serves TLS with a self-signed
// certificate.
package insecure
