package synthetic

import (
	"math"
	"math/rand/v2"
)

// Random streams of a council. Each is a PCG source seeded from the run's
// seed and the council number, so a council's output does not depend on the
// councils generated before it.
const (
	streamSimulation uint64 = 1 // the lives of children and staff
	streamStyle      uint64 = 2 // how values are written: faults, descriptions
)

func newRand(seed int64, council int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), uint64(council)<<8|stream))
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// pick returns one of xs, uniformly.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// choice is one weighted option.
type choice[T any] struct {
	w float64
	v T
}

// choose returns one option, with probability proportional to its weight.
func choose[T any](r *rand.Rand, cs []choice[T]) T {
	total := 0.0
	for _, c := range cs {
		total += c.w
	}
	x := r.Float64() * total
	for _, c := range cs {
		if x < c.w {
			return c.v
		}
		x -= c.w
	}
	return cs[len(cs)-1].v
}

// expDays is an exponential number of days with the given mean.
func expDays(r *rand.Rand, mean float64) int { return int(r.ExpFloat64() * mean) }

// normalDays is a normal number of days, clamped to [lo, hi].
func normalDays(r *rand.Rand, mean, sd float64, lo, hi int) int {
	return clampInt(int(math.Round(mean+sd*r.NormFloat64())), lo, hi)
}

// logNormalDays is a log-normal number of days with the given median,
// clamped to [lo, hi].
func logNormalDays(r *rand.Rand, median, sigma float64, lo, hi int) int {
	return clampInt(int(median*math.Exp(sigma*r.NormFloat64())), lo, hi)
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(hi, v))
}

func clampFloat(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}
