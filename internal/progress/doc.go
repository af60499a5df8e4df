// Package progress draws live progress bars on a terminal while pyko
// works: one bar per download, per layer being written and per registry
// upload, each with its bytes, rate and time left, above a totals line
// (files fetched and from the cache, bytes, overall rate, layers
// written). Log lines written through a Display print above the bars.
//
// The packages that do the work know nothing of it: fetch reports
// events, the executor and the publisher small meter interfaces of
// their own, and the command layer connects them to a Display. Whether
// bars are wanted at all (a terminal, not CI) is Wanted's to say; with
// none, output is the plain log lines.
package progress
