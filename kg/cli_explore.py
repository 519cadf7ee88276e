"""``kg explore``: the graph as one self-contained HTML page, and optionally a Graphviz picture.

Wired into ``kg.cli.parser()`` with ``add_commands(sub, command)``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

from kg.errors import InputError

log = logging.getLogger("kg")

EXAMPLE = "kg explore --store out/store -o out/explorer.html --png out/network.png"


def cmd_explore(args: argparse.Namespace) -> int:
    from kg.cli import _store
    from kg.explore import collect, draw_network, graphviz_program, render_page

    pictures = [Path(p) for p in (args.png, args.svg) if p]
    for picture, suffix in ((args.png, ".png"), (args.svg, ".svg")):
        if picture and Path(picture).suffix.lower() != suffix:
            raise InputError(f"{picture}: expected a {suffix} file name")
    if pictures:
        graphviz_program()  # fail before the queries when Graphviz is missing
    output = args.output if args.output else (None if pictures else "out/explorer.html")
    if output and output != "-" and Path(output).suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{output}: the page must be an .html file (or - for stdout)")
    store = _store(args, read_only=True)
    try:
        data = collect(store, source=args.endpoint or str(Path(args.store)))
    finally:
        store.close()
    if output == "-":
        sys.stdout.write(render_page(data))
    elif output:
        _write_atomically(Path(output), render_page(data))
        log.info("%d statements, %d speakers -> %s", data["counts"]["statements"], data["counts"]["speakers"], output)
    for picture in pictures:
        draw_network(None, picture, data=data)
        log.info("network picture -> %s", picture)
    return 0


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def add_commands(sub: argparse._SubParsersAction, command) -> None:  # type: ignore[type-arg,no-untyped-def]
    """Add ``kg explore`` (``command`` is cli.parser()'s helper: name, help, example -> subparser)."""
    p = command("explore", "Write an interactive explorer page (one offline HTML file) and/or a network picture.", EXAMPLE)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", default="out/store", help="embedded store folder (default: %(default)s)")
    where.add_argument("--endpoint", help="SPARQL 1.1 query endpoint URL (credentials: KG_ENDPOINT_USER/PASSWORD or ~/.netrc)")
    p.add_argument("--timeout", type=float, default=30.0, help="endpoint timeout in seconds")
    p.add_argument("-o", "--output", metavar="FILE.html",
                   help="the page (default: out/explorer.html, none when only --png/--svg is given; - for stdout)")
    p.add_argument("--png", metavar="FILE.png", help="also draw the speaker-entity network with Graphviz (needs `graphviz`)")
    p.add_argument("--svg", metavar="FILE.svg", help="the same picture as SVG")
    p.set_defaults(func=cmd_explore)
