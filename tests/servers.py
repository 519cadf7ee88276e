"""Real SPARQL servers on 127.0.0.1 for the tests: started on a free port, waited for, stopped.

``oxigraph_server(dir)`` and ``virtuoso_server(dir)`` are context managers;
``server_fixture(factory)`` turns one into a pytest fixture (module scope by default)::

    oxigraph = server_fixture(oxigraph_server)

    def test_something(oxigraph): ... oxigraph.query_url ...

Each server writes its log into its folder; a server that does not come up fails the test
with the end of that log.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

STARTUP_TIMEOUT = 60.0  # a fresh Virtuoso database takes ~5 s; slow CI machines more


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    query_url: str
    update_url: str
    store_url: str | None
    log: Path

    def log_tail(self, lines: int = 30) -> str:
        return _tail(self.log, lines)


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _answers(url: str) -> bool:
    """True once ``url`` answers an ASK with HTTP 200."""
    probe = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_answers(process: subprocess.Popen[bytes], url: str, log: Path, what: str,
                       timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before answering:\n{_tail(log, 30)}")
        if _answers(url):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:g} s:\n{_tail(log, 30)}")


def stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; only this process (its own process group)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def _start(command: list[str], log: Path, cwd: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)  # own process group: stop() ends it and its children only


# -- Oxigraph -------------------------------------------------------------------------------

def oxigraph_binary() -> Path | None:
    """``oxigraph`` from the PyPI package of that name, installed beside this Python (or on PATH)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return beside
    found = shutil.which("oxigraph")
    return Path(found) if found else None


@contextlib.contextmanager
def oxigraph_server(location: Path, union_default_graph: bool = True) -> Iterator[Server]:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT [--union-default-graph]``.

    With the union default graph (the default here, as in our embedded store), queries without
    GRAPH see the triples of every named graph.
    """
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]' installs it)")
    location.mkdir(parents=True, exist_ok=True)
    log = location.parent / f"{location.name}.log"
    for _ in range(3):  # a free port can be taken between choosing and binding it: try another
        port = free_port()
        command = [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
        if union_default_graph:
            command.append("--union-default-graph")
        process = _start(command, log, location.parent)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(process, base + "/query", log, "oxigraph serve", timeout=20)
        except RuntimeError:
            stop(process)
            if "in use" in _tail(log, 5).lower():
                continue
            raise
        try:
            yield Server("oxigraph", process, port, base + "/query", base + "/update", base + "/store", log)
        finally:
            stop(process)
        return
    raise RuntimeError(f"oxigraph serve could not bind a port:\n{_tail(log, 10)}")


# -- Virtuoso -------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DisableTcpSocket   = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode           = 2
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
DirsAllowed        = .
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {db}/www
MaxClientConnections = 10
ServerThreads      = 10
Charset            = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows   = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binary() -> Path | None:
    found = shutil.which("virtuoso-t")
    return Path(found) if found else None


def virtuoso_isql() -> Path | None:
    """Virtuoso's own isql: ``isql-vt`` on Debian/Ubuntu (``isql`` there is unixODBC's)."""
    for name in ("isql-vt", "isql-v"):
        found = shutil.which(name)
        if found:
            return Path(found)
    server = virtuoso_binary()
    beside = server.parent / "isql" if server else None
    if beside and beside.exists():
        probe = subprocess.run([str(beside), "-?"], capture_output=True, timeout=10)
        if b"OpenLink" in probe.stdout + probe.stderr or b"Virtuoso" in probe.stdout + probe.stderr:
            return beside
    return None


def require_virtuoso() -> tuple[Path, Path]:
    """The server and isql binaries, or skip: .ci/install-virtuoso.sh installs them."""
    server, isql = virtuoso_binary(), virtuoso_isql()
    if server is None or isql is None:
        missing = "virtuoso-t" if server is None else "isql-vt"
        pytest.skip(f"Virtuoso is not installed ({missing} not on PATH; run .ci/install-virtuoso.sh)")
    return server, isql


def isql(server: VirtuosoServer, statement: str, user: str = "dba", password: str = "dba") -> str:
    """Run one SQL statement through Virtuoso's isql; raises with its output when it fails."""
    _, binary = require_virtuoso()
    host_port = f"127.0.0.1:{server.port_sql}"
    done = subprocess.run([str(binary), host_port, user, password, f"EXEC={statement}"],
                          capture_output=True, text=True, timeout=60)
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql {statement!r} failed ({done.returncode}):\n{output}")
    return output


@dataclass
class VirtuosoServer(Server):
    port_sql: int = 0


@contextlib.contextmanager
def virtuoso_server(directory: Path, sparql_update: bool = True) -> Iterator[VirtuosoServer]:
    """Our own ``virtuoso-t +foreground`` on a temporary database and free 127.0.0.1 ports.

    With ``sparql_update`` the anonymous SPARQL user gets the SPARQL_UPDATE role, so /sparql
    and the Graph Store at /sparql-graph-crud accept writes (fine for a throwaway database).
    Queries without FROM see every graph: Virtuoso's default graph is the union of all graphs.
    """
    binary, _ = require_virtuoso()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "www").mkdir(exist_ok=True)
    log = directory / "virtuoso-t.log"
    for _ in range(3):
        sql_port, http_port = free_port(), free_port()
        if sql_port == http_port:
            continue
        ini = directory / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        process = _start([str(binary), "+foreground", "+configfile", str(ini)], log, directory)
        base = f"http://127.0.0.1:{http_port}"
        try:
            wait_until_answers(process, base + "/sparql", log, "virtuoso-t")
        except RuntimeError as error:
            stop(process)
            text = (_tail(log, 10) + _tail(directory / "virtuoso.log", 10)).lower()
            if "address already in use" in text or "failed to start listening" in text:
                for name in ("virtuoso.db", "virtuoso.trx", "virtuoso.lck", "virtuoso-temp.db"):
                    (directory / name).unlink(missing_ok=True)
                continue
            raise RuntimeError(f"{error}\nvirtuoso.log:\n{_tail(directory / 'virtuoso.log', 30)}") from None
        server = VirtuosoServer("virtuoso", process, http_port, base + "/sparql", base + "/sparql",
                                base + "/sparql-graph-crud", log, port_sql=sql_port)
        try:
            if sparql_update:
                isql(server, 'GRANT SPARQL_UPDATE TO "SPARQL";')
            yield server
        finally:
            stop(process, grace=15)
        return
    raise RuntimeError(f"virtuoso-t could not bind its ports:\n{_tail(log, 10)}")


# -- pytest ---------------------------------------------------------------------------------

def server_fixture(factory: Callable[..., contextlib.AbstractContextManager[Server]],
                   scope: Literal["session", "package", "module", "class", "function"] = "module",
                   **options: object) -> Callable[..., Iterator[Server]]:
    """A pytest fixture running ``factory(tmp_dir, **options)`` for the duration of ``scope``."""

    @pytest.fixture(scope=scope)
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
        name = getattr(factory, "__name__", "server")
        with factory(tmp_path_factory.mktemp(name) / "data", **options) as server:
            yield server

    return fixture


# -- comparing answers ----------------------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
    "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}


def _number(text: str) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return text
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def canonical_term(term: dict, loose: bool = False) -> dict:
    """A SPARQL JSON term in one spelling. SPARQL 1.0's "typed-literal" (Virtuoso) is "literal".

    ``loose``: numbers compare by value whatever their XSD type (Oxigraph 0.5 stores
    xsd:nonNegativeInteger as xsd:integer, Virtuoso stores 1.0 as 1), and xsd:boolean's
    "1"/"0" (Virtuoso) read as "true"/"false".
    """
    term = dict(term)
    if term.get("type") == "typed-literal":
        term["type"] = "literal"
    if loose and term.get("datatype") in NUMERIC:
        term["datatype"], term["value"] = "number", _number(term["value"])
    if loose and term.get("datatype") == XSD + "boolean":
        term["value"] = {"1": "true", "0": "false"}.get(term["value"], term["value"])
    return term


def canonical_rows(result: dict, loose: bool = False) -> list[str]:
    """SPARQL JSON bindings as sorted canonical strings: the same rows give the same list.

    Order is ignored: ties in ORDER BY may come out in any order.
    """
    rows = []
    for binding in result.get("results", {}).get("bindings", []):
        row = {name: canonical_term(term, loose) for name, term in binding.items()}
        rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return sorted(rows)


def canonical_triples(turtle: bytes | str, loose: bool = False) -> list[str]:
    """Turtle, N-Triples or JSON-LD (``kg query --format json`` on a graph) as a sorted list of distinct N-Triples lines."""
    import pyoxigraph as ox

    data = turtle.encode() if isinstance(turtle, str) else turtle
    syntax = ox.RdfFormat.JSON_LD if data.lstrip().startswith(b"[") else ox.RdfFormat.TURTLE
    lines = set()
    for triple in ox.parse(data, format=syntax):
        obj = triple.object
        if loose and isinstance(obj, ox.Literal) and obj.datatype.value in NUMERIC:
            lines.add(f"{triple.subject} {triple.predicate} {_number(obj.value)}")
        else:
            lines.add(str(triple))
    return sorted(lines)
