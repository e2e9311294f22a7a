// Package ssdcsv reads a folder of Standard Safeguarding Dataset CSV
// exports (ssd_person.csv, ssd_cla_episodes.csv, …, plus the local-form
// files named after their canonical tables), streaming each file in
// batches of raw text in the canonical column order.
//
// File and column names match case-insensitively (column names trimmed of
// spaces); a byte-order mark is skipped; a header naming a column twice is
// an error naming the column and both positions, as a missing column is:
// nobody can tell which of the two holds the values; columns the export has but carewh does not use (names,
// addresses, postcodes) are never read into memory beyond the CSV record.
package ssdcsv
