"""The offline Wikidata knowledge base: verified items, their names, types and descriptions.

It ships as JSON Lines (``kg/data/kb.jsonl``), one item a line, so it loads in
milliseconds, diffs well in review and merges by QID. ``kg kb`` grows it from TSV
tables, Wikidata JSON dump slices or any SPARQL endpoint.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from pathlib import Path

from kg.errors import InputError

ENTITY_KINDS = ("person", "organization", "place", "event", "exercise")
CONFUSER_PRIOR = 0.1
VERIFIED_PRIOR = 1.0


@dataclass(frozen=True)
class KBItem:
    """One Wikidata item as the linker needs it."""

    qid: str
    label: str
    kind: str  # person | organization | place | event | exercise | class | property
    aliases: tuple[str, ...] = ()
    description: str = ""
    p31: tuple[str, ...] = ()
    prior: float = VERIFIED_PRIOR  # how usual this meaning is for its names; confusers get little
    evidence: str = ""
    facts: dict[str, list[str]] = field(default_factory=dict, hash=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @property
    def linkable(self) -> bool:
        return self.kind in ENTITY_KINDS


class KnowledgeBase:
    """Items by QID; a mapping from QID to :class:`KBItem` with merge and persistence."""

    def __init__(self, items: Iterable[KBItem] = ()) -> None:
        self._items: dict[str, KBItem] = {}
        for item in items:
            self.add(item)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[KBItem]:
        return iter(sorted(self._items.values(), key=lambda i: (len(i.qid), i.qid)))

    def __contains__(self, qid: object) -> bool:
        return qid in self._items

    def get(self, qid: str) -> KBItem | None:
        return self._items.get(qid)

    def add(self, item: KBItem) -> None:
        """Add an item, merging names and facts with an item of the same QID already held."""
        old = self._items.get(item.qid)
        if old is None:
            self._items[item.qid] = item
            return
        aliases = tuple(dict.fromkeys(a for a in (*old.aliases, *item.aliases, item.label) if a != old.label))
        facts = {k: sorted(set(old.facts.get(k, [])) | set(item.facts.get(k, []))) for k in {*old.facts, *item.facts}}
        self._items[item.qid] = replace(
            old,
            aliases=aliases,
            description=old.description or item.description,
            p31=tuple(dict.fromkeys((*old.p31, *item.p31))),
            prior=max(old.prior, item.prior),
            evidence=old.evidence or item.evidence,
            facts=facts,
        )

    def merge(self, other: KnowledgeBase) -> None:
        for item in other:
            self.add(item)

    @classmethod
    def load(cls, path: Path | None = None) -> KnowledgeBase:
        """Load a JSON Lines KB; without a path, the one shipped with the package."""
        if path is None:
            with resources.files("kg.data").joinpath("kb.jsonl").open(encoding="utf-8") as handle:
                return cls(_parse_jsonl(handle, "kg/data/kb.jsonl"))
        try:
            with open(path, encoding="utf-8") as handle:
                return cls(_parse_jsonl(handle, str(path)))
        except FileNotFoundError:
            raise InputError(f"{path}: knowledge base file not found") from None

    def save(self, path: Path) -> None:
        """Write atomically: a temporary file in the same folder, then a rename."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                for item in self:
                    record = {k: v for k, v in asdict(item).items() if v not in ((), "", {}, None)}
                    handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _parse_jsonl(lines: Iterable[str], name: str) -> Iterator[KBItem]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield KBItem(
                qid=record["qid"],
                label=record["label"],
                kind=record["kind"],
                aliases=tuple(record.get("aliases", ())),
                description=record.get("description", ""),
                p31=tuple(record.get("p31", ())),
                prior=float(record.get("prior", VERIFIED_PRIOR)),
                evidence=record.get("evidence", ""),
                facts=dict(record.get("facts", {})),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{name}, line {number}: not a knowledge-base item ({error})") from None


def read_tsv(path: Path, prior: float = VERIFIED_PRIOR) -> Iterator[KBItem]:
    """Read a verified table (qid, label, aliases, description, type, p31, evidence)."""
    try:
        handle = open(path, encoding="utf-8", newline="")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    with handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"qid", "label", "type"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"{path}: missing columns {', '.join(sorted(missing))}")
        for number, row in enumerate(reader, 2):
            qid = (row.get("qid") or "").strip()
            if not qid or not (qid[0] in "QP" and qid[1:].isdigit()):
                raise InputError(f"{path}, line {number}: bad Wikidata identifier {qid!r}")
            yield KBItem(
                qid=qid,
                label=row["label"].strip(),
                kind=(row.get("type") or "").strip(),
                aliases=_split(row.get("aliases")),
                description=(row.get("description") or "").strip(),
                p31=_split(row.get("p31")),
                prior=prior,
                evidence=(row.get("evidence") or "").strip(),
            )


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def read_aliases(path: Path, kb: KnowledgeBase) -> Iterator[KBItem]:
    """Extra names (qid, alias, evidence) for items the KB already holds."""
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
            item = kb.get(row["qid"].strip())
            if item is None:
                raise InputError(f"{path}, line {number}: {row['qid']} is not in the knowledge base")
            yield replace(item, aliases=(row["alias"].strip(),), facts={})


def compile_shipped(data_dir: Path) -> KnowledgeBase:
    """The shipped KB from the verified tables in ``data_dir`` (what ``kg kb compile`` writes)."""
    kb = KnowledgeBase(read_tsv(data_dir / "verified.tsv"))
    for extra in sorted(data_dir.glob("verified-*.tsv")):  # one table per source or subject
        kb.merge(KnowledgeBase(read_tsv(extra)))
    for item in read_tsv(data_dir / "confusers.tsv", prior=CONFUSER_PRIOR):
        if item.qid not in kb:
            kb.add(item)
    for item in list(read_aliases(data_dir / "aliases.tsv", kb)):
        kb.add(item)
    return kb
