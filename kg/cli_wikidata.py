"""The Wikidata commands: ``kg kb update``, ``kg kb import-dump`` and ``kg enrich``.

``add_kb_commands(kb_sub)`` adds the two ``kb`` subcommands to the ``kb`` command's
subparsers; ``add_commands(sub, command)`` adds ``enrich``; ``add_online_options(p)`` adds
``--online`` and friends to ``build``/``run``. Each command function returns an exit code
(errors are :class:`~kg.errors.KgError` and become exit codes in ``kg.cli.main``).

A KB file is only written where asked: ``kg kb update``/``import-dump`` grow ``--kb FILE``, or
the user KB ``./kb.jsonl`` (started from the shipped KB when it does not exist yet); the KB
shipped inside the package is written only when ``-o`` names it.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.kb import ENTITY_KINDS, KnowledgeBase
from kg.store import TripleStore
from kg.wikidata import WIKIDATA_SPARQL

log = logging.getLogger("kg")

USER_KB = Path("kb.jsonl")
KINDS = (*ENTITY_KINDS, "class", "property")
Command = Callable[[str, str, str], argparse.ArgumentParser]


def shipped_kb_path() -> Path:
    return Path(str(resources.files("kg.data").joinpath("kb.jsonl")))


# -- options ---------------------------------------------------------------------------------------

def _client_options(p: argparse.ArgumentParser, endpoint_flag: str) -> None:
    p.add_argument(endpoint_flag, default=WIKIDATA_SPARQL, metavar="URL",
                   help="SPARQL endpoint holding Wikidata-shaped RDF (default: %(default)s)")
    p.add_argument("--cache-dir", metavar="DIR", help="where answers are cached (default: $KG_CACHE_DIR/wikidata "
                   "or ~/.cache/kg/wikidata)")
    p.add_argument("--no-cache", action="store_true", help="ask the endpoint again, and keep no answers")


def _kb_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kb", metavar="FILE", help=f"the KB to grow (default: ./{USER_KB}, started from the shipped KB "
                   "when it does not exist)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the grown KB here (default: the --kb file, "
                   f"else ./{USER_KB}); the shipped KB is written only when named here")
    p.add_argument("--kind", choices=KINDS, help="the kind of every imported item (default: from its P31 classes; "
                   "items of other classes are imported but not linkable)")


def add_online_options(p: argparse.ArgumentParser,
                       help_text: str = "look up online the names the knowledge base does not know (cached)") -> None:
    """``--online``, ``--wikidata-endpoint`` and the cache options, for ``kg build`` and ``kg run``."""
    p.add_argument("--online", action="store_true", help=help_text)
    _client_options(p, "--wikidata-endpoint")


def _client(args: argparse.Namespace, endpoint: str):  # type: ignore[no-untyped-def]
    from kg.wikidata import DEFAULT, WikidataClient

    cache = None if args.no_cache else (Path(args.cache_dir) if args.cache_dir else DEFAULT)
    return WikidataClient(endpoint, cache_dir=cache, timeout=args.timeout)


# -- kg kb update / import-dump ----------------------------------------------------------------------

def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _base_and_target(args: argparse.Namespace) -> tuple[KnowledgeBase, Path]:
    """The KB to grow and where the result goes, refusing to overwrite the shipped KB unasked."""
    base_path = Path(args.kb) if args.kb else USER_KB
    if base_path.exists():
        base = KnowledgeBase.load(base_path)
    else:
        log.info("%s does not exist yet: starting from the shipped knowledge base", base_path)
        base = KnowledgeBase.load()
    target = Path(args.output) if args.output else base_path
    if not args.output and _same_file(target, shipped_kb_path()):
        raise InputError(f"{target} is the knowledge base shipped with kg: name it with -o to overwrite it, "
                         f"or write a user KB (-o {USER_KB})")
    return base, target


def _merge_and_save(base: KnowledgeBase, imported: KnowledgeBase, target: Path) -> None:
    new = sum(1 for item in imported if item.qid not in base)
    base.merge(imported)
    base.save(target)
    log.info("%d items imported (%d new, %d merged into existing items) -> %s (%d items)",
             len(imported), new, len(imported) - new, target, len(base))


def cmd_kb_update(args: argparse.Namespace) -> int:
    from kg.kb_import import from_sparql, parse_qids

    base, target = _base_and_target(args)
    client = _client(args, args.endpoint)
    if args.query:
        try:
            query = Path(args.query).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{args.query}: no such query file") from None
        imported = from_sparql(client, query=query, kind=args.kind)
    else:
        imported = from_sparql(client, qids=parse_qids(args.qids), kind=args.kind)
    _merge_and_save(base, imported, target)
    return 0


def cmd_kb_import_dump(args: argparse.Namespace) -> int:
    from kg.kb_import import from_json_dump, parse_qids

    base, target = _base_and_target(args)
    imported = from_json_dump(Path(args.file), kind=args.kind, qids=parse_qids(args.qids) if args.qids else None)
    if not len(imported):
        raise InputError(f"{args.file}: no Wikidata items with an English label found")
    _merge_and_save(base, imported, target)
    return 0


def add_kb_commands(kb_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``kg kb update`` and ``kg kb import-dump`` (call with the ``kb`` command's subparsers)."""
    raw = argparse.RawDescriptionHelpFormatter
    example = "kg kb update --qids Q7747,Q649 --kb kb.jsonl"
    p = kb_sub.add_parser("update", help="add or refresh items from a SPARQL endpoint (Wikidata by default)",
                          description="Add items (names, description, P31 and the facts kg enrich uses) from a "
                          "SPARQL endpoint holding Wikidata-shaped RDF, by QID or by a query returning ?item.",
                          epilog=f"examples:\n  {example}\n  kg kb update --query people.rq --endpoint "
                          "http://127.0.0.1:7878/query -o my-kb.jsonl", formatter_class=raw)
    _client_options(p, "--endpoint")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--qids", metavar="Q1,Q2", help="the items to import")
    what.add_argument("--query", metavar="FILE.rq", help="a SELECT query whose ?item answers are imported")
    _kb_options(p)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each answer (default: %(default)s)")
    p.set_defaults(func=cmd_kb_update)

    p = kb_sub.add_parser("import-dump", help="add items from a Wikidata JSON dump slice (.json, .json.gz, .json.bz2)",
                          description="Add items from a Wikidata JSON dump or a slice of it (one entity a line, "
                          "plain, gzip or bzip2): English names and description, P31, P17, P39, P625.",
                          epilog="example:\n  kg kb import-dump slice.json.gz -o kb.jsonl", formatter_class=raw)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--qids", metavar="Q1,Q2", help="import only these items")
    _kb_options(p)
    p.set_defaults(func=cmd_kb_import_dump)


# -- kg enrich ------------------------------------------------------------------------------------------

def cmd_enrich(args: argparse.Namespace) -> int:
    from kg.enrich import enrich

    online = args.online or args.wikidata_endpoint != WIKIDATA_SPARQL
    source = _client(args, args.wikidata_endpoint) if online else KnowledgeBase.load(Path(args.kb) if args.kb else None)
    store: TripleStore
    if args.endpoint:
        from kg.endpoint import EndpointStore

        store = EndpointStore(args.endpoint, timeout=args.timeout)
    else:
        from kg.store import EmbeddedStore

        if not Path(args.store).exists():
            raise InputError(f"{args.store}: no store here (build one with `kg build ... --store {args.store}`)")
        store = EmbeddedStore(Path(args.store))
    try:
        enrich(store, source)
    finally:
        store.close()
    return 0


def add_commands(sub: argparse._SubParsersAction, command: Command) -> None:  # type: ignore[type-arg]
    """``kg enrich`` (``command`` is cli.parser()'s factory of subcommand parsers)."""
    p = command("enrich", "Add Wikidata facts (P31, P17, P39, P625) about the linked entities to a store.",
                "kg enrich --store out/store --online")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--store", default="out/store", help="embedded store folder (default: %(default)s)")
    where.add_argument("--endpoint", help="SPARQL 1.1 query endpoint URL of the store to enrich")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for each answer (default: %(default)s)")
    p.add_argument("--kb", metavar="FILE", help="offline: take the facts from this KB (default: the shipped one)")
    add_online_options(p, "take the facts from the Wikidata endpoint instead of the KB (answers cached)")
    p.set_defaults(func=cmd_enrich)
