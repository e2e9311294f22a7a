package cincensus

import (
	"bufio"
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"
)

// encoding/xml refuses a whole document at the first byte that is not
// UTF-8, so one mistyped character in one child would stop every table of
// the run. Instead, a UTF-8 census is read through badBytes, which lets
// each such byte through as a stand-in character (byte b, always 0x80–0xFF,
// as U+10FF00+b, in a private-use plane no census uses), and every value is
// given its bytes back (restoreBadBytes) before it leaves the source: the
// transforms then quarantine it as bad_encoding, showing the bytes, and the
// rest of the child and of the file load.

const badByteBase = 0x10FF00

// badBytes passes valid UTF-8 through and turns each byte that is not
// part of a valid character into its stand-in.
type badBytes struct {
	br      *bufio.Reader
	pending []byte // a stand-in not yet returned
}

func (g *badBytes) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(g.pending) > 0 {
		n := copy(p, g.pending)
		g.pending = g.pending[n:]
		return n, nil
	}
	if _, err := g.br.Peek(1); err != nil {
		return 0, err
	}
	buf, _ := g.br.Peek(min(g.br.Buffered(), len(p)))
	i := 0
	for i < len(buf) {
		if buf[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(buf[i:]) {
			break
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	if i > 0 {
		n := copy(p, buf[:i])
		g.br.Discard(n)
		return n, nil
	}
	// buf starts with a character cut by the buffer's end, or a bad byte.
	head, _ := g.br.Peek(utf8.UTFMax) // fewer at the end of the file
	r, size := utf8.DecodeRune(head)
	if r == utf8.RuneError && size == 1 {
		g.pending = utf8.AppendRune(g.pending[:0], badByteBase+rune(head[0]))
		g.br.Discard(1)
	} else {
		g.pending = append(g.pending[:0], head[:size]...)
		g.br.Discard(size)
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// restoreBadBytes gives a value read through badBytes its bytes back.
func restoreBadBytes(s string) string {
	if strings.IndexByte(s, 0xF4) < 0 { // every stand-in starts with 0xF4
		return s
	}
	var b []byte
	for i, r := range s {
		if r >= badByteBase+0x80 && r <= badByteBase+0xFF {
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			b = append(b, byte(r-badByteBase))
		} else if b != nil {
			b = utf8.AppendRune(b, r)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

var encodingDecl = regexp.MustCompile(`encoding\s*=\s*["']([^"']*)["']`)

// readsAsUTF8 reports whether the document br starts is read as UTF-8:
// its XML declaration names no encoding, or UTF-8 or ASCII. A document
// declared ISO-8859-1 or windows-1252 has no bad bytes.
func readsAsUTF8(br *bufio.Reader) bool {
	head, _ := br.Peek(512)
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return true
	}
	if end := bytes.Index(head, []byte("?>")); end >= 0 {
		head = head[:end]
	}
	m := encodingDecl.FindSubmatch(head)
	if m == nil {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(string(m[1]))) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return true
	}
	return false
}
