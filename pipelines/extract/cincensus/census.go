package cincensus

import (
	"encoding/xml"
)

// The census elements carewh reads, as encoding/xml decodes one <Child>.
// Elements not named here (Assessments, Disabilities, CINPlanDates,
// PreProceedings…) are skipped by the decoder without being kept.

// text is a leaf element: its text, the line it is on, and the line of a
// second occurrence where the census allows only one (the row built from
// it is then malformed: nobody can tell which value is right).
type text struct {
	Name  string // element name, for messages
	Value string
	Line  int64
	Set   bool  // the element is present (possibly empty)
	Again int64 // line of a second occurrence, 0 if none
}

func (t *text) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	line, _ := d.InputPos()
	var s string
	if err := d.DecodeElement(&s, &start); err != nil {
		return err
	}
	if t.Set {
		if t.Again == 0 {
			t.Again = int64(line)
		}
		return nil
	}
	*t = text{Name: start.Name.Local, Value: s, Line: int64(line), Set: true}
	return nil
}

// located is a block element with the line its start tag ends on.
type located[T any] struct {
	Line int64
	V    T
}

func (l *located[T]) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	line, _ := d.InputPos()
	if l.Line == 0 {
		l.Line = int64(line)
	}
	return d.DecodeElement(&l.V, &start)
}

// header is the census file's <Header>.
type header struct {
	Collection    text `xml:"CollectionDetails>Collection"`
	Year          text `xml:"CollectionDetails>Year"`
	ReferenceDate text `xml:"CollectionDetails>ReferenceDate"`
	LEA           text `xml:"Source>LEA"`
}

// child is one <Child> of <Children>.
type child struct {
	Line            int64                       // the <Child> start tag
	Identifiers     located[identifiers]        `xml:"ChildIdentifiers"`
	Characteristics located[characteristics]    `xml:"ChildCharacteristics"`
	Details         capped[located[cinDetails]] `xml:"CINdetails"`
	tooLarge        string                      // why the child is set aside, when it holds too many elements
}

type identifiers struct {
	LAchildID       text `xml:"LAchildID"`
	UPN             text `xml:"UPN"`
	PersonBirthDate text `xml:"PersonBirthDate"`
	GenderCurrent   text `xml:"GenderCurrent"` // 1 male, 2 female, 0 not known, 9 not specified (to 2023-24)
	Sex             text `xml:"Sex"`           // M, F, U (from 2024-25, replacing GenderCurrent)
	PersonDeathDate text `xml:"PersonDeathDate"`
}

type characteristics struct {
	Ethnicity text `xml:"Ethnicity"`
}

// cinDetails is one episode of need.
type cinDetails struct {
	DateOfInitialCPC text                         `xml:"DateOfInitialCPC"`
	Section47        capped[located[section47]]   `xml:"Section47"`
	Plans            capped[located[protectPlan]] `xml:"ChildProtectionPlans"`
}

type section47 struct {
	S47ActualStartDate text `xml:"S47ActualStartDate"`
	InitialCPCtarget   text `xml:"InitialCPCtarget"`
	DateOfInitialCPC   text `xml:"DateOfInitialCPC"`
	ICPCnotRequired    text `xml:"ICPCnotRequired"`
}

type protectPlan struct {
	CPPstartDate           text            `xml:"CPPstartDate"`
	CPPendDate             text            `xml:"CPPendDate"`
	InitialCategoryOfAbuse text            `xml:"InitialCategoryOfAbuse"`
	LatestCategoryOfAbuse  text            `xml:"LatestCategoryOfAbuse"`
	Reviews                capped[reviews] `xml:"Reviews"`
}

// reviews holds review dates: one <Reviews> per review, as most files
// have it, or several dates in one.
type reviews struct {
	Dates capped[text] `xml:"CPPreviewDate"`
}
