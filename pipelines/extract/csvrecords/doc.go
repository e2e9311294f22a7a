// Package csvrecords splits CSV files into records for the sources that read
// CSV (ssdcsv, ssda903).
//
// # Agreement with encoding/csv
//
// Records are split as encoding/csv splits them with its defaults (RFC 4180
// quoting, no lazy quotes, CRLF read as LF, blank lines skipped, any number
// of fields), with ',' or ';' between fields, and a record that does not
// parse is the same *csv.ParseError (StartLine, Line, Column, Err) that
// encoding/csv returns for it. Until Recover is called the records and
// errors are exactly encoding/csv's, error after error (the tests and
// FuzzReader check this). It exists because ingest reads hundreds of
// millions of rows: fields come back as byte slices into the read buffer,
// and only a record holding a quote is copied, so reading allocates
// nothing per record.
//
// # Recovery
//
// encoding/csv reads on after an error from where the error was found. For
// an unbalanced quote that is the end of the file, or the next stray quote:
// every line between becomes part of one broken record and is lost. Once
// Recover(width) is called (after the header, with its width), a record
// that spans lines and either fails to parse or has other than width fields
// is returned as a *Broken instead: its first line is set aside, and
// reading resumes at the first later line that reads as a record of width
// fields (possibly one spanning lines itself); the lines before it are set
// aside with the first. Broken says which lines were set aside and where
// reading resumed, and wraps the *csv.ParseError (positions as
// encoding/csv's) when there was one. So the records before a Broken, and
// the Broken's own error, agree with encoding/csv; after it, where
// encoding/csv would go on inside the swallowed lines, this reader goes on
// at the resumption line (FuzzRecover checks both). A record on one line
// costs only that line whatever is wrong with it, as with encoding/csv.
//
// The lines of a record that spans lines are copied while it is read, so
// that they can be read again; a file with an unbalanced quote and no
// quote after it is held in memory once more while recovering.
package csvrecords
