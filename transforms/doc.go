// Package transforms turns the raw text batches a source yields into typed
// canonical batches: it parses and coerces each value, maps descriptions to
// codes, checks each row against its table's rules, pseudonymises every
// identifier (children, staff and records, each in its own domain: see
// canonical.Identifier), and hands every broken rule to the quarantine with
// the rule, the column and a message; a rejection's key and value are
// pseudonymised as the lake's would be. A row whose key or a required
// value is bad, an event dated after the run's as-at date, a repeated key
// and a repeated natural key reject the row whole; a bad value of any
// other column is emptied and the row kept (rule bad_value). A value that
// is not valid UTF-8, from whatever source, is such a bad value (rule
// bad_encoding when it rejects the row), so no bad byte reaches the lake;
// the quarantine shows the bytes as \xNN (canonical.ValidText). No row is dropped
// silently, and the Conformer counts what became of every row it read.
package transforms
