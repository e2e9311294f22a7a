package cincensus

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// charsetReader lets the decoder read files whose XML declaration names a
// single-byte Western encoding, as some older case-system exports do;
// UTF-8 (the census standard) needs none. Any other encoding is an error.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
		return &singleByte{r: bufio.NewReader(input)}, nil
	case "windows-1252", "cp1252":
		return &singleByte{r: bufio.NewReader(input), high: &windows1252}, nil
	}
	return nil, fmt.Errorf("the XML declaration names encoding %q; carewh reads UTF-8 (the census standard), ISO-8859-1 and windows-1252", label)
}

// singleByte decodes a single-byte encoding to UTF-8: bytes are Latin-1
// code points, except 0x80–0x9F, which windows-1252 maps elsewhere.
type singleByte struct {
	r    *bufio.Reader
	high *[32]rune
	buf  []byte // encoded bytes not yet returned
}

func (s *singleByte) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(s.buf) > 0 {
			c := copy(p[n:], s.buf)
			s.buf = s.buf[c:]
			n += c
			continue
		}
		b, err := s.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		r := rune(b)
		if s.high != nil && b >= 0x80 && b < 0xA0 {
			r = s.high[b-0x80]
		}
		if r < utf8.RuneSelf {
			p[n] = byte(r)
			n++
			continue
		}
		s.buf = utf8.AppendRune(s.buf[:0], r)
	}
	return n, nil
}

// windows1252 maps bytes 0x80–0x9F; the five it leaves undefined keep
// their Latin-1 (C1 control) code points.
var windows1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}
