package canonical

// ChildScope ends the child's part of an id a source makes from a child's
// id and other values (the 903 and CIN census give episodes, reviews and
// plans no ids of their own): the child's id as read, ChildScope, then the
// rest ("/2024-01-05"). The transforms, which alone pseudonymise, replace
// the child's part with the child's pseudonym before they hash the whole id
// in its record's domain, so no record id carries the child's id into the
// lake. A control character, it never occurs in an id as read.
const ChildScope = "\x1f"

// ChildScoped is the child's part of an id made from the child's id: the
// id and ChildScope; "" for a child without an id.
func ChildScoped(child string) string {
	if child == "" {
		return ""
	}
	return child + ChildScope
}
