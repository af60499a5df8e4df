// Package faultproxy is a reverse proxy on loopback that makes chosen
// responses go wrong the ways real networks, mirrors and registries do: an
// error status, a connection dropped mid-body, a Content-Length that is too
// long or too short, a flipped byte, a stall, a reset before any answer.
//
// The hostile tests put it in front of the real test servers (the APK
// repository, the PEP 691/503 index, the registry) and run the pyko binary
// through it, so the faults reach pyko through the same code paths a user's
// network would.
package faultproxy
