// Package passwd reads and edits /etc/passwd and /etc/group the way
// glibc's "files" NSS backend reads them, so that a run-as user pyko adds
// is the one the C library finds.
//
// Parsing is tolerant: leading white space is skipped, blank lines and
// lines starting with '#' are comments, and a line that is not a valid
// entry (too few fields, an ID that is not a decimal number) is passed
// over, as glibc does. Missing trailing fields are empty. Lookups return
// the first matching entry, as getpwnam and getgrgid do.
//
// Editing never rewrites what is there: every byte of the file is kept and
// Add appends one line (after a newline, when the file lacks a final one).
//
// The formats: passwd(5) and group(5); glibc's parsers are
// nss/nss_files/files-pwd.c and files-grp.c with nss/nss_files/files-parse.c.
package passwd
