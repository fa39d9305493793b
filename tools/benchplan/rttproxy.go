package main

import (
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// rttProxy is a TCP proxy that charges a round trip the way a network does: every chunk of bytes,
// each way, arrives half the RTT after it was sent, and a new connection waits one RTT (the TCP
// handshake) before its first byte goes through. It sits below TLS, so TLS handshakes, token
// requests and every manifest request pay what they would over a WAN. It is pipelined: a chunk's
// delay starts when it is read, not when the one before it was delivered, so delay never
// serialises throughput, as on a real link with room in its window.
type rttProxy struct {
	ln       net.Listener
	upstream string
	oneWay   time.Duration
	conns    atomic.Int64
	wg       sync.WaitGroup
}

// listenRTT listens on loopback; serve starts forwarding once the upstream address is known (the
// registry has to know the proxy's address, for its token realm, before it starts).
func listenRTT(rtt time.Duration) (*rttProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &rttProxy{ln: ln, oneWay: rtt / 2}, nil
}

// Addr is host:port, as written in image references.
func (p *rttProxy) Addr() string { return p.ln.Addr().String() }

// Connections is how many connections clients have opened through the proxy.
func (p *rttProxy) Connections() int { return int(p.conns.Load()) }

func (p *rttProxy) serve(upstream string) {
	p.upstream = upstream
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := p.ln.Accept()
			if err != nil {
				return
			}
			p.conns.Add(1)
			p.wg.Add(1)
			go func() {
				defer p.wg.Done()
				p.handle(c)
			}()
		}
	}()
}

// Close stops accepting; connections in flight end with their clients (terraform's provider exits
// after every plan).
func (p *rttProxy) Close() { _ = p.ln.Close() }

func (p *rttProxy) handle(client net.Conn) {
	defer func() { _ = client.Close() }()
	time.Sleep(2 * p.oneWay) // SYN, SYN-ACK: nothing goes through before a round trip
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		return
	}
	defer func() { _ = server.Close() }()
	done := make(chan struct{}, 2)
	go func() { p.pipe(server, client); done <- struct{}{} }()
	go func() { p.pipe(client, server); done <- struct{}{} }()
	<-done
	<-done
}

// chunk is bytes read from one side, due at the other side at due.
type chunk struct {
	b   []byte
	due time.Time
}

// pipe copies src to dst, each chunk delayed by oneWay from when it was read. A reader and a
// writer run apart, joined by a queue, so a chunk read while another waits is not held up by it.
func (p *rttProxy) pipe(dst, src net.Conn) {
	queue := make(chan chunk, 4096)
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				queue <- chunk{b: buf[:n], due: time.Now().Add(p.oneWay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range queue {
		time.Sleep(time.Until(c.due))
		if _, err := dst.Write(c.b); err != nil {
			_ = src.Close() // the other side is gone: stop reading, let the reader end
			for range queue {
			}
			return
		}
	}
	// src said EOF (or failed): pass the half-close on, as TCP would.
	if tc, ok := dst.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
		return
	}
	_ = dst.Close()
}
