// Package canonical defines the tables every source is conformed to
// (docs/domain.md §1), the DfE code lists their columns are checked
// against (§2), and where each column comes from in a Standard Safeguarding
// Dataset (SSD) export.
//
// Where the SSD lacks a column the canonical table has (a review's
// cancelled flag, an episode's legal status), the column is either filled
// later from a related table in the warehouse's staging models, or read from
// a documented local extension column that a council's export may add.
package canonical
