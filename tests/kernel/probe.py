"""Runs the connection probes given as JSON on stdin and prints one JSON list of results.

A probe is {"id", "src", "dst", "proto": "tcp"|"udp", "port", "timeout"}; `src` (optional) is the
address to send from. Results: `open` (TCP: connected and read `ok`; UDP: the datagram came
back), `timeout` (no answer: dropped on the way), `eperm` (a local firewall refused to send),
`refused` (reset or port unreachable: the packet reached a host), or `error: ...`.

Used by tests/export_kernel.rs inside network namespaces it creates; it never runs elsewhere."""

import concurrent.futures
import errno
import json
import socket
import sys


def probe(p):
    family = socket.AF_INET6 if ":" in p["dst"] else socket.AF_INET
    kind = socket.SOCK_STREAM if p["proto"] == "tcp" else socket.SOCK_DGRAM
    s = socket.socket(family, kind)
    s.settimeout(float(p["timeout"]))
    try:
        if p.get("src"):
            s.bind((p["src"], 0))
        if kind == socket.SOCK_STREAM:
            s.connect((p["dst"], p["port"]))
            data = b""
            while len(data) < 2:
                chunk = s.recv(2 - len(data))
                if not chunk:
                    break
                data += chunk
            return "open" if data == b"ok" else "error: got %r" % data
        payload = b"portolan-%d" % p["id"]
        s.sendto(payload, (p["dst"], p["port"]))
        data, _ = s.recvfrom(2048)
        return "open" if data == payload else "error: got %r" % data
    except socket.timeout:
        return "timeout"
    except ConnectionRefusedError:
        return "refused"
    except PermissionError:
        return "eperm"
    except OSError as e:
        if e.errno == errno.EPERM:
            return "eperm"
        return "error: %s" % e
    finally:
        s.close()


probes = json.load(sys.stdin)
with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
    results = list(pool.map(probe, probes))
print(json.dumps([{"id": p["id"], "result": r} for p, r in zip(probes, results)]))
