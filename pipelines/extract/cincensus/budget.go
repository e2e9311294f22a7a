package cincensus

import (
	"encoding/xml"
	"fmt"
	"sync"
)

// maxChildElements bounds the repeated elements (episodes of need, S47
// enquiries, plans, reviews, review dates) kept from one <Child>: a real
// child has tens; one with millions of <Reviews> would otherwise be held
// in memory whole, since a child is decoded in one piece. The elements
// after the bound are read and dropped, and the child is set aside.
const maxChildElements = 10_000

// childBudgets holds, for each decoder reading a <Child>, what is left of
// that child's budget: the repeated elements' UnmarshalXML draws on it.
var childBudgets sync.Map // *xml.Decoder → *childBudget

type childBudget struct {
	left      int
	dropped   int
	firstName string // the first element dropped, and its line
	firstLine int
}

// capped is a repeated element, kept while the child's budget lasts.
type capped[T any] struct {
	Items []T
}

func (c *capped[T]) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if v, ok := childBudgets.Load(d); ok {
		b := v.(*childBudget)
		if b.left <= 0 {
			if b.dropped == 0 {
				b.firstName = start.Name.Local
				b.firstLine, _ = d.InputPos()
			}
			b.dropped++
			return d.Skip()
		}
		b.left--
	}
	var item T
	if err := d.DecodeElement(&item, &start); err != nil {
		return err
	}
	c.Items = append(c.Items, item)
	return nil
}

// decodeChild decodes one <Child> within its budget (s.maxChild, or
// maxChildElements); a child over it comes back with tooLarge saying so,
// for its rows to be set aside.
func (s *stream) decodeChild(start xml.StartElement, line int64) (*child, error) {
	limit := s.maxChild
	if limit <= 0 {
		limit = maxChildElements
	}
	b := &childBudget{left: limit}
	childBudgets.Store(s.dec, b)
	defer childBudgets.Delete(s.dec)
	c := &child{Line: line}
	if err := s.dec.DecodeElement(c, &start); err != nil {
		return nil, s.xmlError(err, line)
	}
	if b.dropped > 0 {
		c.tooLarge = fmt.Sprintf("the <Child> holds more repeated elements than the %d carewh reads from one child "+
			"(%d more, from <%s> on line %d): no child has that many, so the file is damaged there and the child is set aside",
			limit, b.dropped, b.firstName, b.firstLine)
	}
	return c, nil
}
