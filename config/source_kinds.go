package config

// The source kinds a config may name (source.kind). pipelines/sources
// opens each; a test there keeps its registry and this list the same.
const (
	SourceSynthetic = "synthetic" // the built-in synthetic council, written as SSD CSV exports
	SourceSSDCSV    = "ssdcsv"    // a folder of SSD CSV exports
	SourceSSDDB     = "ssddb"     // SSD tables in PostgreSQL or SQL Server
	SourceSSDA903   = "ssda903"   // DfE SSDA903 return files
	SourceCINCensus = "cincensus" // DfE CIN census XML
)

// SourceKinds lists the source kinds a config may name.
var SourceKinds = []string{SourceSynthetic, SourceSSDCSV, SourceSSDDB, SourceSSDA903, SourceCINCensus}
