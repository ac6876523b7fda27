"""Listens on the TCP and UDP ports given as JSON on argv[1], on every address of this network
namespace (IPv4 and IPv6), for at most `lifetime` seconds. A TCP client gets `ok` and the
connection is closed; a UDP datagram is echoed. Prints `ready` once every socket is bound.

Used by tests/export_kernel.rs inside network namespaces it creates; it never runs elsewhere."""

import json
import selectors
import socket
import sys
import time

spec = json.loads(sys.argv[1])
deadline = time.monotonic() + float(spec.get("lifetime", 120))
sel = selectors.DefaultSelector()


def bound(kind, port):
    s = socket.socket(socket.AF_INET6, kind)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    s.setblocking(False)
    return s


for port in spec.get("tcp", []):
    s = bound(socket.SOCK_STREAM, port)
    s.listen(64)
    sel.register(s, selectors.EVENT_READ, "tcp")
for port in spec.get("udp", []):
    sel.register(bound(socket.SOCK_DGRAM, port), selectors.EVENT_READ, "udp")

print("ready", flush=True)
while time.monotonic() < deadline:
    for key, _ in sel.select(timeout=0.5):
        s = key.fileobj
        try:
            if key.data == "tcp":
                conn, _ = s.accept()
                conn.settimeout(1)
                conn.sendall(b"ok")
                conn.close()
            else:
                data, peer = s.recvfrom(2048)
                s.sendto(data, peer)
        except OSError:
            pass
