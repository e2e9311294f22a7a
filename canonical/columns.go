package canonical

func text(name, source string) Column { return Column{Name: name, Kind: Text, Source: source} }
func date(name, source string) Column { return Column{Name: name, Kind: Date, Source: source} }
func flag(name, source string) Column { return Column{Name: name, Kind: Bool, Source: source} }
func float(name, source string) Column {
	return Column{Name: name, Kind: Float, Source: source}
}
func code(name, list, source string) Column {
	return Column{Name: name, Kind: Code, Codes: list, Source: source}
}
func codes(name, list, source string) Column {
	return Column{Name: name, Kind: CodeList, Codes: list, Source: source}
}
func person(name, source string) Column {
	return Column{Name: name, Kind: Text, ID: PersonID, Source: source}
}
func staff(name, source string) Column {
	return Column{Name: name, Kind: Text, ID: StaffID, Source: source}
}

// record is a column holding a record's id, its own (the table's key) or
// one it refers to, pseudonymised in the record's domain ("episode").
func record(name, source, domain string) Column {
	return Column{Name: name, Kind: Text, ID: Identifier(domain), Source: source}
}

// required marks the column as one a row cannot lack.
func (c Column) required() Column { c.Required = true; return c }

// nonNegative marks a number that cannot be below zero.
func (c Column) nonNegative() Column { c.NonNegative = true; return c }

// extension marks the source column as a local addition to the SSD.
func (c Column) extension() Column { c.Extension = true; return c }

// derived marks a column that the SSD does not carry: staging fills it.
func (c Column) derived() Column { c.Source = ""; return c }

// natural is a natural key: record says what a row is, same what two rows
// with equal columns share.
func natural(record, same string, columns ...string) *NaturalKey {
	return &NaturalKey{Columns: columns, Record: record, Same: same}
}
