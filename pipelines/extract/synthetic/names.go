package synthetic

import "hash/fnv"

// Word lists for fake names and addresses.

var firstNames = []string{
	"Amelia", "Olivia", "Emily", "Sophie", "Jessica", "Hannah", "Lucy", "Charlotte",
	"Rachel", "Sarah", "Laura", "Rebecca", "Claire", "Helen", "Joanne", "Nicola",
	"Michelle", "Karen", "Julie", "Amanda", "Gemma", "Kirsty", "Natalie", "Zoe",
	"Aisha", "Fatima", "Priya", "Nadia", "Sana", "Yasmin", "Chloe", "Megan",
	"James", "Daniel", "Thomas", "Matthew", "Andrew", "David", "Richard", "Mark",
	"Paul", "Stephen", "Craig", "Lee", "Gareth", "Jonathan", "Simon", "Peter",
	"Imran", "Adil", "Hassan", "Tariq", "Ryan", "Liam", "Nathan", "Adam",
}

var surnames = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
	"Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
	"Hall", "Wood", "Jackson", "Clarke", "Patel", "Hussain", "Khan", "Ahmed",
	"Lewis", "Harrison", "Cooper", "Ward", "Turner", "Hughes", "Edwards", "Hill",
	"Moore", "Clark", "Harris", "Baker", "Parker", "Bennett", "Shaw", "Holmes",
	"Ashworth", "Barnes", "Heywood", "Whittaker", "Sutcliffe", "Pilkington", "Greenwood", "Hargreaves",
	"Nuttall", "Haworth", "Entwistle", "Crompton", "Kershaw", "Duckworth", "Rawlinson", "Birtwistle",
}

var streetStems = []string{
	"Oak", "Ash", "Elm", "Birch", "Willow", "Cedar", "Holly", "Rowan", "Hawthorn", "Beech",
	"Church", "Mill", "Station", "Park", "Victoria", "Albert", "King", "Queen", "Market", "Chapel",
	"Moss", "Brook", "Meadow", "Moor", "Ribble", "Pendle", "Bowland", "Fell", "Weaver", "Calder",
}

var streetKinds = []string{
	"Road", "Street", "Lane", "Avenue", "Close", "Drive", "Grove", "Crescent", "Way", "Terrace", "Court", "Gardens",
}

// childForenames and childSurnames name the fake children, with the
// accents, apostrophes and hyphens real names have.
var childForenames = []string{
	"Oliver", "Amelia", "George", "Isla", "Noah", "Ava", "Leo", "Mia", "Harry", "Ivy",
	"Zoë", "Chloé", "Siân", "Rhys", "Seán", "Aoife", "Niamh", "Renée", "José", "Émile",
	"Mohammed", "Maryam", "Yusuf", "Aaliyah", "Kai", "Lily-Mae", "Tyler", "Jayden", "Ellie", "Freya",
}

var childSurnames = []string{
	"Smith", "Jones", "Taylor", "Brown", "O'Brien", "O'Connor", "D'Souza", "McDonald", "Nowak", "Kowalczyk",
	"Ashworth-Hughes", "Lewandowska", "Müller", "Núñez", "Hussain", "Begum", "Okafor", "Mensah", "Ward", "Turner",
}

// childName is the fake name of child id: from a hash of the id, not the
// council's random stream, so adding names changed no other value.
func childName(id string) (forename, surname string) {
	h := fnv.New64a()
	h.Write([]byte(id))
	n := h.Sum64()
	return childForenames[n%uint64(len(childForenames))], childSurnames[(n/1000)%uint64(len(childSurnames))]
}
