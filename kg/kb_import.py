"""Growing the knowledge base: items from any SPARQL endpoint or from a Wikidata JSON dump slice.

Both give a :class:`~kg.kb.KnowledgeBase` of items with their English label, aliases and
description, their P31 classes, the facts ``kg enrich`` writes (P17 country, P39 position
held, P625 coordinates) and an ``evidence`` note saying where and when they came from; merge
it into a KB with :meth:`KnowledgeBase.merge` (which keeps what the KB already says and adds
names, classes and facts).

The dump reader takes Wikidata's official JSON dump format (a JSON array with one entity per
line, each line but the last ending in a comma), plain, ``.gz`` or ``.bz2`` (told by their
first bytes, not their names), and also JSON Lines of entities or a ``Special:EntityData``
document. It streams: a slice of any size reads in constant memory.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from kg.errors import InputError
from kg.kb import VERIFIED_PRIOR, KBItem, KnowledgeBase
from kg.wikidata import EARTH, FACT_PROPERTIES, WikidataClient, check_qid, kind_of, wkt_point

log = logging.getLogger("kg")
_WHOLE_DOCUMENT_LIMIT = 200_000_000  # bytes: a pretty-printed (not line-per-entity) file is read whole up to this


def parse_qids(text: str) -> list[str]:
    """``"Q1, Q2 Q3"`` -> ``["Q1", "Q2", "Q3"]`` (commas or spaces; each checked)."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise InputError("no QIDs given (e.g. --qids Q7747,Q649)")
    return list(dict.fromkeys(check_qid(p) for p in parts))


# -- SPARQL ----------------------------------------------------------------------------------------

def from_sparql(client: WikidataClient, qids: Iterable[str] | None = None, query: str | None = None, *,
                kind: str | None = None, prior: float = VERIFIED_PRIOR, facts: bool = True) -> KnowledgeBase:
    """Items for ``qids``, or for the ``?item`` answers of the SELECT ``query``, from ``client``'s endpoint.

    ``kind`` gives every item that kind instead of the one their P31 implies (items whose classes
    we do not know otherwise get kind "" and are not linkable). QIDs the endpoint has no English
    label or alias for are left out with a warning.
    """
    if (qids is None) == (query is None):
        raise InputError("give either QIDs or a query returning ?item")
    wanted = list(qids) if qids is not None else client.item_qids(query or "")
    if not wanted:
        raise InputError("the query returned no ?item" if query is not None else "no QIDs given")
    items = client.items(wanted, kind=kind, prior=prior, facts=facts, verb="imported from")
    missing = sorted(set(wanted) - {i.qid for i in items}, key=lambda q: (len(q), q))
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        log.warning("%s has no English label or alias for %s: not imported", client.endpoint, shown)
    return KnowledgeBase(items)


# -- JSON dumps --------------------------------------------------------------------------------------

def _open(path: Path) -> IO[str]:
    try:
        with open(path, "rb") as probe:
            magic = probe.read(3)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror or error})") from None
    if magic[:2] == b"\x1f\x8b":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    if magic == b"BZh":
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    return open(path, encoding="utf-8")


def _entities(value: object) -> Iterator[dict]:
    """Entities in a parsed JSON value: an entity, a list of them, or ``{"entities": {...}}``."""
    if isinstance(value, list):
        for member in value:
            yield from _entities(member)
    elif isinstance(value, dict):
        if isinstance(value.get("entities"), dict):
            yield from (e for e in value["entities"].values() if isinstance(e, dict))
        elif "id" in value:
            yield value


def read_dump(path: Path) -> Iterator[dict]:
    """The entities of a Wikidata JSON dump (slice), streamed line by line."""
    try:
        with _open(path) as handle:
            seen = 0
            for number, line in enumerate(handle, 1):
                text = line.strip()
                if text.endswith(","):
                    text = text[:-1].rstrip()
                if text in ("", "[", "]"):
                    continue
                try:
                    value = json.loads(text)
                except json.JSONDecodeError as error:
                    if seen == 0:  # not one entity a line: perhaps one pretty-printed document
                        yield from _whole(path)
                        return
                    raise InputError(f"{path}, line {number}: not a Wikidata entity ({error.msg})") from None
                for entity in _entities(value):
                    seen += 1
                    yield entity
    except (EOFError, OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read it as a (compressed) JSON dump ({error})") from None


def _whole(path: Path) -> Iterator[dict]:
    if path.stat().st_size > _WHOLE_DOCUMENT_LIMIT:
        raise InputError(f"{path}: not one entity a line, and too big to read whole (use Wikidata's dump format)")
    with _open(path) as handle:
        try:
            value = json.load(handle)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}, line {error.lineno}: not JSON ({error.msg})") from None
    yield from _entities(value)


def _truthy(statements: object) -> list[dict]:
    """Statements as ``wdt:`` has them: deprecated ones dropped, only the preferred ones when there are."""
    if not isinstance(statements, list):
        return []
    kept = [s for s in statements if isinstance(s, dict) and s.get("rank") != "deprecated"]
    preferred = [s for s in kept if s.get("rank") == "preferred"]
    return [s for s in (preferred or kept) if (s.get("mainsnak") or {}).get("snaktype", "value") == "value"]


def _value(statement: dict) -> str | None:
    datavalue = (statement.get("mainsnak") or {}).get("datavalue") or {}
    value, kind = datavalue.get("value"), datavalue.get("type")
    if kind == "wikibase-entityid" and isinstance(value, dict):
        if value.get("id"):
            return str(value["id"])
        if value.get("entity-type", "item") == "item" and value.get("numeric-id") is not None:
            return f"Q{value['numeric-id']}"  # older dumps give only the number
        return None
    if kind == "globecoordinate" and isinstance(value, dict):
        if (value.get("globe") or EARTH) != EARTH or value.get("latitude") is None or value.get("longitude") is None:
            return None  # the Moon is out of scope
        return wkt_point(value["longitude"], value["latitude"])
    if kind == "string" and isinstance(value, str):
        return value
    return None


def entity_item(entity: dict, evidence: str, kind: str | None = None, prior: float = VERIFIED_PRIOR) -> KBItem | None:
    """A KBItem from one entity of Wikidata's JSON (None for lexemes and items without English or mul names)."""
    qid = str(entity.get("id", ""))
    if entity.get("type") not in (None, "item", "property") or qid[:1] not in ("Q", "P"):
        return None

    def text(field: str, language: str) -> str:
        value = (entity.get(field) or {}).get(language)
        return str(value.get("value") or "") if isinstance(value, dict) else ""

    def texts(field: str, language: str) -> list[str]:
        values = (entity.get(field) or {}).get(language)
        return [str(v.get("value") or "") for v in values if isinstance(v, dict)] if isinstance(values, list) else []

    # English names, and "mul" ones (Wikidata's default for all languages, which English falls back to)
    english, default = text("labels", "en"), text("labels", "mul")
    names = [n for n in dict.fromkeys([english, default, *texts("aliases", "en"), *texts("aliases", "mul")]) if n]
    if not names:
        return None
    label, aliases = names[0], names[1:]
    description = text("descriptions", "en")
    claims = entity.get("claims") or {}
    p31 = tuple(dict.fromkeys(v for s in _truthy(claims.get("P31")) if (v := _value(s))))
    facts = {}
    for pid in FACT_PROPERTIES:
        values = sorted({v for s in _truthy(claims.get(pid)) if (v := _value(s))})
        if values:
            facts[pid] = values
    if kind is None:
        kind = "property" if entity.get("type") == "property" or qid.startswith("P") else kind_of(p31)
    return KBItem(qid=qid, label=label, kind=kind, aliases=tuple(a for a in aliases if a != label),
                  description=description, p31=p31, prior=prior, evidence=evidence, facts=facts)


def from_json_dump(path: Path | str, *, kind: str | None = None, qids: Iterable[str] | None = None,
                   prior: float = VERIFIED_PRIOR, today: date | None = None) -> KnowledgeBase:
    """Items of a Wikidata JSON dump slice (all of them, or only ``qids``)."""
    path = Path(path)
    wanted = {check_qid(q) for q in qids} if qids is not None else None
    evidence = f"imported from Wikidata JSON dump {path.name} on {(today or date.today()).isoformat()}"
    kb = KnowledgeBase()
    skipped = 0
    for entity in read_dump(path):
        if wanted is not None and entity.get("id") not in wanted:
            continue
        item = entity_item(entity, evidence, kind=kind, prior=prior)
        if item is None:
            skipped += 1
            continue
        kb.add(item)
    if skipped:
        log.info("%s: %d entities without an English label or alias (or not items) skipped", path, skipped)
    return kb
