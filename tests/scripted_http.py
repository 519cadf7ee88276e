"""A real HTTP server on 127.0.0.1 that answers from a script: statuses, headers, bodies, hangs
and dropped connections, recording every request it gets. For the SPARQL clients' fault tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted answer: a status with headers and body, or a fault. "{auth}" in the body is
    replaced by the request's Authorization header (a careless server echoing what it got)."""

    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/sparql-results+json"})
    hang: float = 0.0  # seconds to wait before answering
    drop: bool = False  # close the connection without answering


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


class ScriptedServer(ThreadingHTTPServer):
    """Answers with the script's replies in turn, then repeats the last one."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, script: list[Reply], path: str, echoes: dict[str, str]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = list(script)
        self.last = script[-1] if script else Reply()
        self.echoes = echoes
        self.seen: list[Seen] = []
        self.closing = threading.Event()
        self.url = f"http://127.0.0.1:{self.server_address[1]}{path}"

    def handle_error(self, request: object, client_address: object) -> None:
        return None  # a client that gave up (timeout) makes our late write fail: expected here

    def next_reply(self) -> Reply:
        return self.script.pop(0) if self.script else self.last


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return None

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append(Seen(self.command, self.path, dict(self.headers), body, time.monotonic()))
        reply = self.server.next_reply()
        if reply.hang:
            self.server.closing.wait(reply.hang)
        if reply.drop:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        text = reply.body.replace("{auth}", self.headers.get("Authorization", ""))
        for placeholder, value in self.server.echoes.items():
            text = text.replace(placeholder, value)
        payload = text.encode()
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _handle


@contextmanager
def scripted_servers(path: str, echoes: dict[str, str] | None = None) -> Iterator[Callable[..., ScriptedServer]]:
    """``start(*replies)`` starts a server; all are stopped on exit."""
    servers: list[ScriptedServer] = []

    def start(*script: Reply) -> ScriptedServer:
        server = ScriptedServer(list(script), path, echoes or {})
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.closing.set()
        server.shutdown()
        server.server_close()
