// Package cincensus reads the DfE Children in Need census: the XML file a
// council returns each year (root <Message>, a <Header> with
// CollectionDetails/ReferenceDate, then <Children> of <Child> elements).
//
// # Streaming
//
// Each table is read with encoding/xml's token decoder: the reader walks
// the tokens of <Message> and <Children> and decodes one <Child> at a time
// (Decoder.DecodeElement), so only one child's record is in memory. Elements
// carewh does not use (Assessments, Disabilities, CINPlanDates, referral
// details…) are skipped by the decoder. Every table is a separate pass over
// the files; the runner reads tables in parallel.
//
// One child's record is bounded too: at most maxChildElements (10,000)
// repeated elements (episodes of need, S47 enquiries, plans, reviews,
// review dates) are kept from a <Child>; the rest are read and dropped,
// and the child is set aside in every table as a malformed row naming its
// line and the first element dropped. A real child has tens; a damaged
// file with three million <Reviews> in one child (183 MB) now reads in
// under a minute in 150 MB, where it took over 3 GB and did not finish.
//
// # Tables
//
//	person          one per <Child>: LAchildID → person_id; GenderCurrent
//	                1/2/0/9 → sex M/F/U/U (or, from 2024-25, <Sex> M/F/U as
//	                written); Ethnicity; PersonBirthDate → dob;
//	                PersonDeathDate → death_date; UPN → upn.
//	s47_enquiries   one per <Section47>: start_date = S47ActualStartDate (the
//	                strategy discussion that started the enquiry).
//	cp_conferences  one per <Section47> with a DateOfInitialCPC: icpc_target_date
//	                = InitialCPCtarget, icpc_date = DateOfInitialCPC, linked to
//	                its S47 enquiry; plus one per CINdetails/DateOfInitialCPC on
//	                a day no Section47 of the child gave (the same conference,
//	                recorded at episode level), with no S47 link.
//	                outcome_cp_plan is true when one of the child's plans
//	                starts on the conference day. A Section47 whose conference
//	                is not held (not yet, or ICPCnotRequired) makes none.
//	cp_plans        one per <ChildProtectionPlans>: CPPstartDate, CPPendDate,
//	                categories NEG/PHY/SAB/EMO/MUL → neglect, physical,
//	                sexual, emotional, multiple; icpc_id is the child's
//	                conference on the plan's start day, when there is one.
//	cp_reviews      one per <CPPreviewDate> of a plan's <Reviews>.
//
// Every other canonical table (looked-after children, IRO forms,
// professionals…) is not in the census: Open returns an error wrapping
// extract.ErrNotProvided. Columns the census lacks (gender, S47 end dates,
// transfer-in, review due dates, quorate…) are null; derived columns are
// left to staging, as for an SSD export.
//
// The census has no record identifiers, so keys are built from the child
// and dates: s47_enquiry_id = child/S47ActualStartDate, icpc_id =
// child/DateOfInitialCPC, cp_plan_id = child/CPPstartDate, cp_review_id =
// child/CPPstartDate/CPPreviewDate. "child" is the child's part
// (canonical.ChildScoped: LAchildID marked as the child's): the source
// never pseudonymises; the transforms replace the child's part with the
// child's pseudonym and hash each key, and each column referring to one,
// in its record's domain, as they do every record id, so no key holds
// LAchildID in clear in the lake. A row the source quarantines itself is
// pseudonymised by the same stage (transforms.SourceRejections).
// A key missing a part is null and the row is quarantined as lacking it.
//
// Values are passed on as raw text: the transforms type and check them and
// quarantine bad ones (an impossible date, *DUMMY*, an unknown code). Only
// the census's own code lists for sex and category of abuse are translated
// to canonical codes; a value outside them is passed on as written, so it
// is quarantined with the value the file had.
//
// # Several census years
//
// Path is one file, or a folder whose .xml files (and its subfolders'),
// one census each, are read latest reference date first (a tie goes to the
// name sorting last, with a warning). Every census repeats the children and
// records still open from the year before, so a row whose key was already
// read from a later census is dropped as superseded (counted in the log):
// the latest census wins. Keys repeated within one file are passed on, and
// the transforms quarantine every one after the first as duplicate_key.
// Census files of different local authorities (Source/LEA) are refused.
//
// To know which keys a later census had, a reader keeps a map from a 64-bit
// hash of each key to the file it came from, for every file but the oldest:
// about 40 bytes a key, per table being read. It is capped at
// Options.MaxKeys (2 million keys, about 80 MB, by default: far more than
// any council's census history); past it the run fails with a clear error.
// A single file needs no map. A conference recorded only at episode level
// in one census cannot be linked to its S47 enquiry in an earlier census:
// its strategy discussion is then unknown.
//
// # Bad input
//
//   - XML that is not well-formed, anywhere (a truncated file, a mismatched
//     tag inside one child): the read fails with an error naming the file,
//     the line, and the <Child> being read; the run fails and publishes
//     nothing. A damaged file would silently give an incomplete extract, so
//     carewh does not skip the damaged child and carry on.
//   - An empty file, a root other than <Message>, a <Collection> other than
//     CIN, a missing or unreadable ReferenceDate: an error naming the file
//     (and line), when the source is opened, before anything is read.
//   - A UTF-8 byte-order mark is skipped; CRLF line ends are fine; files
//     declared ISO-8859-1 or windows-1252 are decoded, other encodings
//     refused.
//   - A byte that is not UTF-8 in a UTF-8 file (encoding/xml would refuse
//     the whole document) costs only the value it is in: it reaches the
//     decoder as a private-use stand-in character and the value leaves the
//     source with its bytes back, so the transforms quarantine it as
//     bad_encoding (rejecting the row if the value is its key or
//     required, else emptying it), showing the bytes. In a tag name it
//     still makes the XML not well-formed. A character XML forbids (a
//     control character such as U+0001) is not well-formed XML either.
//   - An element the census allows once appearing twice in a child (two
//     LAchildIDs, two CPPstartDates in one plan): that row is quarantined
//     as malformed_row naming both lines; the child's other rows load.
//   - Missing elements (a child with no LAchildID, a plan with no
//     CPPstartDate) give null values, which the transforms quarantine as
//     required, naming the element and line. An unborn child (only an
//     ExpectedPersonBirthDate) has no dob, which person requires: its
//     person row is quarantined, its S47 and CP records load.
//
// Each row's _line is the line of the element it came from: ChildIdentifiers
// for person, Section47, ChildProtectionPlans, CPPreviewDate, or the
// CINdetails DateOfInitialCPC. Quarantine messages name the file of the row.
package cincensus
