"""The load drivers' HTTP client: one request per connection, as a client that has just
connected sends it, with nothing in the way between the measurement and the socket."""
import argparse
import asyncio
import json


async def request(host, port, token, method, path, body=None):
    """Sends one request; returns the status and everything after the status line."""
    reader, writer = await asyncio.open_connection(host, port)
    payload = json.dumps(body).encode() if body is not None else b""
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    writer.write(head + payload)
    await writer.drain()
    status_line = await reader.readline()
    rest = await reader.read()
    writer.close()
    status = int(status_line.split()[1]) if status_line else 0
    return status, rest


def arguments():
    """The options every driver takes: the server, its token, the agents and how many calls."""
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--agents", type=int, required=True)
    p.add_argument("--calls", type=int, required=True)
    p.add_argument("--line", default="perf")
    return p
