package cincensus

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"carewh/internal/sourcefile"
)

// stream walks one census file token by token and decodes one <Child> at a
// time, so only one child is ever held in memory. Every error it returns
// names the file and, for XML that is not well-formed, the line.
type stream struct {
	file     *sourcefile.File
	name     string // the file as messages show it (relative to the source path)
	dec      *xml.Decoder
	state    int
	maxChild int // repeated elements kept from one <Child>; 0: maxChildElements
	// Header, once decoded.
	header    *header
	headerEnd int64 // line where </Header> ends
}

// Where the stream is in the document.
const (
	beforeRoot = iota
	inMessage
	inChildren
	afterRoot
)

// errEmpty marks a file with no element at all.
var errEmpty = errors.New("file is empty: expected a CIN census XML document (<Message>)")

func openStream(path, name string, digests *sourcefile.Digests) (*stream, error) {
	f, err := sourcefile.Open(path, digests)
	if err != nil {
		return nil, fmt.Errorf("opening CIN census file: %w", err)
	}
	br := bufio.NewReaderSize(f, 1<<20)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3) // a UTF-8 byte-order mark, as Windows tools write one
	}
	var in io.Reader = br
	if readsAsUTF8(br) {
		in = &badBytes{br: br}
	}
	dec := xml.NewDecoder(in)
	dec.CharsetReader = charsetReader
	return &stream{file: f, name: name, dec: dec}, nil
}

func (s *stream) Close() error { return s.file.Close() }

// next returns the next <Child>, or io.EOF after </Message>. The header is
// decoded on the way and kept in s.header.
func (s *stream) next() (*child, error) {
	for {
		c, err := s.step()
		if c != nil || err != nil {
			return c, err
		}
	}
}

// step reads one token, and the whole element when it is the header or a
// child. It returns io.EOF at the end of the file.
func (s *stream) step() (*child, error) {
	before, _ := s.dec.InputPos()
	tok, err := s.dec.Token()
	if err == io.EOF {
		if s.state == beforeRoot {
			return nil, fmt.Errorf("%s: %w", s.name, errEmpty)
		}
		return nil, io.EOF
	}
	if err != nil {
		return nil, s.xmlError(err, 0)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		return s.start(t)
	case xml.EndElement:
		switch {
		case s.state == inChildren && t.Name.Local == "Children":
			s.state = inMessage
		case s.state == inMessage && t.Name.Local == "Message":
			s.state = afterRoot
		}
	case xml.CharData:
		lead := len(t) - len(strings.TrimLeft(string(t), " \t\r\n"))
		if lead == len(t) {
			break
		}
		line := before + strings.Count(string(t[:lead]), "\n") // where the text starts
		switch s.state {
		case beforeRoot:
			return nil, fmt.Errorf("%s line %d: not an XML document: text before the first element", s.name, line)
		case afterRoot:
			return nil, fmt.Errorf("%s line %d: XML is not well-formed: text after </Message>", s.name, line)
		}
	}
	return nil, nil
}

// start handles an element's start tag: the root, the header, the
// children's list, a child; anything else is skipped whole.
func (s *stream) start(t xml.StartElement) (*child, error) {
	line, _ := s.dec.InputPos()
	switch s.state {
	case beforeRoot:
		if t.Name.Local != "Message" {
			return nil, fmt.Errorf("%s line %d: the root element is <%s>, not <Message>: not a CIN census file", s.name, line, t.Name.Local)
		}
		s.state = inMessage
		return nil, nil
	case afterRoot:
		return nil, fmt.Errorf("%s line %d: XML is not well-formed: element <%s> after </Message>", s.name, line, t.Name.Local)
	case inMessage:
		switch t.Name.Local {
		case "Header":
			var h header
			if err := s.dec.DecodeElement(&h, &t); err != nil {
				return nil, s.xmlError(err, 0)
			}
			s.header = &h
			end, _ := s.dec.InputPos()
			s.headerEnd = int64(end)
			return nil, nil
		case "Children":
			s.state = inChildren
			return nil, nil
		}
	case inChildren:
		if t.Name.Local == "Child" {
			return s.decodeChild(t, int64(line))
		}
	}
	if err := s.dec.Skip(); err != nil {
		return nil, s.xmlError(err, 0)
	}
	return nil, nil
}

// xmlError names the file and line of a decoding error, and the <Child>
// being read when it happened.
func (s *stream) xmlError(err error, childLine int64) error {
	in := ""
	if childLine > 0 {
		in = fmt.Sprintf(" (in the <Child> that starts on line %d)", childLine)
	}
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("%s line %d: XML is not well-formed: %s%s", s.name, syn.Line, syn.Msg, in)
	}
	line, _ := s.dec.InputPos()
	return fmt.Errorf("%s line %d: reading XML%s: %w", s.name, line, in, err)
}

// readHeader reads a file as far as its header, or as far as its list of
// children when it has none: what ordering several census files needs.
func readHeader(path, name string) (*stream, error) {
	s, err := openStream(path, name, nil)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	for s.header == nil && (s.state == beforeRoot || s.state == inMessage) {
		if _, err := s.step(); err == io.EOF {
			// Token reports unclosed elements itself; this is a file that
			// ended without any element left open, e.g. an empty <Message/>.
			break
		} else if err != nil {
			return nil, err
		}
	}
	return s, nil
}
