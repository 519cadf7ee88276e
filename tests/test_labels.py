"""Entity labels are spellings the articles used; one entity, and one label, whatever romanisation each article chose.

Unlinked entities get their IRI from a key that merges romanised endings (Sergei/Sergey, Rudskoi/Rudskoy),
so two articles spelling a name differently name one entity; its label is the spelling most of the build's
articles used, ties going to the first in text order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.cli import main
from kg.records import EntityType
from kg.store import SHARED_GRAPH
from tests.conftest import extract_text

PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
MENTIONS = ox.NamedNode("http://schema.org/mentions")
SHOIGU = ox.NamedNode("https://w3id.org/newskg/resource/entity/person/sergey-shoigu")

ABROAD = """Talks Useful, Leaders Say

BEIJING, March 3 - Chinese Foreign Ministry spokesman Wang Wei said on Monday that the talks in Hanoi were useful. \
Wang Wei spoke after Italian envoy Marco Mattei arrived.

Iran's Supreme Leader Ayatollah Ali Khamenei said the talks were a step forward. Khamenei spoke in Tehran.
"""


def _shoigu(spelling: str, day: int) -> str:
    return (f"Drills End\n\nMOSCOW, March {day} - Russian Defence Minister {spelling} Shoigu said on Monday that "
            f"the drills had ended. Shoigu spoke to reporters.\n")


def _labels(path: Path, subject: ox.NamedNode, predicate: ox.NamedNode) -> set[str]:
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TURTLE)
    return {q.object.value for q in quads if q.subject == subject and q.predicate == predicate}


def _articles_naming(path: Path, entity: ox.NamedNode) -> set[str]:
    quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
    return {q.subject.value for q in quads if q.predicate == MENTIONS and q.object == entity}


def _write(folder: Path, texts: dict[str, str]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in texts]


def _empty_kb(tmp_path: Path) -> str:
    """No Wikidata item to link to: every name is labelled from the articles."""
    kb = tmp_path / "empty-kb.jsonl"
    kb.write_text("", encoding="utf-8")
    return str(kb)


def test_labels_keep_the_spelling_of_names_that_are_not_russian(pipeline) -> None:  # type: ignore[no-untyped-def]
    names = {e.name for e in extract_text(pipeline, "abroad.txt", ABROAD).entities}
    assert {"Wang Wei", "Marco Mattei"} <= names  # unlinked: the article's spelling
    assert {"Hanoi", "Ali Khamenei"} <= names  # linked: the KB's label
    assert not any(name.endswith(("Wey", "Hanoy", "Mattey", "Khameney")) for name in names)


def test_labels_keep_an_articles_russian_spelling(pipeline) -> None:  # type: ignore[no-untyped-def]
    extraction = extract_text(pipeline, "rudskoi.txt", "MOSCOW, March 3 - Colonel General Sergei Rudskoi said on Monday "
                              "that the drills had ended. Rudskoi spoke to reporters.\n")
    persons = {e.name for e in extraction.entities if e.type == EntityType.PERSON}
    assert "Sergei Rudskoi" in persons and "Sergey Rudskoy" not in persons


def test_labels_two_spellings_in_two_articles_are_one_entity_with_the_most_used_label(tmp_path: Path) -> None:
    paths = _write(tmp_path / "in", {"a.txt": _shoigu("Sergei", 3), "b.txt": _shoigu("Sergey", 4), "c.txt": _shoigu("Sergey", 5)})
    output, store = tmp_path / "kg.nq", tmp_path / "store"
    assert main(["-q", "build", *paths, "-o", str(output), "--store", str(store), "--kb", _empty_kb(tmp_path)]) == 0
    assert len(_articles_naming(output, SHOIGU)) == 3
    assert _labels(output, SHOIGU, PREF) == {"Sergey Shoigu"}
    assert "Sergei Shoigu" in _labels(output, SHOIGU, ALT)
    assert "Sergey Shoigu" not in _labels(output, SHOIGU, ALT)
    stored = ox.Store.read_only(str(store)).quads_for_pattern(SHOIGU, PREF, None, None)
    assert [q.object.value for q in stored] == ["Sergey Shoigu"]


def test_labels_of_a_tie_do_not_depend_on_the_input_order(tmp_path: Path) -> None:
    paths = _write(tmp_path / "in", {"a.txt": _shoigu("Sergey", 3), "b.txt": _shoigu("Sergei", 4)})
    kb = _empty_kb(tmp_path)
    for name, order in (("forward.ttl", paths), ("backward.ttl", paths[::-1])):
        assert main(["-q", "build", *order, "-o", str(tmp_path / name), "--kb", kb]) == 0
        assert _labels(tmp_path / name, SHOIGU, PREF) == {"Sergei Shoigu"}  # one article each: the first in text order
        assert _labels(tmp_path / name, SHOIGU, ALT) >= {"Sergey Shoigu"}


def test_labels_one_label_conforms_to_the_shapes(tmp_path: Path) -> None:
    paths = _write(tmp_path / "in", {"a.txt": _shoigu("Sergei", 3), "b.txt": _shoigu("Sergey", 4)})
    output = tmp_path / "kg.ttl"
    assert main(["-q", "build", *paths, "-o", str(output), "--kb", _empty_kb(tmp_path)]) == 0
    assert main(["-q", "validate", str(output)]) == 0


def test_labels_are_chosen_over_the_whole_build_with_two_workers(tmp_path: Path) -> None:
    """12 articles in one .jsonl make 3 tasks: the label is counted over all of them, as in one process."""
    spellings = ["Sergei"] * 5 + ["Sergey"] * 7
    archive = tmp_path / "archive.jsonl"
    archive.write_text("".join(json.dumps({"text": _shoigu(s, day)}) + "\n" for day, s in enumerate(spellings, 1)), encoding="utf-8")
    kb = _empty_kb(tmp_path)
    single, parallel = tmp_path / "single.nq", tmp_path / "parallel.nq"
    assert main(["-q", "build", str(archive), "-o", str(single), "--kb", kb]) == 0
    assert main(["-q", "build", str(archive), "-o", str(parallel), "--kb", kb, "--workers", "2"]) == 0
    assert parallel.read_bytes() == single.read_bytes()
    assert _labels(parallel, SHOIGU, PREF) == {"Sergey Shoigu"}
    descriptions = [q for q in ox.parse(path=str(parallel), format=ox.RdfFormat.N_QUADS)
                    if q.graph_name == SHARED_GRAPH and q.subject == SHOIGU and q.predicate == PREF]
    assert len(descriptions) == 12  # every article's description has the build's label
