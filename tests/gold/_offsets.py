"""Helpers for the gold annotations in this folder.

    python tests/gold/_offsets.py find seeds/000_f6da81adbbe1f069.txt "NATO"   # offsets of every occurrence
    python tests/gold/_offsets.py check                                        # validate every gold file

`check` verifies, for every tests/gold/*.json: text[begin:end] == surface for each mention,
types, ids, speakers, QIDs (must be in kg/data/verified*.tsv with a non-class type), statement
spans inside the text, direct quotes bounded by quotation marks, and no duplicate mentions.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parent
ROOT = GOLD.parent.parent
TYPES = {"Person", "Organization", "Place", "MilitaryExercise", "Event"}
KINDS = {"direct", "indirect", "mixed"}
QUOTES = "\"'“”‘’"


def read_text(rel: str) -> str:
    return open(ROOT / rel, encoding="utf-8").read()


def occurrences(text: str, surface: str) -> list[int]:
    """Start offsets of `surface` as a whole word (not inside a longer word), case-sensitive."""
    pat = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [m.start() for m in pat.finditer(text)]


def nth(text: str, surface: str, n: int = 0) -> tuple[int, int, str]:
    """The n-th (0-based) whole-word occurrence of `surface` as a mention triple."""
    occ = occurrences(text, surface)
    if n >= len(occ):
        raise ValueError(f"{surface!r}: occurrence {n} requested, {len(occ)} found")
    return (occ[n], occ[n] + len(surface), surface)


def span(text: str, start: str, end: str, n: int = 0) -> tuple[int, int]:
    """Span from the n-th occurrence of substring `start` to the end of the next `end` after it."""
    b = -1
    for _ in range(n + 1):
        b = text.index(start, b + 1)
    e = text.index(end, b) + len(end)
    return b, e


def verified_qids() -> dict[str, str]:
    """QID -> type from the verified tables (kg/data/verified.tsv and verified-*.tsv), never confusers."""
    qids: dict[str, str] = {}
    for table in sorted((ROOT / "kg" / "data").glob("verified*.tsv")):
        with open(table, encoding="utf-8") as f:
            qids.update({r["qid"]: r["type"] for r in csv.DictReader(f, delimiter="\t")})
    return qids


def check_file(path: Path, qids: dict[str, str]) -> list[str]:
    errs: list[str] = []
    g = json.loads(path.read_text(encoding="utf-8"))
    text = read_text(g["text_file"])
    if Path(g["text_file"]).stem != path.stem:
        errs.append(f"text_file {g['text_file']} does not match file name")
    if g.get("published") is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", g["published"]):
        errs.append(f"bad published {g['published']!r}")
    ids = set()
    seen: dict[tuple[int, int, str], str] = {}
    for ent in g["entities"]:
        eid = ent["id"]
        if eid in ids:
            errs.append(f"duplicate entity id {eid}")
        ids.add(eid)
        if ent["type"] not in TYPES:
            errs.append(f"{eid}: bad type {ent['type']}")
        q = ent.get("wikidata")
        if q is not None and qids.get(q) not in {"person", "organization", "place", "event"}:
            errs.append(f"{eid}: {q} not an entity of the verified tables")
        if not ent["mentions"]:
            errs.append(f"{eid}: no mentions")
        for b, e, s in ent["mentions"]:
            if text[b:e] != s:
                errs.append(f"{eid}: text[{b}:{e}]={text[b:e]!r} != {s!r}")
            key = (b, e, eid)
            if key in seen:
                errs.append(f"{eid}: duplicate mention {b}-{e}")
            seen[key] = eid
        if [m[0] for m in ent["mentions"]] != sorted(m[0] for m in ent["mentions"]):
            errs.append(f"{eid}: mentions not sorted")
    for i, st in enumerate(g["statements"]):
        b, e = st["begin"], st["end"]
        if not (0 <= b < e <= len(text)):
            errs.append(f"statement {i}: bad span {b}-{e}")
            continue
        if text[b:e] != st["text"]:
            errs.append(f"statement {i}: text does not match span")
        if st["kind"] not in KINDS:
            errs.append(f"statement {i}: bad kind {st['kind']}")
        if st["speaker"] is not None and st["speaker"] not in ids:
            errs.append(f"statement {i}: unknown speaker {st['speaker']}")
        if not isinstance(st.get("optional"), bool):
            errs.append(f"statement {i}: optional must be a bool")
        if st["kind"] == "direct" and not st["optional"] and not (b > 0 and text[b - 1] in QUOTES and e < len(text) and text[e] in QUOTES):
            errs.append(f"statement {i}: direct quote not bounded by quotation marks")
        if st["kind"] == "mixed" and not any(c in QUOTES for c in text[max(0, b - 1) : e + 1]):
            errs.append(f"statement {i}: mixed statement without a quotation mark")
        if text[b].isspace() or text[e - 1].isspace():
            errs.append(f"statement {i}: span starts or ends with whitespace")
    return errs


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "find":
        text = read_text(argv[1])
        for n, b in enumerate(occurrences(text, argv[2])):
            ctx = text[max(0, b - 40) : b + len(argv[2]) + 40].replace("\n", " ")
            print(f"{n}\t[{b}, {b + len(argv[2])}]\t…{ctx}…")
        return 0
    if argv[:1] == ["check"]:
        qids = verified_qids()
        bad = 0
        for p in sorted(GOLD.glob("*.json")):
            errs = check_file(p, qids)
            bad += len(errs)
            for err in errs:
                print(f"{p.name}: {err}")
        print("OK" if not bad else f"{bad} problem(s)")
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
