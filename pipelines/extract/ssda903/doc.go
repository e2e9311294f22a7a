// Package ssda903 reads a council's DfE SSDA903 returns (the children looked
// after return) as CSV files, one folder per collection year, and yields the
// canonical tables they can fill.
//
// # Layout
//
// Under the configured path, each collection year has a folder named either
// as a financial year ("2023-24", "2023_24", "2023-2024") or by the year the
// collection ends ("2024", the DfE's name for the 2023-24 return: 1 April
// 2023 – 31 March 2024). Any other folder is an error, so a misnamed year is
// never skipped silently; folders starting with "." are ignored.
//
// Inside a year folder, files are recognised by a keyword in their name,
// ignoring case, punctuation and the .csv extension: "header", "episode"
// (not "SWEpisodes"), "review", "oc2", "ad1" and "placed" (PlacedAdoption).
// So header.csv, Header.csv and SSDA903_Episodes_2024.csv all match. Two
// files matching the same keyword in one folder is an error naming both.
// Header, Episodes and Reviews are required in every year; OC2, AD1 and
// PlacedAdoption may be absent from a year (logged) — if absent from every
// year, the table they fill is not provided. The UASC, OC3, PrevPerm, Missing
// and SWEpisodes files are not read.
//
// # CSV
//
// The DfE layout: a header row of the DfE column names (matched ignoring
// case and surrounding spaces, in any order) and dd/mm/yyyy dates. A UTF-8
// byte-order mark and CRLF line ends are accepted. A file whose header row
// has semicolons and no commas (as Excel writes CSV in some locales) is read
// as semicolon-delimited, and the choice is logged. Columns outside the DfE
// layout are ignored with a warning; a missing column that carewh needs is
// an error naming the file and the column; an empty file is an error naming
// it. Postcodes (HOME_POST, PL_POST), URN, MOTHER and MC_DOB are never read
// past the CSV record.
//
// A record that cannot be split into the header's columns (a line cut
// short, stray quotes) goes to the quarantine as malformed_row with the file,
// line and what is wrong; the rest of the file is read as usual. Records are
// split by carewh/pipelines/extract/csvrecords, as encoding/csv splits them,
// except that a quote left open costs only its own record: the lines it
// swallowed are read again, from the next that reads as a record of the
// header's width, and the message says where reading resumed. Values are
// never fixed here: an impossible date, a junk code or a duplicate key is
// passed through as text for the transforms to quarantine, under the row's
// file and line. The exception is a value a row takes from another line
// than the one it is said to come from (a permanence row's PlacedAdoption
// values when it has an AD1 row; a placement's end, its last episode's
// DEC): one that would not type is quarantined here as bad_value, under the
// file and line it was read from, and left out of the row.
//
// # Merging years
//
// Consecutive returns overlap: every episode open on 1 April is sent again.
// The later return wins:
//
//   - Episodes are merged on CHILD+DECOM; the row of the latest return that
//     has the key is kept. In addition, an episode from a return that was
//     still open when the next collection year began must be in the next
//     return if that return is loaded and lists the child; if it is not (its
//     start date was corrected, or it was deleted), the next return
//     supersedes it and it goes to the quarantine with rule "superseded".
//   - Reviews are merged on CHILD+REVIEW, the latest return winning.
//   - Header: the latest return's row for each child.
//   - AD1 is merged on CHILD+DATE_INT and PlacedAdoption on CHILD+DATE_PLACED.
//   - OC2 rows are per year (each describes the child at that year's end)
//     and are not merged.
//
// Two rows with the same key in one return are both passed on: the
// transforms keep the first and quarantine the second as duplicate_key.
//
// # Canonical tables
//
//   - person: CHILD, SEX (1 → M, 2 → F; anything else passed on as read),
//     DOB, ETHNIC, UPN.
//   - cla_episodes: one row per merged episode. episode_id is the child's
//     part and DECOM (ISO); cla_id the child's part and the start of the
//     period of care; entered_care_date that start. A period of care starts
//     with a child's first episode, an episode with RNE S, or an episode
//     after one that ended with a REC other than X1 (as core.periods_of_care
//     derives them in the warehouse). LS, PLACE, PLACE_PROVIDER and
//     REASON_PLACE_CHANGE are filled from the episode itself.
//   - cla_placements: one row per placement: an episode that starts a
//     period, or whose RNE is not L (a change of legal status only keeps the
//     placement), starts a placement, which lasts until the next one starts
//     or the period ends. Its type, provider and change reason are its first
//     episode's; its end is its last episode's DEC. Episodes point at their
//     placement. Filling it lets the transforms check PLACE against the
//     code list of the collection year the placement started in.
//   - cla_reviews: review_id is the child's part and REVIEW; episode_id the
//     episode whose DECOM–DEC contains the review date (the latest starting,
//     on a day one episode ends and the next begins); for a review outside
//     every episode, the latest episode that started before it (else the
//     child's first), so the warehouse quarantines it as review_outside_care;
//     for a child with no episode at all, "<child's part>/no-episode", which the
//     warehouse quarantines as unknown_episode. person_id is left to the
//     warehouse to take from the episode, as for SSD exports, so a review of
//     a quarantined episode is set aside rather than breaking the run.
//     REVIEW_CODE is the participation code (PN0–PN7).
//   - permanence: one row per adoption decision: AD1 (children adopted in
//     the year) and PlacedAdoption (decisions that a child should be placed
//     for adoption) rows of the same child and decision date make one row.
//     DATE_INT or DATE_PLACED is the agency decision (adm_decision_date; the
//     DfE defines both as the date of the decision that the child should be
//     placed for adoption), DATE_MATCH the match, FOSTER_CARE adopted by the
//     foster carer, DATE_PLACED_CEASED and REASON_PLACED_CEASED the
//     reversal. From the episodes of the period of care the decision falls
//     in: the placement order date (the first episode with LS E1), the date
//     placed for adoption (the first episode with PLACE A3–A6 on or after
//     the decision and the placement order, and before any reversal), for a
//     child adopted by their foster carer the date that carer's placement
//     began (as core.placement_episodes finds the carer), and the order that
//     ended the period (REC E11/E12 adoption, E41 child arrangements order,
//     E43–E48 special guardianship order) with its date.
//   - cla_health: from OC2, which has no dates, only whether something was
//     done in the year: HEALTH_ASSESSMENT 1 (annual health assessment up to
//     date) is a completed review health assessment and TEETH_CHECK 1 a
//     completed dental check, both dated 31 March, the end of the collection
//     year. 0 or blank gives no row; any other value is passed on as the
//     status, for the transforms to quarantine. (HEALTH_CHECK is the
//     under-5s' health surveillance check, not the health assessment.)
//
// Every other canonical table (legal_status as a table of its own, care
// plans, PEPs, visits, CP tables, s47 enquiries, professionals,
// involvements and the local IRO forms) is not in the return: Open returns
// an error wrapping extract.ErrNotProvided.
//
// # Identifiers
//
// The 903 has no episode, review or placement ids, so they are made from
// CHILD and a date: the child's part (canonical.ChildScoped: CHILD marked
// as the child's), then the date. The source never pseudonymises: the
// transforms replace the child's part with the child's pseudonym (the same
// keyed HMAC they give person_id) and hash the whole in its record's domain
// (episode_id in "episode", cla_id in "cla" …), so the lake holds neither
// CHILD nor the dates in them, and the ids are stable across runs. A row
// the source quarantines itself is pseudonymised by the same stage
// (transforms.SourceRejections).
//
// # Memory
//
// The merged Episodes of every year are held in memory once read (about 300
// bytes an episode: a council's 903 history of a few thousand episodes is a
// few MB), because periods of care, placements, review episodes and
// permanence dates are all derived from them. Header, Reviews and OC2 are
// streamed file by file, newest return first, holding only the keys seen in
// later returns. AD1 and PlacedAdoption (a few dozen rows a year) are held
// while the permanence table is read. Batches hold config source.batch_rows
// rows and never mix two files, so each batch's Origin names its file.
package ssda903
