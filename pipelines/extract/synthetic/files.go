package synthetic

import "carewh/canonical"

// File stems written, one per canonical table (canonical.Table.SourceFile)
// plus ssd_address, which no canonical table reads.
const (
	filePerson        = "ssd_person"
	fileAddress       = "ssd_address"
	fileLegalStatus   = "ssd_legal_status"
	fileEpisodes      = "ssd_cla_episodes"
	filePlacements    = "ssd_cla_placement"
	fileReviews       = "ssd_cla_reviews"
	fileCarePlans     = "ssd_cla_care_plan"
	fileHealth        = "ssd_cla_health"
	filePEP           = "cla_pep"
	fileVisits        = "ssd_cla_visits"
	filePermanence    = "ssd_permanence"
	fileS47           = "ssd_s47_enquiry"
	fileConferences   = "ssd_initial_cp_conference"
	fileCPPlans       = "ssd_cp_plans"
	fileCPReviews     = "ssd_cp_reviews"
	fileProfessionals = "ssd_professionals"
	fileInvolvements  = "ssd_involvements"
	fileChallenges    = "iro_challenges"
	fileMidpoints     = "iro_midpoint_checks"
	fileAudits        = "case_audits"
	fileLifeStory     = "life_story_work"
	fileStability     = "stability_meetings"
)

// extraColumns are published SSD columns that a real export carries but
// no canonical table reads. Several are personal data: they are written,
// fake, so the pipeline can prove they never reach the lake.
var extraColumns = canonical.UnreadSSDColumns

// addressColumns is the header of ssd_address.
var addressColumns = []string{
	"addr_table_id", "addr_address_json", "addr_person_id", "addr_address_type",
	"addr_address_start_date", "addr_address_end_date", "addr_address_postcode",
}

// fileSpec is one CSV file: its stem and header.
type fileSpec struct {
	stem   string
	header []string
}

// fileSpecs lists the files WriteDir writes, in canonical.Tables order then
// ssd_address. A header is the table's non-empty Source columns in order,
// then its extra SSD columns.
func fileSpecs() []fileSpec {
	var specs []fileSpec
	for _, t := range canonical.Tables {
		var header []string
		seen := map[string]bool{}
		for _, col := range t.Columns {
			if col.Source != "" && !seen[col.Source] {
				header = append(header, col.Source)
				seen[col.Source] = true
			}
		}
		for _, col := range extraColumns[t.SourceFile] {
			if !seen[col] {
				header = append(header, col)
				seen[col] = true
			}
		}
		specs = append(specs, fileSpec{stem: t.SourceFile, header: header})
	}
	return append(specs, fileSpec{stem: fileAddress, header: addressColumns})
}
