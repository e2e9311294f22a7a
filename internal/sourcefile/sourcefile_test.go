package sourcefile

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// readAll opens path and reads it in small pieces, as far as limit bytes
// (all of it when limit < 0), then closes it.
func readAll(t *testing.T, path string, digests *Digests, limit int) []byte {
	t.Helper()
	f, err := Open(path, digests)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	var r io.Reader = f
	if limit >= 0 {
		r = io.LimitReader(f, int64(limit))
	}
	buf := make([]byte, 3)
	if _, err := io.CopyBuffer(&out, r, buf); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestOpenDigestsWholeReads: a file read to its end has the digest a
// fresh read gives it, with its identity when opened and at the end; a
// file closed before its end, or opened without Digests, records nothing;
// a file read whole twice with different contents is forgotten.
func TestOpenDigestsWholeReads(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv")
	writeFile(t, a, "id,date\n1,2024-01-01\n2,2024-02-01\n")
	writeFile(t, b, "id\n2\n")
	writeFile(t, c, "id\n3\n")
	digests := NewDigests()

	if got := readAll(t, a, digests, -1); string(got) != "id,date\n1,2024-01-01\n2,2024-02-01\n" {
		t.Fatalf("read %q through Open", got)
	}
	want, err := DigestFile(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	read, ok := digests.Lookup(a)
	if !ok || read.Digest != want {
		t.Fatalf("a file read whole has digest %+v (recorded %v), want %+v", read.Digest, ok, want)
	}
	id, _, err := Identify(a)
	if err != nil {
		t.Fatal(err)
	}
	if read.Before != id || read.After != id {
		t.Errorf("identities %+v and %+v, want the file's %+v", read.Before, read.After, id)
	}

	readAll(t, b, digests, 2)
	if _, ok := digests.Lookup(b); ok {
		t.Error("a file closed before its end has a digest")
	}
	readAll(t, b, nil, -1)
	if _, ok := digests.Lookup(b); ok {
		t.Error("a file opened without Digests has a digest")
	}

	readAll(t, c, digests, -1)
	readAll(t, c, digests, -1)
	if _, ok := digests.Lookup(c); !ok {
		t.Error("a file read whole twice, the same both times, lost its digest")
	}
	writeFile(t, c, "id\n4\n")
	readAll(t, c, digests, -1)
	writeFile(t, c, "id\n3\n")
	readAll(t, c, digests, -1)
	if _, ok := digests.Lookup(c); ok {
		t.Error("a file read whole with two contents kept a digest")
	}
}

// TestReadSeesChangeDuringRead: a file that grows while it is read is
// digested as read, and its identities at open and at the end differ.
func TestReadSeesChangeDuringRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.csv")
	writeFile(t, path, "id\n1\n")
	digests := NewDigests()
	f, err := Open(path, digests)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, 3)
	if _, err := io.ReadFull(f, head); err != nil {
		t.Fatal(err)
	}
	appendTo, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := appendTo.WriteString("2\n"); err != nil {
		t.Fatal(err)
	}
	appendTo.Close()
	rest, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	read, ok := digests.Lookup(path)
	if !ok {
		t.Fatal("no digest after reading to the end")
	}
	whole := append(head, rest...)
	if read.Size != int64(len(whole)) || read.Before == read.After {
		t.Errorf("read %q: digest of %d bytes, identities %+v then %+v; want %d bytes and the growth seen", whole, read.Size, read.Before, read.After, len(whole))
	}
}
