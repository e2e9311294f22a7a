// Package publish makes carewh's outputs for people and BI tools from the
// warehouse, which it only ever opens read-only:
//
//   - the board's annual report, one self-contained HTML file
//     (publish/report, charts from publish/chart);
//   - the permanence tracker feed for IRO managers and social workers, as
//     XLSX, CSV or Parquet (publish/tracker);
//   - every mart as a Parquet file under exports/marts/, so Power BI,
//     Tableau and others read the figures without opening the DuckDB file
//     (ExportMarts);
//   - the headline KPIs and reviews not assessable that `carewh run`
//     prints (Headlines, NotAssessableReviews).
//
// AfterRun writes the exports the config asks for; call it once a run has
// succeeded and the new warehouse is in place. Every file is written under
// a temporary name and renamed over the old one (internal/atomicfile), so
// a reader never sees half a file.
package publish
