package bench

import "time"

// planNewChildren adds n children who entered care three to nine weeks
// before asOf, each with a person row, a legal status (section 20), one
// open episode (reason S), its placement and their first review, held
// two to three weeks after they entered care.
func (cs *changeSet) planNewChildren(n int, asOf time.Time) {
	for k := range n {
		person, cla, episode, placement := cs.newID("BP"), cs.newID("BC"), cs.newID("BE"), cs.newID("BL")
		start := asOf.AddDate(0, 0, -21-k%42)
		dob := start.AddDate(-4-k%12, 0, -k%300)
		sex, gender := "F", "02"
		if k%2 == 1 {
			sex, gender = "M", "01"
		}
		review := start.AddDate(0, 0, 14+k%4)
		for review.Weekday() == time.Saturday || review.Weekday() == time.Sunday {
			review = review.AddDate(0, 0, 1)
		}
		cs.add(filePerson, map[string]string{
			"pers_person_id": person, "pers_sex": sex, "pers_gender": gender, "pers_ethnicity": "WBRI",
			"pers_dob": dob.Format(time.DateOnly), "pers_upn_unknown": "UN2", "pers_send_flag": "N",
		})
		cs.add(fileLegal, map[string]string{
			"lega_legal_status_id": cs.newID("BS"), "lega_person_id": person, "lega_legal_status": "V2",
			"lega_legal_status_start_date": start.Format(isoMidnight),
		})
		cs.add(fileEpisodes, map[string]string{
			"clae_cla_episode_id": episode, "clae_person_id": person, "clae_cla_id": cla,
			"clae_entered_care_date": start.Format(isoMidnight), "clae_cla_episode_start_date": start.Format(isoMidnight),
			"clae_cla_episode_start_reason": "S", "clae_cla_primary_need_code": "N1",
			"clae_cla_placement_id": placement,
		})
		cs.add(filePlacements, map[string]string{
			"clap_cla_placement_id": placement, "clap_cla_episode_id": episode, "clap_cla_id": cla,
			"clap_cla_placement_start_date": start.Format(ukDate), "clap_cla_placement_type": "U6",
			"clap_cla_placement_provider": "PR1",
		})
		cs.add(fileReviews, map[string]string{
			"clar_cla_review_id": cs.newID("BR"), "clar_cla_episode_id": episode, "clar_cla_id": cla,
			"clar_cla_review_due_date":  start.AddDate(0, 0, 28).Format(isoMidnight),
			"clar_cla_review_date":      review.Format(time.DateOnly) + " 10:00:00.000",
			"clar_cla_review_cancelled": "N", "clar_cla_review_participation": "PN1",
		})
	}
}

// add appends a new row to file.
func (cs *changeSet) add(file string, row map[string]string) {
	cs.added[file] = append(cs.added[file], row)
}
