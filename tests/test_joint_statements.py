"""Joint statements ("X and Y said", "X, Y and Z said", "the two leaders said"): every speaker the text
names, from the records through the Turtle, the shapes and the canned queries to the explorer's data and
the accuracy figures. Short articles written for these tests, run through the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from kg.cli import main
from kg.evaluate import GoldArticle, GoldEntity, GoldStatement, load_gold, score
from kg.explore import collect
from kg.records import Article, Entity, EntityType, Extraction, Mention, Span, Statement, StatementKind
from kg.rdf.vocab import KG
from kg.store import EmbeddedStore
from kg.validate import validate
from tests.conftest import extract_text, speakers_of

JOINT_SOURCE = "air-defence.txt"
JOINT_PUBLISHED = "2024-03-05"
JOINT_ARTICLE = """\
Allies pledge air defence for Poland

WARSAW, March 4 (Reuters) - French President Emmanuel Macron and German Chancellor Olaf Scholz said on \
Monday in a joint statement that Europe would double its air defence support for Poland.

"We will not leave the eastern flank exposed," the two leaders said.

Japan and South Korea said they would hold a naval drill near Jeju Island next month.

Polish Prime Minister Donald Tusk said the pledge came late but was welcome.

Bosnia and Herzegovina said it would send observers to the drill.

The leaders of Estonia and Latvia said the border would stay closed.

Italian Prime Minister Giorgia Meloni, Dutch Prime Minister Dick Schoof and Belgian Prime Minister Alexander \
De Croo said the fund should be shared fairly.
"""
PLEDGE = "Europe would double its air defence support for Poland"
FLANK = "We will not leave the eastern flank exposed,"
ENTITY = "https://w3id.org/newskg/resource/entity/"
MACRON, SCHOLZ, TUSK = ENTITY + "Q3052772", ENTITY + "Q61053", ENTITY + "Q946"


@pytest.fixture(scope="module")
def joint(pipeline) -> Extraction:  # type: ignore[no-untyped-def]
    return extract_text(pipeline, JOINT_SOURCE, JOINT_ARTICLE, published=JOINT_PUBLISHED)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg build` of the article into Turtle and an embedded store."""
    out = tmp_path_factory.mktemp("joint")
    record = {"text": JOINT_ARTICLE, "source": JOINT_SOURCE, "published": JOINT_PUBLISHED}
    (out / "joint.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["-q", "build", str(out / "joint.jsonl"), "-o", str(out / "kg.ttl"), "--store", str(out / "store")]) == 0
    return out


def _query(built: Path, name: str, capsys: pytest.CaptureFixture[str], *params: str) -> list[dict]:
    capsys.readouterr()
    extra = [arg for p in params for arg in ("--param", p)]
    assert main(["-q", "query", name, "--store", str(built / "store"), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["results"]["bindings"]


def _row(rows: list[dict], text: str) -> dict:
    [row] = [r for r in rows if r["text"]["value"] == text]
    return row


# --- records ------------------------------------------------------------------------------------

def test_joint_statement_has_both_linked_speakers(joint: Extraction) -> None:
    statement = next(s for s in joint.statements if s.text == PLEDGE)
    wikidata = {e.key: e.wikidata for e in joint.entities}
    assert [wikidata[key] for key in statement.speaker_keys] == ["Q3052772", "Q61053"]
    assert [JOINT_ARTICLE[m.begin:m.end] for m in statement.speaker_mentions] == ["Emmanuel Macron", "Olaf Scholz"]
    assert statement.speaker_text == "French President Emmanuel Macron and German Chancellor Olaf Scholz"
    assert statement.date == "2024-03-04"


def test_joint_statement_speakers_of_every_coordination(joint: Extraction) -> None:
    speakers = speakers_of(joint)
    assert speakers[PLEDGE] == "Emmanuel Macron and Olaf Scholz"
    assert speakers["they would hold a naval drill near Jeju Island next month"] == "Japan and South Korea"
    assert speakers["the fund should be shared fairly"] == "Giorgia Meloni and Dick Schoof and Alexander De Croo"


def test_joint_statement_a_single_speaker_stays_one(joint: Extraction) -> None:
    speakers = speakers_of(joint)
    assert speakers["the pledge came late but was welcome"] == "Donald Tusk"
    assert speakers["it would send observers to the drill"] == "Bosnia and Herzegovina"  # an "and" inside a name
    assert speakers["the border would stay closed"] is None  # "the leaders of Estonia and Latvia": nobody named speaks


def test_joint_statement_the_two_leaders_are_its_speakers(joint: Extraction) -> None:
    quote = next(s for s in joint.statements if s.text == FLANK)
    assert speakers_of(joint)[FLANK] == "Emmanuel Macron and Olaf Scholz"
    assert quote.speaker_text == "the two leaders" and quote.speaker_mentions == ()
    assert quote.date == "2024-03-04"  # the date of the joint statement it follows


def test_joint_statement_they_and_the_statement_are_all_its_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = extract_text(pipeline, "summit.txt", (
        "Finnish President Alexander Stubb and Swedish Prime Minister Ulf Kristersson said in a joint statement that "
        "the two countries would buy air defence systems together. The statement added that the first batteries "
        "would arrive in the autumn.\n\n\"Nobody will divide the Nordic countries,\" they said."))
    speakers = speakers_of(extraction)
    assert speakers["the two countries would buy air defence systems together"] == "Alexander Stubb and Ulf Kristersson"
    assert speakers["the first batteries would arrive in the autumn"] == "Alexander Stubb and Ulf Kristersson"
    assert speakers["Nobody will divide the Nordic countries,"] == "Alexander Stubb and Ulf Kristersson"


def test_joint_statement_the_two_leaders_are_nobody_after_other_people(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Someone else named since the joint statement: "the two leaders" may be them."""
    extraction = extract_text(pipeline, "summit.txt", (
        "French President Emmanuel Macron and German Chancellor Olaf Scholz said on Monday that Europe would double "
        "its support. Vladimir Putin met Xi Jinping in Beijing the same day. The two leaders said the West was weak."))
    assert speakers_of(extraction)["the West was weak"] is None


def test_joint_statement_not_a_coordination_of_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = extract_text(pipeline, "ministers.txt", (
        "The foreign and defence ministers of Japan said the drills would continue. "
        "The U.S. and British governments said the sanctions would stay."))
    assert speakers_of(extraction) == {"the drills would continue": None, "the sanctions would stay": None}


# --- RDF, shapes ----------------------------------------------------------------------------------

def test_joint_statement_turtle_has_a_speaker_triple_for_each(built: Path) -> None:
    graph = Graph().parse(built / "kg.ttl")
    [statement] = [s for s, _, text in graph.triples((None, URIRef("http://schema.org/text"), None)) if str(text) == PLEDGE]
    assert set(graph.objects(statement, KG.speaker)) == {URIRef(MACRON), URIRef(SCHOLZ)}
    mentions = set(graph.objects(statement, KG.speakerMention))
    anchors = {str(graph.value(m, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")))
               for m in mentions}
    assert anchors == {"Emmanuel Macron", "Olaf Scholz"}
    assert len(list(graph.objects(statement, KG.speakerText))) == 1


def test_joint_statement_graph_conforms_to_the_shapes(built: Path) -> None:
    assert main(["-q", "validate", str(built / "kg.ttl")]) == 0
    conforms, report = validate(built / "kg.ttl")
    assert conforms and "speakerMention" not in report  # no warning: each mention names one of the speakers


def test_joint_statement_a_mention_of_someone_else_is_a_warning(built: Path, tmp_path: Path) -> None:
    graph = Graph().parse(built / "kg.ttl")
    [statement] = [s for s, _, text in graph.triples((None, URIRef("http://schema.org/text"), None)) if str(text) == PLEDGE]
    [tusk] = [s for s, _, text in graph.triples((None, URIRef("http://schema.org/text"), None))
              if str(text) == "the pledge came late but was welcome"]
    graph.add((statement, KG.speakerMention, graph.value(tusk, KG.speakerMention)))
    graph.serialize(tmp_path / "mixed.ttl", format="turtle")
    conforms, report = validate(tmp_path / "mixed.ttl")
    assert conforms  # a warning, not a violation
    assert "names none of its kg:speaker entities" in report and str(statement) in report


# --- canned queries -------------------------------------------------------------------------------

def test_joint_statement_is_one_row_of_statements_with_both_speakers(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _query(built, "statements", capsys)
    assert len(rows) == len({r["statement"]["value"] for r in rows})
    pledge = _row(rows, PLEDGE)
    assert pledge["speakerName"]["value"] == "Emmanuel Macron; Olaf Scholz"
    assert pledge["speaker"]["value"] == f"{MACRON} {SCHOLZ}"
    assert pledge["speakerWikidata"]["value"] == "http://www.wikidata.org/entity/Q3052772 http://www.wikidata.org/entity/Q61053"
    three = _row(rows, "the fund should be shared fairly")
    assert three["speakerName"]["value"] == "Alexander De Croo; Dick Schoof; Giorgia Meloni"  # alphabetical
    graph = Graph().parse(built / "kg.ttl")
    links = [str(graph.value(URIRef(iri), OWL.sameAs) or "") for iri in three["speaker"]["value"].split()]
    assert len(links) == 3 and three.get("speakerWikidata", {}).get("value", "") == " ".join(link for link in links if link)
    tusk = _row(rows, "the pledge came late but was welcome")  # one speaker: its IRI, as ever
    assert tusk["speaker"] == {"type": "uri", "value": TUSK}
    assert tusk["speakerName"]["value"] == "Donald Tusk"
    assert _row(rows, "the border would stay closed")["speakerName"]["value"] == "The leaders of Estonia and Latvia"


def test_joint_statement_is_found_by_either_speaker(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("Scholz", "macron"):
        rows = _query(built, "statements-by-speaker", capsys, f"speaker={name}")
        assert [r["text"]["value"] for r in rows] == [PLEDGE, FLANK]
        assert {r["speakerName"]["value"] for r in rows} == {"Emmanuel Macron; Olaf Scholz"}
        assert {r["speakerEntity"]["value"] for r in rows} == {f"{MACRON} {SCHOLZ}"}
    every = _query(built, "statements-by-speaker", capsys)
    assert len(every) == len({r["statement"]["value"] for r in every}) == 7  # one row per statement


def test_joint_statement_counts_for_each_speaker(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {r["speakerName"]["value"]: r for r in _query(built, "speakers", capsys, "unresolved=0")}
    assert rows["Emmanuel Macron"]["statements"]["value"] == rows["Olaf Scholz"]["statements"]["value"] == "2"
    assert rows["Donald Tusk"]["statements"]["value"] == "1"


def test_joint_statement_in_the_timeline_and_statements_about(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    timeline = _query(built, "timeline", capsys)
    assert [(r["text"]["value"], r["speakerName"]["value"]) for r in timeline] == [
        (PLEDGE, "Emmanuel Macron; Olaf Scholz"), (FLANK, "Emmanuel Macron; Olaf Scholz")]
    about = _query(built, "statements-about", capsys, "entity=Poland")
    assert [(r["text"]["value"], r["speakerName"]["value"]) for r in about] == [(PLEDGE, "Emmanuel Macron; Olaf Scholz")]


def test_joint_statement_in_the_explorer_data(built: Path) -> None:
    store = EmbeddedStore(built / "store", read_only=True)
    try:
        data = collect(store)
    finally:
        store.close()
    pledge = next(s for s in data["statements"] if s["ctx"][1] == PLEDGE)
    assert [data["entities"][e]["label"] for e in pledge["sp"]] == ["Emmanuel Macron", "Olaf Scholz"]
    tusk = next(s for s in data["statements"] if s["ctx"][1].startswith("the pledge came late"))
    assert [data["entities"][e]["label"] for e in tusk["sp"]] == ["Donald Tusk"]


# --- evaluation -----------------------------------------------------------------------------------

def _scored(tmp_path: Path, gold_speakers: tuple[str, ...], keys: tuple[str, ...]) -> tuple[int, list[str]]:
    text = "Alpha and Beta said the talks went well."
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    alpha, beta = Span(0, 5), Span(10, 14)
    gold = GoldArticle(path, path, None, (
        GoldEntity("alpha", "Alpha", EntityType.PERSON, None, (alpha,)),
        GoldEntity("beta", "Beta", EntityType.PERSON, None, (beta,))),
        (GoldStatement(Span(20, 39), "indirect", gold_speakers, False),))
    extraction = Extraction(
        Article("a.txt", text),
        entities=(Entity("person/alpha", "Alpha", EntityType.PERSON), Entity("person/beta", "Beta", EntityType.PERSON)),
        mentions=(Mention(alpha, "Alpha", "person/alpha"), Mention(beta, "Beta", "person/beta")),
        statements=(Statement(Span(20, 39), text[20:39], StatementKind.INDIRECT, "Alpha and Beta", "say", keys),))
    counts = score(gold, extraction)
    return counts.speakers_right, [e for e in counts.errors if "speaker" in e]


def test_joint_statement_attribution_is_right_when_the_gold_speaker_is_among_them(tmp_path: Path) -> None:
    assert _scored(tmp_path, ("alpha",), ("person/alpha", "person/beta"))[0] == 1
    assert _scored(tmp_path, ("alpha", "beta"), ("person/alpha", "person/beta")) == (1, [])
    assert _scored(tmp_path, ("alpha", "beta"), ("person/beta",))[0] == 0  # a gold speaker is missing
    assert _scored(tmp_path, (), ("person/alpha",))[0] == 0
    assert _scored(tmp_path, (), ()) == (1, [])


def test_joint_statement_gold_speaker_may_be_a_list(tmp_path: Path) -> None:
    record = {"text_file": "a.txt", "published": None,
              "entities": [{"id": "alpha", "name": "Alpha", "type": "Person", "wikidata": None, "mentions": [[0, 5, "Alpha"]]}],
              "statements": [{"begin": 20, "end": 39, "kind": "indirect", "speaker": ["alpha", "beta"]},
                             {"begin": 0, "end": 5, "kind": "indirect", "speaker": "alpha"},
                             {"begin": 6, "end": 9, "kind": "indirect", "speaker": None}]}
    (tmp_path / "a.txt").write_text("Alpha and Beta said the talks went well.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(record), encoding="utf-8")
    assert [s.speakers for s in load_gold(tmp_path / "a.json").statements] == [("alpha", "beta"), ("alpha",), ()]
