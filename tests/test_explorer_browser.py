"""The explorer page in a real headless Chromium (Debian's `chromium`, driven by Playwright for Python).

Skips, saying why, when Chromium or Playwright is missing: `.ci/install-browser.sh` installs both.
Never downloads a browser: Playwright launches the system Chromium.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.explore import collect, render_page
from kg.store import EmbeddedStore

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1500, "height": 950}

if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
    pytest.skip(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium; or run .ci/install-browser.sh)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed "
                               "(pip install playwright into .venv, or run .ci/install-browser.sh; never `playwright install`)")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Page:
    """A browser tab on a local file, recording console errors, page errors and dialogs (an alert = injection)."""

    def __init__(self, browser: object, path: Path) -> None:
        self.problems: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT, offline=True)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.problems.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:", "blob:")) else None)
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=30_000)
        self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        self.seconds = time.perf_counter() - started

    def _dialog(self, dialog: object) -> None:
        self.problems.append(f"dialog: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def close(self) -> None:
        self.context.close()


def write_page(store_path: Path, out: Path) -> Path:
    store = EmbeddedStore(store_path, read_only=True)
    try:
        out.write_text(render_page(collect(store, source="test")), encoding="utf-8")
    finally:
        store.close()
    return out


def built_page(record: dict[str, str], folder: Path, name: str) -> Path:
    """The explorer page of a store built by ``kg build`` from one JSONL article ``record``."""
    from kg.cli import main

    (folder / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["-q", "build", str(folder / "a.jsonl"), "-o", str(folder / "kg.ttl"), "--store", str(folder / "store")]) == 0
    return write_page(folder / "store", folder / name)


def panel_heading(page: object) -> str:
    return page.locator("#panel h2").inner_text()  # type: ignore[attr-defined]


def test_seeds_page_lists_lavrovs_statements(browser: object, seeds_build: Path, tmp_path: Path) -> None:
    tab = Page(browser, write_page(seeds_build / "store", tmp_path / "explorer.html"))
    page = tab.page
    try:
        assert page.locator("#graph canvas").count() > 0
        assert page.evaluate("window.kgExplorer.cy.nodes().length") > 10
        page.locator("#nodelist button", has_text="Sergey Lavrov").first.click()
        assert panel_heading(page) == "Sergey Lavrov"
        said = page.locator("#panel h3", has_text="Statements by Sergey Lavrov")
        assert said.count() == 1
        items = page.locator("#panel li.st")
        assert items.count() >= 10
        panel = page.locator("#panel").inner_text()
        assert "re-establish relations with the United States" in panel
        assert page.locator("#panel li.st mark").first.inner_text().strip()
        kinds = set(page.locator("#panel li.st .kind").all_inner_texts())
        assert kinds <= {"direct", "indirect", "mixed", "unknown kind"} and "direct" in kinds
        page.screenshot(path=str(tmp_path / "seeds-lavrov.png"))

        # the same by clicking his node on the canvas
        page.locator("#nodelist button", has_text="NATO").first.click()
        assert panel_heading(page) == "NATO"
        assert page.locator("#panel h3", has_text="Who said what about NATO").count() == 1
        box = page.locator("#graph").bounding_box()
        key = page.locator("#nodelist button", has_text="Sergey Lavrov").first.get_attribute("data-key")
        x, y = page.evaluate("key => { const p = window.kgExplorer.cy.getElementById(key).renderedPosition(); return [p.x, p.y]; }", key)
        page.mouse.click(box["x"] + x, box["y"] + y)
        assert panel_heading(page) == "Sergey Lavrov"
        page.screenshot(path=str(tmp_path / "seeds-lavrov-node.png"))

        # filters: only Lavrov's statements remain in the status line and the timeline
        page.select_option("#f-speaker", label=page.locator("#f-speaker option", has_text="Sergey Lavrov").first.inner_text())
        status = page.locator("#status").inner_text()
        assert status.startswith("Showing ") and " of " in status
        page.fill("#search", "Lavrov")
        sync_api.expect(page.locator("#listlabel")).to_contain_text("for “Lavrov”")
        assert page.locator("#nodelist button").first.inner_text().startswith("Sergey Lavrov")
        assert tab.problems == []
    finally:
        tab.close()


def test_a_joint_statement_is_listed_under_each_speaker(browser: object, tmp_path: Path) -> None:
    from tests.test_joint_statements import JOINT_ARTICLE, JOINT_PUBLISHED, JOINT_SOURCE, PLEDGE

    record = {"text": JOINT_ARTICLE, "source": JOINT_SOURCE, "published": JOINT_PUBLISHED}
    tab = Page(browser, built_page(record, tmp_path, "joint.html"))
    try:
        page = tab.page
        page.locator("#nodelist button", has_text="Olaf Scholz").first.click()
        assert page.locator("#panel h3", has_text="Statements by Olaf Scholz (2)").count() == 1
        pledge = page.locator("#panel li.st", has_text=PLEDGE)
        assert "with Emmanuel Macron" in pledge.inner_text()
        page.locator("#nodelist button", has_text="Poland").first.click()  # "who said what about": both speakers
        assert "Emmanuel Macron and Olaf Scholz" in page.locator("#panel li.st", has_text=PLEDGE).inner_text()
        page.select_option("#f-speaker", label=page.locator("#f-speaker option", has_text="Emmanuel Macron").first.inner_text())
        assert page.locator("#status").inner_text().startswith("Showing 2 ")
        assert tab.problems == []
    finally:
        tab.close()


def test_hostile_text_stays_text(browser: object, tmp_path: Path) -> None:
    hostile = "</script><img src=x onerror=alert(1)>"
    text = f"Russian Foreign Minister Sergey Lavrov said that “{hostile} NATO is a threat to Russia.”"
    record = {"text": text, "title": "<script>alert(2)</script>", "url": "javascript:alert(3)", "source": "x"}
    tab = Page(browser, built_page(record, tmp_path, "hostile.html"))
    try:
        page = tab.page
        page.locator("#nodelist button", has_text="Sergey Lavrov").first.click()
        assert hostile in page.locator("#panel li.st").first.inner_text()
        assert page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
        assert page.evaluate("[...document.querySelectorAll('a[href]')].every(a => /^https?:/.test(a.href))")
        assert tab.problems == []
    finally:
        tab.close()


def synthetic_store(path: Path, statements: int = 10_000, per_article: int = 10, seed: int = 7) -> Path:
    """A store shaped like kg's output with ``statements`` statements: speakers, mentions, dates, texts."""
    rng = random.Random(seed)
    kg, sdo = "https://w3id.org/newskg/ontology#", "http://schema.org/"
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    skos, owl = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/2002/07/owl#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    N = ox.NamedNode

    def lit(value: object, datatype: str | None = None) -> ox.Literal:
        return ox.Literal(str(value), datatype=N(xsd + datatype)) if datatype else ox.Literal(str(value))

    entities_graph = N("urn:test:entities")
    quads: list[ox.Quad] = []
    classes = ["Person", "Organization", "Place", "Event"]
    entities = []
    for n in range(1500):
        iri = N(f"https://w3id.org/newskg/resource/entity/Q{100000 + n}")
        kind = "Person" if n < 300 else classes[n % 4]
        label = f"{kind} {n} {rng.choice(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'])}"
        entities.append((iri, label))
        quads += [ox.Quad(iri, rdf_type, N(sdo + kind), entities_graph),
                  ox.Quad(iri, N(skos + "prefLabel"), ox.Literal(label, language="en"), entities_graph),
                  ox.Quad(iri, N(skos + "altLabel"), ox.Literal(label.split()[-1] + f" {n}", language="en"), entities_graph),
                  ox.Quad(iri, N(owl + "sameAs"), N(f"http://www.wikidata.org/entity/Q{100000 + n}"), entities_graph)]
    speakers = entities[:300]
    mentionable = list(range(len(entities)))
    rng.shuffle(mentionable)
    weights = [1 / (k + 1) ** 0.8 for k in range(len(mentionable))]  # a few hubs, a long tail
    kinds = ["DirectSpeech", "IndirectSpeech", "MixedSpeech"]
    for a in range(statements // per_article):
        article = N(f"https://w3id.org/newskg/resource/article/synthetic-{a:05d}")
        published = f"{2014 + a % 10}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        parts, spans = [f"Synthetic article {a}\n\n"], []
        for k in range(per_article):
            speaker, name = speakers[min(int(rng.paretovariate(0.6)) - 1, len(speakers) - 1)]
            mentioned = {mentionable[rng.choices(range(len(entities)), weights)[0]] for _ in range(rng.randint(1, 3))}
            said = f"Statement {a}-{k} about " + " and ".join(entities[m][1] for m in sorted(mentioned)) + " matters"
            begin = sum(map(len, parts)) + 1
            parts.append(f"“{said},” {name} said. ")
            spans.append((begin, begin + len(said), said, speaker, name, mentioned, k))
        text = "".join(parts)
        quads += [ox.Quad(article, rdf_type, N(sdo + "NewsArticle"), article),
                  ox.Quad(article, N(kg + "source"), lit(f"synthetic-{a}.txt"), article),
                  ox.Quad(article, N(sdo + "headline"), lit(f"Synthetic article {a}"), article),
                  ox.Quad(article, N(sdo + "datePublished"), lit(published, "date"), article),
                  ox.Quad(article, N(nif + "isString"), lit(text), article)]
        for begin, end, said, speaker, name, mentioned, k in spans:
            assert text[begin:end] == said
            st = N(f"{article.value}/statement/{begin}-{end}")
            quads += [ox.Quad(st, rdf_type, N(kg + "Statement"), article),
                      ox.Quad(st, N(sdo + "isPartOf"), article, article),
                      ox.Quad(st, N(sdo + "text"), lit(said), article),
                      ox.Quad(st, N(nif + "beginIndex"), lit(begin, "nonNegativeInteger"), article),
                      ox.Quad(st, N(nif + "endIndex"), lit(end, "nonNegativeInteger"), article),
                      ox.Quad(st, N(kg + "statementKind"), N(kg + kinds[k % 3]), article),
                      ox.Quad(st, N(kg + "speechVerb"), lit("say"), article),
                      ox.Quad(st, N(kg + "speaker"), speaker, article),
                      ox.Quad(st, N(kg + "speakerText"), lit(name), article)]
            if k % 3:  # a third of the statements have no date of their own
                quads.append(ox.Quad(st, N(sdo + "dateCreated"), lit(published, "date"), article))
            quads += [ox.Quad(st, N(sdo + "mentions"), entities[m][0], article) for m in mentioned]
    store = ox.Store(str(path))  # one bulk load (kg's writer replaces graph by graph: much slower for 1,000 graphs)
    store.bulk_extend(quads)
    store.flush()
    del store
    return path


def test_ten_thousand_statements_load_fast(browser: object, tmp_path: Path) -> None:
    store = synthetic_store(tmp_path / "store")
    started = time.perf_counter()
    out = write_page(store, tmp_path / "big.html")
    build_seconds = time.perf_counter() - started
    tab = Page(browser, out)
    page = tab.page
    try:
        print(f"\n10,000 statements: page built in {build_seconds:.2f} s ({out.stat().st_size / 1e6:.1f} MB), "
              f"loaded and drawn in {tab.seconds:.2f} s (script ready at {page.evaluate('window.kgExplorer.loadMs'):.0f} ms)")
        assert tab.seconds < 3.0, f"the 10,000-statement page took {tab.seconds:.2f} s to load"
        assert page.evaluate("window.kgExplorer.data.statements.length") == 10_000
        drawn = page.evaluate("window.kgExplorer.cy.nodes().length")
        assert 10 <= drawn <= 400  # an aggregate, never one node per statement
        assert page.locator("#bars button").count() > 10  # the timeline has dated buckets
        assert "without a date" in page.locator("#tlapart").inner_text()
        started = time.perf_counter()
        page.locator("#nodelist button").first.click()
        assert page.locator("#panel li.st").count() <= 100  # statement lists are paginated
        more = page.locator("#panel button.more").first
        if more.count():
            before = page.locator("#panel li.st").count()
            more.click()
            assert page.locator("#panel li.st").count() > before
        page.select_option("#f-speaker", index=2)  # a filter redraws the network from the 10,000 statements
        sync_api.expect(page.locator("#status")).to_contain_text(" of 10,000 statements")
        page.fill("#f-text", "matters")
        page.uncheck("#f-kinds input[value=mixed]")
        sync_api.expect(page.locator("#status")).to_contain_text(" of 10,000 statements")
        assert time.perf_counter() - started < 3.0
        page.screenshot(path=str(tmp_path / "big.png"))
        assert tab.problems == []
    finally:
        tab.close()
