package synthetic

// Word lists for fake staff names and addresses.

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
