"""`kg explore`: the explorer page's data, its escaping, the sentence context and the Graphviz picture."""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import KgError
from kg.explore import build_page, collect, draw_network, network, render_page, sentence_around, statement_context
from kg.store import EmbeddedStore
from tests.servers import Server, oxigraph_server, server_fixture

HOSTILE = "</script><img src=x onerror=alert(1)>"
TEXT = ("BRUSSELS, June 3 — NATO Secretary General Jens Stoltenberg said on Monday that the alliance will defend every ally.\n\n"
        f"“We will not accept {HOSTILE} threats against Poland,” Stoltenberg told reporters in Brussels.\n\n"
        "Russian Foreign Minister Sergey Lavrov said that NATO is a threat to Russia. Lavrov added that Moscow would respond.")
TITLE = "Hostile </script><script>alert('title')</script> <!-- title"

oxigraph = server_fixture(oxigraph_server)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by the real pipeline from one hand-made article with hostile text, title and URL."""
    folder = tmp_path_factory.mktemp("explore")
    record = {"text": TEXT, "title": TITLE, "url": "javascript:alert(1)", "published": "2021-06-03", "source": "hand-made-1"}
    (folder / "article.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["-q", "build", str(folder / "article.jsonl"), "-o", str(folder / "kg.nq"), "--store", str(folder / "store")]) == 0
    return folder / "store"


@pytest.fixture(scope="module")
def data(small_store: Path) -> dict:
    store = EmbeddedStore(small_store, read_only=True)
    try:
        return collect(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def page(small_store: Path) -> str:
    store = EmbeddedStore(small_store, read_only=True)
    try:
        return build_page(store)
    finally:
        store.close()


class Elements(HTMLParser):
    """Every start tag of a page and the text of each <script> element, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_data(self, text: str) -> None:
        if self._in_script is not None:
            attrs, before = self.scripts[-1]
            self.scripts[-1] = (attrs, before + text)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def speaker_names(data: dict) -> set[str]:
    return {data["entities"][p]["label"] for s in data["statements"] for p in s["sp"]}


def test_data_holds_speakers_and_statements(data: dict) -> None:
    assert {"Jens Stoltenberg", "Sergey Lavrov"} <= speaker_names(data)
    texts = {s["text"] if "text" in s else s["ctx"][1] for s in data["statements"]}
    assert "NATO is a threat to Russia" in texts
    assert any(HOSTILE in t for t in texts)
    assert data["counts"]["statements"] == len(data["statements"]) >= 3
    assert {s["kind"] for s in data["statements"]} <= {"direct", "indirect", "mixed", ""}
    assert "direct" in {s["kind"] for s in data["statements"]}
    article = data["articles"][0]
    assert article["title"] == TITLE and article["date"] == "2021-06-03"
    assert "url" not in article  # a javascript: URL never becomes a link


def test_statement_context_is_the_sentence_with_the_statement(data: dict) -> None:
    quote = next(s for s in data["statements"] if HOSTILE in s["ctx"][1])
    before, said, after = quote["ctx"]
    assert before == "“" and said.startswith("We will not accept")
    assert after == "” Stoltenberg told reporters in Brussels."
    lavrov = next(s for s in data["statements"] if s["ctx"][1] == "NATO is a threat to Russia")
    assert lavrov["ctx"] == ["Russian Foreign Minister Sergey Lavrov said that ", "NATO is a threat to Russia", "."]
    assert [data["entities"][p]["label"] for p in lavrov["sp"]] == ["Sergey Lavrov"]


def test_dates_and_mentions(data: dict) -> None:
    dated = [s for s in data["statements"] if "date" in s]
    assert dated and all(re.fullmatch(r"\d{4}(-\d\d){0,2}", s["date"]) for s in dated)
    nato = next(i for i, e in enumerate(data["entities"]) if e["label"] == "NATO")
    assert any(nato in s["m"] for s in data["statements"])
    stoltenberg = next(e for e in data["entities"] if e["label"] == "Jens Stoltenberg")
    assert stoltenberg.get("wd", "").startswith("Q")


def test_page_is_self_contained_and_hostile_text_cannot_break_out(page: str, data: dict) -> None:
    elements = parse(page)
    assert not [t for t, _ in elements.tags if t in ("img", "iframe", "object", "embed", "link", "base")]
    scripts = elements.scripts
    assert [a.get("type") for a, _ in scripts] == ["application/json", None, None]  # data, library, page script
    assert not [a for a, _ in scripts if a.get("src")]  # everything inline: works offline
    embedded = json.loads(scripts[0][1])
    assert embedded == json.loads(json.dumps(data))
    assert "<" not in scripts[0][1] and HOSTILE not in page and TITLE not in page
    assert page.lower().count("</script") == 3


def test_page_scripts_are_allowed_by_hash_only(page: str) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "default-src 'none'" in policy.group(1)
    allowed = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", policy.group(1)))
    for attrs, code in parse(page).scripts:
        if attrs.get("type") != "application/json":
            assert base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() in allowed
    assert "unsafe-inline" not in policy.group(1).split("style-src")[0]


def test_network_links_every_speaker_of_a_joint_statement() -> None:
    """A statement said by entities 0 and 1 about 2 (and naming 1, one of its speakers): one edge from each speaker."""
    data = {"entities": [{"label": "A", "type": "person"}, {"label": "B", "type": "person"}, {"label": "C", "type": "place"}],
            "statements": [{"sp": [0, 1], "m": [1, 2]}]}
    net = network(data)
    assert dict(net.nodes) == {0: 1.0, 1: 1.0, 2: 1.0}
    assert sorted(net.edges) == [(0, 2, 1), (1, 2, 1)]


def test_render_escapes_every_string() -> None:
    nasty = "</script><!--<script>alert(1)</script>\u2028\u2029&amp;"
    data = {"counts": {"statements": 1}, "entities": [{"label": nasty, "type": "person"}], "articles": [],
            "statements": [{"ctx": [nasty, nasty, nasty], "sp": [0], "m": []}], "colours": {}}
    html = render_page(data)
    payload = parse(html).scripts[0][1]
    assert json.loads(payload) == data
    assert "<" not in payload and ">" not in payload and "&" not in payload and "\u2028" not in payload


@pytest.mark.parametrize(
    ("text", "needle", "sentence"),
    [
        ("One. Two said he would go. Three.", "he would go", "Two said he would go."),
        ("Head line\nMr. Smith said it works. Next.", "it works", "Mr. Smith said it works."),
        ("The U.S. envoy said talks help. Done.", "talks help", "The U.S. envoy said talks help."),
        ("“It is over,” she said. Later.", "It is over,", "“It is over,” she said."),
        ("No punctuation at all here", "punctuation", "No punctuation at all here"),
    ],
)
def test_sentence_around(text: str, needle: str, sentence: str) -> None:
    begin = text.index(needle)
    start, stop = sentence_around(text, begin, begin + len(needle))
    assert text[start:stop] == sentence


def test_long_context_is_cut_with_an_ellipsis() -> None:
    text = "word " * 400 + "the key claim" + " more" * 400
    begin = text.index("the key claim")
    before, said, after = statement_context(text, begin, begin + len("the key claim"), "")
    assert said == "the key claim" and before.startswith("…") and after.endswith("…")
    assert len(before) < 340 and len(after) < 340
    assert statement_context(None, 0, 3, "fallback") == ["", "fallback", ""]
    assert statement_context("short", 3, 99, "fallback") == ["", "fallback", ""]


def test_missing_graphviz_names_the_package(data: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(KgError, match="apt-get install graphviz"):
        draw_network(None, tmp_path / "net.png", data=data)


@pytest.mark.skipif(not (shutil.which("sfdp") or shutil.which("dot")), reason="Graphviz is not installed (apt-get install graphviz)")
def test_draw_network_svg_and_png(small_store: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(small_store, read_only=True)
    try:
        svg = draw_network(store, tmp_path / "net.svg")
    finally:
        store.close()
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "Jens Stoltenberg" in text and "Sergey Lavrov" in text
    assert "<script" not in text
    data = json.loads(json.dumps(collect_from(small_store)))
    png = draw_network(None, tmp_path / "net.png", data=data)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(KgError, match=r"\.png or \.svg"):
        draw_network(None, tmp_path / "net.gif", data=data)


def collect_from(path: Path) -> dict:
    store = EmbeddedStore(path, read_only=True)
    try:
        return collect(store)
    finally:
        store.close()


def explore_cli(argv: list[str]) -> int:
    """`kg explore` through its own argparse wiring, as cli.parser() will add it."""
    from kg.cli_explore import add_commands

    top = argparse.ArgumentParser(prog="kg")
    sub = top.add_subparsers(dest="command", required=True)
    add_commands(sub, lambda name, help_text, example: sub.add_parser(name, help=help_text))
    args = top.parse_args(argv)
    return int(args.func(args))


def test_cli_writes_the_page(small_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "explorer.html"
    assert explore_cli(["explore", "--store", str(small_store), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Sergey Lavrov" in parse(html).scripts[0][1]
    assert not list(out.parent.glob("*.partial"))
    with pytest.raises(KgError, match=r"\.html"):
        explore_cli(["explore", "--store", str(small_store), "-o", str(tmp_path / "x.txt")])
    with pytest.raises(KgError, match="no store here"):
        explore_cli(["explore", "--store", str(tmp_path / "missing"), "-o", str(out)])


def test_endpoint_gives_the_same_page_data(small_store: Path, data: dict, oxigraph: Server, tmp_path: Path) -> None:
    """`kg explore --endpoint`: the same queries over SPARQL 1.1 Protocol give the same data."""
    from kg.endpoint import EndpointStore

    assert main(["-q", "load", str(small_store.parent / "kg.nq"), "--endpoint", oxigraph.query_url]) == 0
    remote = collect(EndpointStore(oxigraph.query_url))
    assert remote == data
    out = tmp_path / "remote.html"
    assert explore_cli(["explore", "--endpoint", oxigraph.query_url, "-o", str(out)]) == 0
    assert json.loads(parse(out.read_text(encoding="utf-8")).scripts[0][1])["source"] == oxigraph.query_url
