package main

import (
	"bytes"
	"crypto/rand"
	"io"
	"net"
	"testing"
	"time"
)

// The proxy delivers every byte, in order, both ways, and passes a half-close on: a delay that lost,
// reordered or truncated bytes would make every figure measured through it worthless.
func TestRTTProxyDeliversEveryByteInOrder(t *testing.T) {
	echo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = echo.Close() })
	go func() {
		for {
			c, err := echo.Accept()
			if err != nil {
				return
			}
			go func() {
				_, _ = io.Copy(c, c) // echo until the client half-closes
				_ = c.(*net.TCPConn).CloseWrite()
			}()
		}
	}()
	p, err := listenRTT(2 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	p.serve(echo.Addr().String())

	for range 3 {
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			t.Fatal(err)
		}
		sent := make([]byte, 1<<20)
		_, _ = rand.Read(sent)
		go func() {
			for off := 0; off < len(sent); off += 7919 { // odd-sized writes, many chunks in flight
				_, _ = c.Write(sent[off:min(off+7919, len(sent))])
			}
			_ = c.(*net.TCPConn).CloseWrite()
		}()
		got, err := io.ReadAll(c) // ends only if the proxy passes both half-closes on
		_ = c.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, sent) {
			t.Fatalf("echoed %d bytes through the proxy, want the %d sent, unchanged", len(got), len(sent))
		}
	}
	if n := p.Connections(); n != 3 {
		t.Errorf("the proxy counted %d connections, want 3", n)
	}
}
