// Package transforms turns the raw text batches a source yields into typed
// canonical batches: it parses and coerces each value, maps descriptions to
// codes, checks each row against its table's rules, pseudonymises
// identifiers, and hands every row that breaks a rule to the quarantine
// with the rule, the column and a message. No row is dropped silently.
package transforms
