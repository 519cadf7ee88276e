"""The ``kg`` command: thin wrappers over the pipeline, the stores and the query library.

Data goes to stdout, progress and messages to stderr. Exit codes: 0 ok, 1 findings
(SHACL violations, articles skipped under --keep-going), 2 usage or input error,
3 an endpoint or store failure.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from kg import __version__
from kg.errors import InputError, KgError

log = logging.getLogger("kg")

EXAMPLES = """examples:
  kg run seeds/                                   build, load into out/store and print a summary
  kg build seeds/ -o out/kg.ttl --store out/store  articles to Turtle (and into a store)
  kg load out/kg.ttl --endpoint http://127.0.0.1:7878/query
  kg query speakers --store out/store --format table
  kg query statements-by-speaker --param speaker=Lavrov
  kg validate out/kg.ttl
  kg query --list
  kg explore --store out/store -o out/explorer.html --png out/network.png
"""


def _store(args: argparse.Namespace, read_only: bool = False):  # type: ignore[no-untyped-def]
    if getattr(args, "endpoint", None):
        from kg.endpoint import EndpointStore

        return EndpointStore(args.endpoint, timeout=args.timeout)
    from kg.store import EmbeddedStore

    return EmbeddedStore(Path(args.store), read_only=read_only)


def cmd_build(args: argparse.Namespace) -> int:
    from kg.build import build_shards, publish, work_folder
    from kg.pipeline import BuildConfig
    from kg.progress import Progress

    config = BuildConfig(kb_path=Path(args.kb) if args.kb else None, keep_going=args.keep_going, max_bytes=args.max_bytes,
                         online=args.online, wikidata_endpoint=args.wikidata_endpoint,
                         wikidata_cache=None if args.no_cache else (args.cache_dir or ""))
    output = None if args.output == "-" else Path(args.output)
    if output is not None and output.suffix.lower() not in (".ttl", ".nt", ".nq", ".trig"):
        raise InputError(f"{output}: unknown output format (use .ttl, .nt, .nq or .trig)")
    with work_folder(Path(output.parent if output else ".") / ".kg-build") as shards_dir:
        with Progress.for_stderr(quiet=args.quiet) as progress:
            shards, report = build_shards(args.paths, shards_dir, config, args.workers, args.dask, progress)
        store = _store(args) if args.store or args.endpoint else None
        publish(shards, output, store, report.labels)  # only now, after every article succeeded, do outputs change
        if store is not None:
            store.close()
    log.info("%d articles, %d entities, %d statements -> %s", report.articles, report.entities, report.statements, args.output)
    for failure in report.failures:
        log.warning("failed: %s", failure.message)
    return 1 if report.failures else 0


def cmd_load(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    store = _store(args)
    total = 0
    for name in args.files:
        path = Path(name)
        if not path.exists():
            raise InputError(f"{path}: no such file")
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None:
            raise InputError(f"{path}: unknown RDF format (use .ttl, .nt, .nq or .trig)")
        try:
            parsed = ox.parse(path=str(path), format=fmt)
            if fmt.supports_datasets:
                quads = list(parsed)  # already in their graphs: copying 4 terms a quad would cost more than parsing
            else:
                graph = ox.NamedNode(f"file:///{path.name}")
                quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in parsed]
        except SyntaxError as error:
            raise InputError(f"{path}: not valid {fmt.name}: {error}") from None
        total += store.replace_graphs(quads)
    store.close()
    log.info("loaded %d graph(s)", total)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    from kg.formats import render, table
    from kg.query import find_query, list_queries

    if args.list:
        rows = [[q.name, q.description or q.title, ", ".join(p.name for p in q.parameters)] for q in list_queries()]
        sys.stdout.write(table(["name", "description", "parameters"], rows, max_width=90))
        return 0
    if not args.name:
        raise InputError("give a query name or a .rq file (see `kg query --list`)")
    values = {}
    for item in args.param:
        if "=" not in item:
            raise InputError(f"--param {item!r}: expected NAME=VALUE")
        key, value = item.split("=", 1)
        values[key] = value
    sparql = find_query(args.name).render(values)
    fmt = args.format or ("table" if sys.stdout.isatty() else "tsv")
    store = _store(args, read_only=True)
    result = store.query(sparql)
    store.close()
    sys.stdout.write(render(result, fmt))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

    conforms, text = validate(Path(args.file), Path(args.shapes) if args.shapes else None)
    sys.stdout.write(text if not conforms else f"{args.file}: conforms to the kg shapes\n")
    return 0 if conforms else 1


def cmd_run(args: argparse.Namespace) -> int:
    from kg.summary import print_summary

    args.output = str(Path(args.out) / "kg.ttl")
    args.store = str(Path(args.out) / "store")
    args.endpoint = None
    status = cmd_build(args)
    print_summary(Path(args.store), Path(args.output))
    return status


def cmd_kb(args: argparse.Namespace) -> int:
    from kg import kb as kbmod

    if args.kb_command == "compile":
        data = Path(args.data_dir)
        knowledge = kbmod.compile_shipped(data)
        knowledge.save(Path(args.output) if args.output else data / "kb.jsonl")
        log.info("%d items", len(knowledge))
        return 0
    knowledge = kbmod.KnowledgeBase.load(Path(args.kb) if args.kb else None)
    from kg.formats import table

    rows = [[i.qid, i.label, i.kind, "|".join(i.aliases)[:50], i.description[:60]] for i in knowledge
            if not args.kind or i.kind == args.kind]
    sys.stdout.write(table(["qid", "label", "kind", "aliases", "description"], rows))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_report
    from kg.extract.article import extract
    from kg.pipeline import BuildConfig, Pipeline

    pipeline = Pipeline(BuildConfig(kb_path=Path(args.kb) if args.kb else None))
    total, per_article = evaluate(Path(args.gold_dir), lambda a: extract(a, pipeline.nlp(a.text), pipeline.linker))
    for line in format_report(total, per_article, args.errors):
        print(line)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kg", description="News articles to a Wikidata-linked RDF graph of who said what.",
                                  epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"kg {__version__}")
    top.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    top.add_argument("-v", "--verbose", action="store_true", help="more detail on stderr")
    # the same options after the command name: `kg build … -q`
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only errors on stderr")
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="more detail on stderr")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=f"{help_text}  (e.g. {example})", description=help_text, parents=[common],
                              epilog=f"example:\n  {example}", formatter_class=argparse.RawDescriptionHelpFormatter)

    def store_options(p: argparse.ArgumentParser, default_store: str | None = "out/store") -> None:
        where = p.add_mutually_exclusive_group()
        where.add_argument("--store", default=default_store, help="embedded store folder (default: %(default)s)")
        where.add_argument("--endpoint", help="SPARQL 1.1 query endpoint URL (credentials: KG_ENDPOINT_USER/PASSWORD or ~/.netrc)")
        p.add_argument("--timeout", type=float, default=30.0, help="endpoint timeout in seconds")

    from kg.cli_wikidata import add_commands as add_wikidata_commands
    from kg.cli_wikidata import add_kb_commands, add_online_options

    def build_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of articles (.txt, .html, .jsonl); - for stdin")
        p.add_argument("--kb", help="knowledge base (JSON Lines) instead of the shipped one")
        p.add_argument("--keep-going", action="store_true", help="report and skip bad articles instead of stopping")
        p.add_argument("--max-bytes", type=int, default=5_000_000, help="size limit per article: a file, or one line of a .jsonl file")
        p.add_argument("--workers", type=int, default=1, help="build with N local processes")
        p.add_argument("--dask", metavar="SCHEDULER", help="run on a Dask cluster (address like tcp://host:8786)")
        add_online_options(p)

    p = command("build", "Build the graph of articles into Turtle, N-Quads or TriG.", "kg build seeds/ -o out/kg.ttl --store out/store")
    build_options(p)
    p.add_argument("-o", "--output", required=True, help="output file (.ttl, .nt, .nq, .trig) or - for stdout")
    store_options(p, default_store=None)
    p.set_defaults(func=cmd_build)

    p = command("load", "Load RDF files into a store (each named graph replaced).", "kg load out/kg.nq --store out/store")
    p.add_argument("files", nargs="+", metavar="FILE")
    store_options(p)
    p.set_defaults(func=cmd_load)

    p = command("query", "Run a canned query by name, or a .rq file.", "kg query statements-by-speaker --param speaker=Lavrov")
    p.add_argument("name", nargs="?", metavar="NAME|FILE.rq")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--format", choices=("table", "csv", "tsv", "json"), help="default: table on a terminal, else tsv; graphs (CONSTRUCT, DESCRIBE) are Turtle, or JSON-LD with json")
    p.add_argument("--list", action="store_true", help="list the canned queries")
    store_options(p)
    p.set_defaults(func=cmd_query)

    p = command("validate", "Check a graph against the SHACL shapes (exit 1 when it does not conform).", "kg validate out/kg.ttl")
    p.add_argument("file")
    p.add_argument("--shapes", help="shapes file (default: the published ontology/shapes.ttl)")
    p.set_defaults(func=cmd_validate)

    p = command("run", "Build, load into the embedded store and print a summary.", "kg run seeds/")
    build_options(p)
    p.add_argument("--out", default="out", help="output folder (default: %(default)s)")
    p.set_defaults(func=cmd_run)

    p = command("eval", "Score entities, links and statements against gold annotations.", "kg eval tests/gold --errors")
    p.add_argument("gold_dir")
    p.add_argument("--kb", help="knowledge base (JSON Lines) instead of the shipped one")
    p.add_argument("--errors", action="store_true", help="list every miss, spurious item and wrong link")
    p.set_defaults(func=cmd_eval)

    p = command("kb", "Show, compile or grow the offline Wikidata knowledge base.", "kg kb show --kind person")
    kb_sub = p.add_subparsers(dest="kb_command", required=True)
    show = kb_sub.add_parser("show", help="list the items")
    show.add_argument("--kb")
    show.add_argument("--kind")
    comp = kb_sub.add_parser("compile", help="build kb.jsonl from the verified TSV tables")
    comp.add_argument("--data-dir", default=str(Path(__file__).parent / "data"))
    comp.add_argument("-o", "--output")
    p.set_defaults(func=cmd_kb)
    add_kb_commands(kb_sub)

    from kg.cli_explore import add_commands as add_explore_commands

    add_explore_commands(sub, command)
    add_wikidata_commands(sub, command)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    level = logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="kg: %(message)s", stream=sys.stderr)
    previous = _interrupt_on_sigterm()
    try:
        return int(args.func(args))
    except KgError as error:
        log.error("error: %s", error)
        return error.exit_code
    except KeyboardInterrupt:
        log.error("interrupted: earlier outputs are left as they were")
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _interrupt_on_sigterm() -> signal.Handlers | None:
    """SIGTERM (kill, systemd, docker stop) cleans up like Ctrl-C: temporary files removed, outputs kept."""
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        return None  # someone else's handler: leave it
    try:
        signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread
        return None
    return signal.SIG_DFL


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
