package canonical

import "slices"

// UnreadSSDColumns are published SSD columns, by file stem, that a real
// export carries but no canonical table reads. Several are personal data
// (names, postcodes, case-system ids) and are never read past the CSV
// record by a run; only an identified export (pipelines/identify) reads
// the names, at export time, into memory. A source finding one of these reports it as expected; any other
// column it does not read may be a misspelt one, and is worth a warning.
var UnreadSSDColumns = map[string][]string{
	"ssd_person":                {"pers_forename", "pers_surname", "pers_common_child_id", "pers_legacy_id", "pers_upn_unknown", "pers_send_flag"},
	"ssd_cla_placement":         {"clap_cla_placement_postcode", "clap_cla_placement_urn", "clap_cla_placement_la", "clap_cla_placement_distance"},
	"ssd_professionals":         {"prof_staff_id", "prof_professional_name", "prof_social_worker_registration_no", "prof_agency_worker_flag"},
	"ssd_cla_visits":            {"clav_casenote_id"},
	"ssd_s47_enquiry":           {"s47e_s47_nfa"},
	"ssd_initial_cp_conference": {"icpc_cp_plan_id"},
	"ssd_cp_plans":              {"cppl_cp_plan_ola"},
	"ssd_involvements":          {"invo_worker_change_reason"},
}

// KnownUnread reports whether column is a published SSD column of the file
// stem that carewh does not read on purpose.
func KnownUnread(stem, column string) bool {
	return slices.Contains(UnreadSSDColumns[stem], column)
}
