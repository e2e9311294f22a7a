package bench

import "math"

// fate is what the changed copy does to a child.
type fate int

const (
	fateKeep   fate = iota // every row copied as it is
	fateDelete             // every row left out, in every file
	fateUpdate             // one correction (see planUpdates)
)

// The shares of the source's children the changed copy changes: about 1%
// in all, as a council's nightly extract changes a few hundred of its
// children. A sixth are deleted, half updated and a third are new.
const (
	deleteShare = 1.0 / 600
	updateShare = 1.0 / 200
	newShare    = 1.0 / 300
)

// picker decides each child's fate from a hash of their person id, so the
// same source always gives the same copy, whatever its row order.
// Any child may be deleted; only a child with an episode of care is
// updated (the corrections are to care records), at the rate that makes
// the updated children updateShare of all children.
type picker struct {
	updateRate float64
}

// newPicker is the picker for a source with children people, lookedAfter
// of them with an episode of care.
func newPicker(children, lookedAfter int) picker {
	if lookedAfter == 0 {
		return picker{}
	}
	return picker{updateRate: min(1-deleteShare, updateShare*float64(children)/float64(lookedAfter))}
}

// fate is the fate of child person.
func (p picker) fate(person string, lookedAfter bool) fate {
	u := unitHash(person)
	switch {
	case u < deleteShare:
		return fateDelete
	case lookedAfter && u < deleteShare+p.updateRate:
		return fateUpdate
	}
	return fateKeep
}

// newChildren is how many new children join a source of children people.
// A source with any child gets at least one, so that a small source's
// changed copy changes something.
func newChildren(children int) int {
	if children == 0 {
		return 0
	}
	return max(1, int(math.Round(float64(children)*newShare)))
}

// hash64 is FNV-1a of s, mixed by splitmix64's finaliser so that ids that
// differ in one digit spread over all 64 bits.
func hash64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// unitHash maps s to [0, 1) by its hash's top 53 bits.
func unitHash(s string) float64 {
	return float64(hash64(s)>>11) / (1 << 53)
}
