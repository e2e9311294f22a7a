// Package tracker writes the permanence tracker (marts.permanence_tracker)
// for the people who work from it: one row per child looked after, under
// plain-English headings (columns.go), red first, as XLSX (xlsx.go: RAG
// cells filled, header frozen, filters on, optionally a sheet per team,
// and an About sheet), CSV or Parquet (write.go), filtered by team or IRO.
package tracker
