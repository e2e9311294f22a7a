package synthetic

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Fake personal identifiers. They look like the real thing, and pass the
// real check-digit rules, so that a privacy check cannot tell them apart by
// shape; none belongs to anyone.

// nhsNumber is a 10-digit NHS number with a valid modulus-11 check digit,
// in the 999 range the NHS reserves for test data.
func nhsNumber(r *rand.Rand) string {
	for {
		digits := []int{9, 9, 9}
		for range 6 {
			digits = append(digits, r.IntN(10))
		}
		sum := 0
		for i, d := range digits {
			sum += d * (10 - i)
		}
		check := 11 - sum%11
		if check == 11 {
			check = 0
		}
		if check == 10 {
			continue
		}
		var b strings.Builder
		for _, d := range digits {
			b.WriteByte(byte('0' + d))
		}
		b.WriteByte(byte('0' + check))
		return b.String()
	}
}

// upn is a 13-character unique pupil number: a check letter, the 3-digit LA
// code, a 4-digit school number, the 2-digit year of issue and a 3-digit
// serial, with the DfE modulus-23 check letter.
func upn(r *rand.Rand, la, year int) string {
	body := fmt.Sprintf("%03d%04d%02d%03d", la%1000, between(r, 2000, 7999), year%100, r.IntN(1000))
	sum := 0
	for i := 0; i < len(body); i++ {
		sum += int(body[i]-'0') * (i + 2)
	}
	return string("ABCDEFGHJKLMNPQRTUVWXYZ"[sum%23]) + body
}

// inwardLetters are the letters a postcode's inward code may end with.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

// postcode is a full postcode in one of the given areas, e.g. "PR1 2AB".
func postcode(r *rand.Rand, areas []string) string {
	return fmt.Sprintf("%s%d %d%c%c", pick(r, areas...), between(r, 1, 9), r.IntN(10),
		inwardLetters[r.IntN(len(inwardLetters))], inwardLetters[r.IntN(len(inwardLetters))])
}

// registrationNumber is a Social Work England registration number.
func registrationNumber(r *rand.Rand) string { return fmt.Sprintf("SW%06d", between(r, 10000, 199999)) }

// providerURN is the Ofsted URN of a placement, by placement type: SC and 6
// digits for a registered children's home, 7 digits for a fostering
// agency, XXXXXXX for adoption agencies and providers other regulators
// inspect, empty with parents or living independently.
func providerURN(r *rand.Rand, ptype string) string {
	switch {
	case ptype == "K1" || ptype == "K2" || ptype == "S1" || ptype == "R3":
		return fmt.Sprintf("SC%06d", between(r, 10000, 999999))
	case ptype[0] == 'U':
		return fmt.Sprintf("%07d", between(r, 1000000, 9999999))
	case ptype[0] == 'A' || ptype == "R1" || ptype == "R2":
		return "XXXXXXX"
	default:
		return ""
	}
}
