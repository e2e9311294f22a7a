// Package report makes the IRO service's annual report to the board from
// the warehouse: one self-contained HTML page (html/template, inline CSS,
// inline SVG charts from publish/chart, no script) that reads well on
// screen and prints to A4 PDF from a browser.
//
// The report follows an IRO annual report: an executive summary whose
// sentences are written from the figures (load.go reads them, sentences.go
// words them: up, down or unchanged, better or worse by each KPI's better
// direction, against its target), a table of every board KPI with last
// year's value, target and RAG rating (kpitable.go), six charts
// (figures.go), and the definitions of marts.kpi_definitions.
//
// Small numbers are suppressed as published statistics are (suppress.go):
// a count from 1 to Options.SuppressBelow-1 shows as "*", so does every
// percentage, average, change and RAG rating worked out from it, a lone
// suppressed cell of a breakdown takes the next smallest with it, and the
// report lists what it suppressed.
package report
