"""Growing the KB: from a Wikidata JSON dump slice and from a SPARQL endpoint, and the kb commands."""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
from pathlib import Path

import pytest

from kg.cli_wikidata import add_kb_commands, shipped_kb_path
from kg.errors import InputError, KgError
from kg.kb import VERIFIED_PRIOR, KnowledgeBase, compile_shipped
from kg.kb_import import entity_item, from_json_dump, from_sparql, parse_qids, read_dump
from kg.wikidata import WikidataClient
from tests.wikidata_fixtures import SLICE, TODAY, no_internet, wikidata_server  # noqa: F401 - fixtures

EVIDENCE = "imported from Wikidata JSON dump slice.json on 2024-05-01"


def _entities() -> list[dict]:
    return [json.loads(line.rstrip().rstrip(",")) for line in SLICE.read_text(encoding="utf-8").splitlines()
            if line.strip() not in ("[", "]")]


# -- the dump ----------------------------------------------------------------------------------------

def test_dump_slice() -> None:
    kb = from_json_dump(SLICE, today=TODAY)
    assert [i.qid for i in kb] == ["Q76", "Q649", "Q7184"]
    obama = kb.get("Q76")
    assert obama is not None
    assert (obama.label, obama.kind, obama.p31) == ("Barack Obama", "person", ("Q5",))
    assert obama.aliases == ("Barack Hussein Obama II", "Obama")  # English only: not "Барак Обама"
    assert obama.description == "American politician, 44th President of the United States"
    assert obama.facts == {"P39": ["Q11696"]}  # P27 is not one of the facts we keep
    assert obama.evidence == EVIDENCE and obama.prior == VERIFIED_PRIOR
    nato = kb.get("Q7184")
    assert nato is not None and nato.kind == "organization"
    assert "Organisation du traité de l'Atlantique nord" not in nato.aliases  # French
    moscow = kb.get("Q649")
    assert moscow is not None
    assert moscow.facts == {"P17": ["Q159"], "P625": ["Point(37.6175 55.750555555)"]}
    assert moscow.kind == "" and not moscow.linkable  # megacity, federal city, capital: classes we do not map


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress], ids=["gz", "bz2"])
def test_compressed_dump(tmp_path: Path, compress) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "slice.json"  # compressed, but told by its first bytes, not its name
    path.write_bytes(compress(SLICE.read_bytes()))
    read, plain = list(from_json_dump(path, today=TODAY)), list(from_json_dump(SLICE, today=TODAY))
    assert read == plain and [i.facts for i in read] == [i.facts for i in plain]


def test_other_json_shapes(tmp_path: Path) -> None:
    entities = _entities()
    lines = tmp_path / "entities.jsonl"
    lines.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(entities, indent=2), encoding="utf-8")
    entity_data = tmp_path / "Q76.json"  # what Special:EntityData/Q76.json answers
    entity_data.write_text(json.dumps({"entities": {"Q76": entities[0]}}), encoding="utf-8")
    assert [e["id"] for e in read_dump(lines)] == ["Q76", "Q7184", "Q649"]
    assert [e["id"] for e in read_dump(pretty)] == ["Q76", "Q7184", "Q649"]
    assert [e["id"] for e in read_dump(entity_data)] == ["Q76"]


def test_truthy_claims_only() -> None:
    """Wikidata's wdt: semantics: deprecated statements never, preferred ones alone when present.

    A made-up entity (real QIDs, invented ranks) just for the ranks.
    """
    def statement(pid: str, qid: str, rank: str, snaktype: str = "value") -> dict:
        snak: dict = {"snaktype": snaktype, "property": pid, "datatype": "wikibase-item"}
        if snaktype == "value":
            snak["datavalue"] = {"value": {"entity-type": "item", "numeric-id": int(qid[1:])}, "type": "wikibase-entityid"}
        return {"mainsnak": snak, "type": "statement", "rank": rank}

    entity = {"type": "item", "id": "Q159", "labels": {"en": {"language": "en", "value": "Russia"}},
              "claims": {"P31": [statement("P31", "Q3624078", "preferred"), statement("P31", "Q6256", "normal")],
                         "P17": [statement("P17", "Q15180", "deprecated"), statement("P17", "Q159", "normal"),
                                 statement("P17", "Q1", "normal", snaktype="novalue")]}}
    item = entity_item(entity, "test")
    assert item is not None
    assert item.p31 == ("Q3624078",)  # the preferred one only ("numeric-id" alone, as in older dumps)
    assert item.facts == {"P17": ["Q159"]}
    assert item.kind == "place"


def test_dump_options(tmp_path: Path) -> None:
    only = from_json_dump(SLICE, qids=["Q649"], kind="place", prior=0.5, today=TODAY)
    [moscow] = list(only)
    assert (moscow.qid, moscow.kind, moscow.prior) == ("Q649", "place", 0.5)
    default_names = entity_item({"type": "item", "id": "Q57665",
                                 "labels": {"mul": {"language": "mul", "value": "Jens Stoltenberg"},
                                            "ru": {"language": "ru", "value": "Йенс Столтенберг"}},
                                 "aliases": {"mul": [{"language": "mul", "value": "Stoltenberg"}]}}, "test")
    assert default_names is not None  # "mul": Wikidata's default for all languages, English included
    assert (default_names.label, default_names.aliases) == ("Jens Stoltenberg", ("Stoltenberg",))
    no_english = tmp_path / "no-english.json"
    no_english.write_text('[\n{"type":"item","id":"Q649","labels":{"ru":{"language":"ru","value":"Москва"}}}\n]\n',
                          encoding="utf-8")
    assert len(from_json_dump(no_english)) == 0


def test_bad_dumps(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        from_json_dump(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    lines = SLICE.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0], lines[1], '{"id": "Q1", oops', *lines[2:]]), encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.json, line 3: not a Wikidata entity"):
        from_json_dump(broken)
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(gzip.compress(SLICE.read_bytes())[:200])
    with pytest.raises(InputError, match="truncated.json.gz"):
        from_json_dump(truncated)


def test_merge_into_the_shipped_kb(tmp_path: Path) -> None:
    kb = KnowledgeBase.load()
    before = kb.get("Q649")
    kb.merge(from_json_dump(SLICE, today=TODAY))
    moscow = kb.get("Q649")
    assert before is not None and moscow is not None
    assert moscow.kind == "place"  # what the KB says wins
    assert moscow.evidence == before.evidence
    assert moscow.facts["P625"] == ["Point(37.6175 55.750555555)"]
    assert set(moscow.p31) == {"Q174844", "Q183342", "Q4442912"}
    kb.save(tmp_path / "kb.jsonl")
    again = KnowledgeBase.load(tmp_path / "kb.jsonl").get("Q649")
    assert again is not None and again.facts == moscow.facts


def test_parse_qids() -> None:
    assert parse_qids("Q1, Q2 Q3,Q2") == ["Q1", "Q2", "Q3"]
    for bad in ("", "Q", "q5", "P31", "Q0", "Q5;"):
        with pytest.raises(InputError):
            parse_qids(bad)


# -- SPARQL --------------------------------------------------------------------------------------------

@pytest.fixture
def client(wikidata_server, tmp_path: Path) -> WikidataClient:  # type: ignore[no-untyped-def]  # noqa: F811
    return WikidataClient(wikidata_server.query_url, cache_dir=tmp_path / "cache", timeout=5)


def test_from_sparql_by_qids(client: WikidataClient, caplog: pytest.LogCaptureFixture) -> None:
    kb = from_sparql(client, qids=["Q76", "Q7184", "Q1"])  # Q1: not on this server
    assert [i.qid for i in kb] == ["Q76", "Q7184"]
    obama = kb.get("Q76")
    assert obama is not None
    assert (obama.label, obama.kind, obama.p31, obama.prior) == ("Barack Obama", "person", ("Q5",), VERIFIED_PRIOR)
    assert obama.facts == {"P39": ["Q11696"]}
    assert obama.evidence.startswith(f"imported from {client.endpoint} on 20")
    assert "no English label or alias for Q1" in caplog.text


def test_from_sparql_by_query(client: WikidataClient) -> None:
    query = ("PREFIX wd: <http://www.wikidata.org/entity/>\nPREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
             "# every human (the word 'copy' in a comment must not make it an update)\n"
             "SELECT ?item WHERE { ?item wdt:P31 wd:Q5 }")
    kb = from_sparql(client, query=query)
    people = {i.qid for i in KnowledgeBase.load() if i.kind == "person"}
    assert {i.qid for i in kb} == people
    assert all(i.kind == "person" for i in kb)
    moscow = from_sparql(client, qids=["Q649"], kind="place").get("Q649")
    assert moscow is not None and moscow.kind == "place" and moscow.facts["P17"] == ["Q159"]


def test_from_sparql_needs_item(client: WikidataClient) -> None:
    with pytest.raises(InputError, match=r"\?item"):
        from_sparql(client, query="SELECT ?x WHERE { ?x ?p ?o } LIMIT 1")
    with pytest.raises(InputError, match="either"):
        from_sparql(client)


# -- the commands ----------------------------------------------------------------------------------------

def run(*argv: str) -> int:
    """``kg kb …`` as cli.py will wire it: add_kb_commands on the kb command's subparsers."""
    top = argparse.ArgumentParser(prog="kg")
    sub = top.add_subparsers(dest="command", required=True)
    kb = sub.add_parser("kb")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    kb_sub.add_parser("show")
    add_kb_commands(kb_sub)
    args = top.parse_args(["kb", *argv])
    try:
        return int(args.func(args))
    except KgError as error:
        return error.exit_code


def test_kb_update_command(client: WikidataClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cache = str(tmp_path / "cache")
    assert run("update", "--endpoint", client.endpoint, "--qids", "Q76", "--cache-dir", cache) == 0
    user_kb = KnowledgeBase.load(tmp_path / "kb.jsonl")  # ./kb.jsonl, started from the shipped KB
    assert len(user_kb) == len(KnowledgeBase.load())
    obama = user_kb.get("Q76")
    assert obama is not None and obama.facts == {"P39": ["Q11696"]}
    query = tmp_path / "people.rq"
    query.write_text("PREFIX wd: <http://www.wikidata.org/entity/>\nPREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
                     "SELECT ?item WHERE { ?item wdt:P39 ?position }\n", encoding="utf-8")
    assert run("update", "--endpoint", client.endpoint, "--query", str(query), "--kb", "kb.jsonl",
               "-o", "grown.jsonl", "--cache-dir", cache) == 0
    assert (tmp_path / "grown.jsonl").exists()
    with pytest.raises(SystemExit):  # --qids or --query, not both
        run("update", "--endpoint", client.endpoint, "--qids", "Q76", "--query", str(query))


def test_kb_commands_refuse_the_shipped_kb_unless_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shipped = shipped_kb_path()
    before = shipped.read_bytes()
    assert run("import-dump", str(SLICE), "--kb", str(shipped)) == 2
    assert shipped.read_bytes() == before
    assert run("import-dump", str(SLICE), "--kb", str(shipped), "-o", "copy.jsonl") == 0
    copy = KnowledgeBase.load(tmp_path / "copy.jsonl")
    assert copy.get("Q649") is not None and copy.get("Q649").facts  # type: ignore[union-attr]


def test_kb_import_dump_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("import-dump", str(SLICE), "--qids", "Q649") == 0
    moscow = KnowledgeBase.load(tmp_path / "kb.jsonl").get("Q649")
    assert moscow is not None and moscow.kind == "place" and moscow.facts["P17"] == ["Q159"]
    assert run("import-dump", str(tmp_path / "missing.json")) == 2
    assert run("update", "--qids", "not-a-qid", "--endpoint", "http://127.0.0.1:9/sparql") == 2


# -- the shipped KB ----------------------------------------------------------------------------------

def test_shipped_kb_is_compiled_from_the_verified_tables(tmp_path: Path) -> None:
    """kb.jsonl is what `kg kb compile` makes of kg/data/*.tsv: a table row never compiled links nothing."""
    compiled = tmp_path / "kb.jsonl"
    compile_shipped(shipped_kb_path().parent).save(compiled)
    assert compiled.read_text(encoding="utf-8") == shipped_kb_path().read_text(encoding="utf-8"), \
        "kg/data/kb.jsonl is stale: run `kg kb compile`"
