"""The real pipeline on the seeds: outputs, determinism, the two contract queries, parallel builds."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg import build
from kg.build import TASKS_PER_WORKER, task_count
from kg.cli import main
from kg.ingest import JsonlSlice
from kg.pipeline import BuildConfig
from kg.query import CannedQuery, list_queries
from kg.store import SHARED_GRAPH
from tests.conftest import DEV, SEEDS

ENTITY_VARS = ["entity", "name", "type", "wikidata", "source"]
STATEMENT_VARS = ["statement", "speaker", "speakerName", "speakerWikidata", "text", "direct", "date", "source"]


def _query(store: Path, name: str, capsys: pytest.CaptureFixture[str], *params: str) -> Any:
    capsys.readouterr()
    extra = [arg for p in params for arg in ("--param", p)]
    assert main(["-q", "query", name, "--store", str(store), "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_build_writes_turtle_that_parses(seeds_build: Path) -> None:
    triples = list(ox.parse(path=str(seeds_build / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 1000
    assert not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def test_build_twice_gives_the_same_bytes(seeds_build: Path, tmp_path: Path) -> None:
    assert main(["-q", "build", str(SEEDS), "-o", str(tmp_path / "again.ttl")]) == 0
    assert (tmp_path / "again.ttl").read_bytes() == (seeds_build / "kg.ttl").read_bytes()


def test_build_entities_contract(seeds_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _query(seeds_build / "store", "entities", capsys)
    assert result["head"]["vars"] == ENTITY_VARS
    rows = result["results"]["bindings"]
    sources = {r["source"]["value"] for r in rows}
    assert sources == {p.name for p in SEEDS.glob("*.txt")}
    nato = [r for r in rows if r.get("wikidata", {}).get("value") == "http://www.wikidata.org/entity/Q7184"]
    assert len(nato) == 5  # one row per article that mentions it
    assert all(r["type"]["value"] == "http://schema.org/Organization" for r in nato)


def test_build_statements_contract(seeds_build: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _query(seeds_build / "store", "statements", capsys)
    assert result["head"]["vars"] == STATEMENT_VARS
    rows = result["results"]["bindings"]
    by_source: dict[str, int] = {}
    for row in rows:
        by_source[row["source"]["value"]] = by_source.get(row["source"]["value"], 0) + 1
    assert set(by_source) == {p.name for p in SEEDS.glob("*.txt")}
    lavrov = [r for r in rows if "Lavrov" in r.get("speakerName", {}).get("value", "")]
    assert len(lavrov) >= 25
    assert {r["direct"]["value"] for r in rows} == {"true", "false"}


@pytest.mark.parametrize("query", [q for q in list_queries() if "SERVICE" not in q.text], ids=lambda q: q.name)
def test_every_canned_querys_example_finds_rows(query: CannedQuery, corpus_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`kg query --list` shows these commands: on the repository's articles they must run and find something."""
    assert query.example.startswith(f"kg query {query.name}")
    values = query.example_values()
    assert set(values) <= {p.name for p in query.parameters}
    answer = _query(corpus_store, query.name, capsys, *(f"{k}={v}" for k, v in values.items()))
    assert answer["results"]["bindings"] if isinstance(answer, dict) else answer  # rows, or JSON-LD nodes


def test_build_with_two_workers_gives_the_same_graph(seeds_build: Path, tmp_path: Path) -> None:
    assert main(["-q", "build", str(SEEDS), "-o", str(tmp_path / "parallel.ttl"), "--workers", "2"]) == 0
    assert (tmp_path / "parallel.ttl").read_bytes() == (seeds_build / "kg.ttl").read_bytes()


def test_build_with_two_workers_writes_the_same_nquads_from_many_tasks(tmp_path: Path) -> None:
    """17 articles in two folders make 5 tasks; their shards merge in input order, with each folder's metadata."""
    single, parallel = tmp_path / "single.nq", tmp_path / "parallel.nq"
    assert main(["-q", "build", str(SEEDS), str(DEV), "-o", str(single)]) == 0
    assert main(["-q", "build", str(SEEDS), str(DEV), "-o", str(parallel), "--workers", "2"]) == 0
    assert parallel.read_bytes() == single.read_bytes()
    assert b"https://www.dailydispatch.co.za/news/" in parallel.read_bytes()  # from the dev folder's SOURCES.tsv


def test_build_with_two_workers_stops_at_a_bad_article(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    for index, path in enumerate(sorted(DEV.glob("*.txt"))):
        (articles / f"{index:02d}.txt").write_bytes(path.read_bytes())
    (articles / "05-big.txt").write_text("word " * 2000)
    output = tmp_path / "kg.nq"
    assert main(["build", str(articles), "-o", str(output), "--workers", "2", "--max-bytes", "5000"]) == 2
    assert "05-big.txt: 10,000 bytes is over the size limit" in caplog.text
    assert not output.exists() and not (tmp_path / ".kg-build").exists()


def test_a_source_name_in_two_tasks_is_a_duplicate_as_in_one_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """a/00.txt and z/00.txt land in different tasks; the later fails as in a one-process build."""
    texts = sorted(DEV.glob("*.txt"))
    for folder, names in (("a", ["00", "01", "02", "03"]), ("z", ["00", "10", "11", "12"])):
        (tmp_path / "in" / folder).mkdir(parents=True)
        for name in names:
            (tmp_path / "in" / folder / f"{name}.txt").write_bytes(texts.pop().read_bytes())
    single, parallel = tmp_path / "single.nq", tmp_path / "parallel.nq"
    for output, workers in ((single, "1"), (parallel, "2")):
        caplog.clear()
        assert main(["build", str(tmp_path / "in"), "-o", str(output), "--workers", workers, "--keep-going"]) == 1
        duplicates = [m for r in caplog.records if (m := r.getMessage()).startswith("failed:") and "same source name" in m]
        assert len(duplicates) == 1 and f"z{'/'}00.txt: same source name '00.txt' as " in duplicates[0]
        assert duplicates[0].endswith("give each JSON line a distinct \"source\"")
    assert parallel.read_bytes() == single.read_bytes()
    graphs = {q.graph_name for q in ox.parse(path=str(parallel), format=ox.RdfFormat.N_QUADS)} - {SHARED_GRAPH}
    assert len(graphs) == 7


def test_one_big_json_lines_file_is_shared_by_the_workers(tmp_path: Path) -> None:
    """12 articles in one .jsonl make 3 tasks of line slices; the graph is the one-process graph."""
    archive = tmp_path / "archive.jsonl"
    texts = [path.read_text(encoding="utf-8")[:1500] for path in sorted(DEV.glob("*.txt"))]
    archive.write_text("".join(json.dumps({"text": text}) + "\n\n" for text in texts), encoding="utf-8")
    parts = build.plan_tasks([str(archive)], [len(texts)], workers=2)
    assert [len(part) for part in parts] == [1, 1, 1] and all(isinstance(p[0], JsonlSlice) for p in parts)
    single, parallel = tmp_path / "single.nq", tmp_path / "parallel.nq"
    assert main(["-q", "build", str(archive), "-o", str(single)]) == 0
    assert main(["-q", "build", str(archive), "-o", str(parallel), "--workers", "2"]) == 0
    assert parallel.read_bytes() == single.read_bytes()
    assert len({q.graph_name for q in ox.parse(path=str(parallel), format=ox.RdfFormat.N_QUADS)} - {SHARED_GRAPH}) == len(texts)


def test_tasks_have_nearly_equal_articles_in_input_order() -> None:
    assert build.chunk(list("abcdefg"), 3) == [list("abc"), list("de"), list("fg")]
    assert build.chunk(list("abcd"), 2, weights=[5, 1, 1, 3]) == [["a"], ["b", "c", "d"]]


def test_claimed_names_are_those_of_earlier_tasks_only(tmp_path: Path) -> None:
    lines = tmp_path / "more.jsonl"
    lines.write_text('{"text": "a", "source": "x.txt"}\n{"text": "b"}\nnot json\n{"text": "c", "url": "https://e.com/1"}\n')
    parts = [["a/x.txt", "a/y.txt"], [str(lines), "b/y.txt"], ["c/z.txt", "d/more.jsonl#2"]]
    claimed = build.claimed_by_earlier_tasks(parts, max_bytes=10_000)
    # a line without "source" or "url" is named after its file and line: a file of that name collides
    assert claimed == [{}, {"x.txt": "a/x.txt", "y.txt": "a/y.txt"}, {"more.jsonl#2": f"{lines}, line 2"}]


def test_build_task_count_gives_each_worker_many_tasks_of_a_few_files() -> None:
    assert task_count(1000, 2) == 2 * TASKS_PER_WORKER
    assert task_count(17, 2) == 5  # at least MIN_TASK_FILES files each
    assert task_count(1, 8) == 1


def test_build_worker_loads_the_pipeline_once_per_config(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[BuildConfig] = []

    class Loaded:
        def __init__(self, config: BuildConfig) -> None:
            loaded.append(config)

    monkeypatch.setattr(build, "Pipeline", Loaded)
    monkeypatch.setattr(build, "_worker", threading.local())
    first = build._worker_pipeline(BuildConfig())
    assert build._worker_pipeline(BuildConfig()) is first
    assert build._worker_pipeline(BuildConfig(keep_going=True)) is not first
    assert loaded == [BuildConfig(), BuildConfig(keep_going=True)]


def test_build_on_a_dask_local_cluster_gives_the_same_graph(seeds_build: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as cluster:
        assert main(["-q", "build", str(SEEDS), "-o", str(tmp_path / "dask.nq"), "--dask", cluster.scheduler_address]) == 0
    single = tmp_path / "single.nq"
    assert main(["-q", "build", str(SEEDS), "-o", str(single)]) == 0
    assert sorted((tmp_path / "dask.nq").read_text().splitlines()) == sorted(single.read_text().splitlines())


def test_build_store_replaces_an_article_graph(seeds_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text('NATO said on Monday that "the alliance is ready to talk to Moscow," its chief said.\n')
    assert main(["-q", "build", str(article.parent), "-o", str(tmp_path / "a.ttl"), "--store", str(store)]) == 0
    assert main(["-q", "build", str(article.parent), "-o", str(tmp_path / "a.ttl"), "--store", str(store)]) == 0
    first = _query(store, "statements", capsys)["results"]["bindings"]
    article.write_text('Russia said that "it will answer any move by the alliance," a spokesman said.\n')
    assert main(["-q", "build", str(article.parent), "-o", str(tmp_path / "a.ttl"), "--store", str(store)]) == 0
    second = _query(store, "statements", capsys)["results"]["bindings"]
    assert len(first) == len(second) == 1
    assert "Moscow" in first[0]["text"]["value"] and "answer" in second[0]["text"]["value"]
