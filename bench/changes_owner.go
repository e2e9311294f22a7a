package bench

import (
	"maps"
	"slices"
	"strings"
)

// The source files the changed copy reads as well as copies.
const (
	filePerson     = "ssd_person.csv"
	fileLegal      = "ssd_legal_status.csv"
	fileEpisodes   = "ssd_cla_episodes.csv"
	filePlacements = "ssd_cla_placement.csv"
	fileReviews    = "ssd_cla_reviews.csv"
	fileVisits     = "ssd_cla_visits.csv"
	filePlans      = "ssd_cp_plans.csv"
)

// owners are the episodes, periods of care (cla ids) and child protection
// plans of the picked children, each with its child: a row that names no
// child names one of these.
type owners struct {
	episode, cla, plan map[string]string
}

func newOwners() owners {
	return owners{episode: map[string]string{}, cla: map[string]string{}, plan: map[string]string{}}
}

// ownerRule finds a row's child from one column: the child's id itself
// (via nil), or an id that via maps to a picked child.
type ownerRule struct {
	column int
	via    map[string]string
}

// ownerRules are the columns of a file (col: their positions) that name
// a row's child, in the order they are tried: the person id, then the
// episode, the period of care and the child protection plan. A file with
// none (professionals) has no rows of any child.
func (o owners) ownerRules(col map[string]int) []ownerRule {
	var person, episode, cla, plan []ownerRule
	for _, h := range slices.SortedFunc(maps.Keys(col), func(a, b string) int { return col[a] - col[b] }) {
		i := col[h]
		switch {
		case h == "person_id" || strings.HasSuffix(h, "_person_id"):
			person = append(person, ownerRule{column: i})
		case strings.HasSuffix(h, "cla_episode_id"):
			episode = append(episode, ownerRule{column: i, via: o.episode})
		case h == "cla_id" || strings.HasSuffix(h, "_cla_id"):
			cla = append(cla, ownerRule{column: i, via: o.cla})
		case strings.HasSuffix(h, "cp_plan_id"):
			plan = append(plan, ownerRule{column: i, via: o.plan})
		}
	}
	return append(append(append(person[:len(person):len(person)], episode...), cla...), plan...)
}

// ownerOf is the child a row belongs to: the first rule whose column has
// a value decides. It is "" when the row names no child, or names one
// only through an episode, period or plan of a child not picked.
func ownerOf(rules []ownerRule, rec []string) string {
	for _, r := range rules {
		if r.column >= len(rec) || rec[r.column] == "" {
			continue
		}
		if r.via == nil {
			return rec[r.column]
		}
		return r.via[rec[r.column]]
	}
	return ""
}
