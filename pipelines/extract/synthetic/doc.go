// Package synthetic writes a deterministic, entirely fake Standard
// Safeguarding Dataset (SSD) CSV export of one or more English councils, for
// testing the warehouse end to end at a realistic size.
//
// WriteDir simulates each council as a stream: its children are simulated
// one at a time, from care entry (or child protection enquiry) to the
// as-of date, and their rows are written at once to buffered CSV writers,
// one file per table. Nothing larger than one child's history and one
// council's staff list is held in memory.
//
// # What is simulated
//
// Scale 1 is one council the size of Lancashire (IRO annual report
// 2018-19): about 50 Independent Reviewing Officers (45 FTE), six social
// work teams, about 2,000 children looked after and 1,100 on child
// protection plans at any time. The history runs six years up to
// Options.AsOf; entries into care are simulated from 18 years earlier so
// that the population already in care at the window start is in steady
// state, and children who entered care before the window appear with their
// real (earlier) start dates, as in a real extract.
//
// Periods of care are made of episodes (RNE S, then L/P/T/B/U, X1 when the
// next starts the same day, a REC code at the end), legal statuses and
// placements whose boundaries agree: every episode starts where a legal
// status or placement starts. End dates in ssd_legal_status,
// ssd_cla_placement and ssd_cla_episodes are exclusive: a row ends on the
// day the next one starts, so the row active on date d is the one with
// start <= d < end (or no end).
//
// LAC reviews follow reg 33 (20 working days, 3 months, then 6 months, each
// from the review actually held; working days here are weekdays only), CP
// conferences and reviews follow Working Together, and health assessments,
// PEPs, visits, care plans, permanence milestones, IRO mid-point checks,
// challenges, case audits, life story work and stability meetings follow
// the timescales in docs/domain.md. Rates vary by team (a fixed quality
// factor per team) and improve over the six years.
//
// # Formats
//
// Dates are ISO ("2023-04-01"), or ISO datetimes ("2023-04-01
// 00:00:00.000") in the columns the SSD declares as datetime; ssd_cla_placement
// dates are UK "dd/mm/yyyy" as the SSD guidance says. Flags are Y/N. About 3%
// of RNE, REC, legal status and participation values are written as the
// description a Liquidlogic build puts there (config/mappings.yaml); health
// check types, staff roles, abuse categories and order types are always
// descriptions.
//
// Personal columns that the pipeline must drop (NHS number, UPN, legacy id,
// staff names, registration numbers, addresses, placement postcodes) are
// present and realistic-looking but fake: NHS numbers use the 999 range
// reserved for testing. Children have no names in the SSD and none are
// invented.
//
// # Faults
//
// About 1% of rows carry one of the faults real extracts have; each kind is
// counted in Summary.Faults (see the Fault constants).
//
// On top of them, a few rows conflict with the child's other rows, as in
// real case-system extracts and SSDA903 returns (the cases LIIA's episode
// fixes and Data to Insight's 903 validator look for), each row valid on
// its own: overlapping episodes, two episodes starting the same day under
// different ids, an open episode followed by another, X1 on an open
// episode, a re-entry into care with RNE other than S, an episode end or a
// review after the as-at date, and CP plans, placements and reviews copied
// under new ids. Options.Conflicts sets their rates (DefaultConflictRates:
// a few dozen of each at scale 1); they are counted in Summary.Faults
// under the ConflictKinds, and a row a conflict changed carries no other
// fault.
//
// # SSDA903
//
// WriteSSDA903 writes the same council's DfE SSDA903 return for one
// collection year, as the ssda903 source reads it: every episode open on or
// after 1 April with its real start and RNE, so children already looked
// after are left-censored, and the conflicts a 903 can carry.
package synthetic
