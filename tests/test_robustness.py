"""Bad and unusual inputs: a clear message naming the file (and line), the right exit code, and
earlier outputs left byte-identical when a build stops. Inputs are made in tmp_path."""

from __future__ import annotations

import codecs
import hashlib
import io
import json
import logging
import os
import pty
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.cli import main
from kg.errors import InputError
from kg.ingest import MAX_CHARS, ArticleFailure, decode, html_to_article, read_articles
from kg.progress import Progress
from kg.records import Article
from tests.conftest import ROOT

GOOD = (
    "NATO Chief Warns Moscow\n\n"
    "BRUSSELS, June 6 (Reuters) - NATO Secretary General Jens Stoltenberg said on Monday that the "
    "alliance would defend every ally.\n\n"
    '"We are ready," Stoltenberg told reporters in Brussels.\n'
)
PREVIOUS = "Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow would respond to NATO.\n"


# --- the table: every bad input, with and without --keep-going -----------------------------------


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the bad input under the folder, returns extra CLI paths
    message: str  # a substring of the logged message
    options: list[str] = field(default_factory=list)
    names_file: str | None = None  # the message must name this file (and line)


def _write(path: Path, data: bytes | str) -> list[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return []


def _jsonl(path: Path, *lines: str) -> list[str]:
    good = json.dumps({"text": GOOD.replace("Monday", "Friday"), "source": "good-line"})
    return _write(path, "\n".join([good, *lines]) + "\n")


CASES = [
    Case("empty file", lambda d: _write(d / "bad.txt", b""), "empty file", names_file="bad.txt"),
    Case("whitespace only", lambda d: _write(d / "bad.txt", " \n\t \r\n  \n"), "empty article", names_file="bad.txt"),
    Case("binary with NUL bytes", lambda d: _write(d / "bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
         "binary file", names_file="bad.txt"),
    Case("binary without NUL bytes", lambda d: _write(d / "bad.txt", bytes(range(1, 256)) * 40), "binary", names_file="bad.txt"),
    Case("over --max-bytes", lambda d: _write(d / "bad.txt", GOOD * 40), "over the size limit", ["--max-bytes", "4000"],
         names_file="bad.txt"),
    Case("a 2 MB single line", lambda d: _write(d / "bad.txt", "Lavrov said the talks went well and NATO agreed. " * 42_000),
         f"over the limit of {MAX_CHARS:,}", names_file="bad.txt"),
    Case("no sentences", lambda d: _write(d / "bad.txt", "123 456 -- !!! ...\n7,8,9 / 10:30\n"), "no sentences",
         names_file="bad.txt"),
    Case("page furniture only", lambda d: _write(d / "bad.txt", "Subscribe to our newsletter\nAdvertisement\nShare this story\n"),
         "no article text left", names_file="bad.txt"),
    Case("HTML without article text", lambda d: _write(d / "bad.html", "<html><head><script>var home = 1;</script></head><body><img src='a.png'></body></html>"),
         "no article text found in the HTML", names_file="bad.html"),
    Case("another 8-bit encoding", lambda d: _write(d / "bad.txt", ("Министр иностранных дел России Сергей Лавров заявил. " * 20).encode("cp1251")),
         "another 8-bit encoding", names_file="bad.txt"),
    Case("JSONL line not JSON", lambda d: _jsonl(d / "bad.jsonl", '{"text": "unfinished'), "line 2: not JSON",
         names_file="bad.jsonl, line 2"),
    Case("JSONL object without text", lambda d: _jsonl(d / "bad.jsonl", '{"title": "No body"}'),
         'line 2: expected an object with a "text" string', names_file="bad.jsonl, line 2"),
    Case("JSONL published not a date", lambda d: _jsonl(d / "bad.jsonl", json.dumps({"text": GOOD, "published": "last Tuesday"})),
         "is not YYYY-MM-DD", names_file="bad.jsonl, line 2"),
    Case("JSONL field not a string", lambda d: _jsonl(d / "bad.jsonl", json.dumps({"text": GOOD, "title": 5})),
         '"title" must be a string', names_file="bad.jsonl, line 2"),
    Case("JSONL line over --max-bytes", lambda d: _jsonl(d / "bad.jsonl", json.dumps({"text": GOOD * 30})),
         "line 2: line over the size limit", ["--max-bytes", "4000"], names_file="bad.jsonl, line 2"),
    Case("missing file", lambda d: [str(d / "missing.txt")], "no such file or folder", names_file="missing.txt"),
    Case("folder with no articles", lambda d: (_write(d.parent / "empty" / "notes.md", "# notes\n"), [str(d.parent / "empty")])[1],
         "no article files", names_file="empty"),
    Case("two files with one source name", lambda d: (_write(d / "a" / "good.txt", GOOD.replace("Monday", "Sunday")), [])[1],
         "same source name 'good.txt'", names_file="good.txt"),
]


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An earlier build (Turtle and a store) of another article, copied into each case."""
    folder = tmp_path_factory.mktemp("previous")
    (folder / "prev.txt").write_text(PREVIOUS, encoding="utf-8")
    out = folder / "out"
    assert main(["-q", "build", str(folder / "prev.txt"), "-o", str(out / "kg.ttl"), "--store", str(out / "store")]) == 0
    return out


@pytest.fixture
def messages() -> Iterator[Callable[[], str]]:
    """Everything `kg` logs, from a handler on its own logger: reliable whatever logging.basicConfig
    did in an earlier test (it binds to the stderr of the first call) and with or without caplog."""
    kept: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            kept.append(record.getMessage())

    logger, handler = logging.getLogger("kg"), Keep(logging.INFO)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lambda: "\n".join(kept)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _run_case(case: Case, tmp_path: Path, previous_build: Path, keep_going: bool) -> tuple[int, Path, Path]:
    articles = tmp_path / "in"
    _write(articles / "good.txt", GOOD)
    extra = case.make(articles)
    out = tmp_path / "out"
    shutil.copytree(previous_build, out)
    options = [*case.options, *(["--keep-going"] if keep_going else [])]
    code = main(["build", str(articles), *extra, "-o", str(out / "kg.ttl"), "--store", str(out / "store"), *options])
    return code, out, articles


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_stops_the_build_and_leaves_outputs(case: Case, tmp_path: Path, previous_build: Path,
                                                      messages: Callable[[], str]) -> None:
    before = _tree(previous_build)
    code, out, _ = _run_case(case, tmp_path, previous_build, keep_going=False)
    logged = messages()
    assert code == 2, logged
    assert case.message in logged
    error = next(line for line in logged.splitlines() if line.startswith("error:"))
    assert case.message in error and (case.names_file or "") in error
    assert _tree(out) == before  # out/kg.ttl byte-identical, the store untouched
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl", "store"]  # no temporary file left


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_skipped_under_keep_going(case: Case, tmp_path: Path, previous_build: Path,
                                               messages: Callable[[], str]) -> None:
    code, out, _ = _run_case(case, tmp_path, previous_build, keep_going=True)
    logged = messages()
    assert code == 1, logged
    assert case.message in logged and (case.names_file or "") in logged
    turtle = (out / "kg.ttl").read_text(encoding="utf-8")
    assert '"good.txt"' in turtle  # the good article was built...
    assert "Lavrov" not in turtle  # ...into a new graph that replaced the previous one
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl", "store"]


def test_keep_going_with_nothing_buildable_is_an_input_error(tmp_path: Path, messages: Callable[[], str]) -> None:
    _write(tmp_path / "in" / "bad.txt", b"")
    code = main(["build", str(tmp_path / "in"), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "kg.ttl"), "--keep-going"])
    assert code == 2
    assert "no article could be built" in messages()
    assert not (tmp_path / "kg.ttl").exists()


# --- inputs that must work ---------------------------------------------------------------------


def _read(paths: list[Path], max_bytes: int = 5_000_000) -> list[Article | ArticleFailure]:
    return list(read_articles([str(p) for p in paths], max_bytes))


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""), ("utf-32-le", codecs.BOM_UTF32_LE), ("cp1252", b""),
])
def test_encodings(encoding: str, prefix: bytes, tmp_path: Path) -> None:
    text = GOOD.replace('"We are ready,"', "\u201cWe are ready \u2013 caf\u00e9,\u201d")  # curly quotes exist in cp1252
    path = tmp_path / "a.txt"
    path.write_bytes(prefix + text.encode(encoding))
    [article] = _read([path])
    assert isinstance(article, Article), article
    assert article.text == text


def test_windows_line_endings_and_dos_end_of_file_are_text() -> None:
    assert decode(GOOD.replace("\n", "\r\n").encode("cp1252") + b"\x1a", "a.txt").endswith("\r\n\x1a")


def test_undecodable_bytes_name_the_file_and_offset() -> None:
    with pytest.raises(InputError, match=r"a\.txt: neither UTF-8 nor Windows-1252 \(byte 0x81 at offset 3\)"):
        decode(b"abc\x81def", "a.txt")


def test_unclosed_quotation_keeps_the_rest_of_the_article(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "NATO Chief Warns Moscow\n\n"
        'BRUSSELS, June 6 (Reuters) - NATO Secretary General Jens Stoltenberg said on Monday: "The alliance '
        "will defend every inch of its territory.\n\n"
        "He added that the troops in Poland would stay.\n\n"
        "Russian Foreign Minister Sergei Lavrov said that Moscow would respond to the deployment in Estonia.\n\n"
        '"We are not afraid," Lavrov told reporters in Moscow. And then \u201cthis quotation never ends'
    )
    _write(tmp_path / "a.txt", text)
    from kg.pipeline import BuildReport

    report = BuildReport()
    [extraction] = list(pipeline.run([str(tmp_path / "a.txt")], report))
    names = {e.name for e in extraction.entities}
    assert {"Poland", "Estonia", "Jens Stoltenberg"} <= names and any("Lavrov" in n for n in names)
    said = [s.text for s in extraction.statements]
    assert any("defend every inch" in s for s in said)
    assert any("Moscow would respond" in s for s in said)  # after the unclosed quotation
    assert any(s.startswith("We are not afraid") for s in said)
    assert all(len(s) < 200 for s in said)  # no quotation swallowed the article


def test_jsonl_metadata_wins_over_the_dateline(tmp_path: Path) -> None:
    record = {"text": GOOD, "title": "Given title", "url": "https://example.com/a", "published": "2016-06-07T10:00:00Z",
              "source": "example-a"}
    _write(tmp_path / "a.jsonl", "\ufeff" + json.dumps(record) + "\n\n" + json.dumps({"text": GOOD}) + "\n")
    first, second = _read([tmp_path / "a.jsonl"])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.source, first.title, first.url, first.published) == ("example-a", "Given title", "https://example.com/a", "2016-06-07")
    assert first.publisher == "Reuters" and first.dateline_place == "Brussels"  # still guessed where not given
    assert second.source == "a.jsonl#3" and second.title == "NATO Chief Warns Moscow"


def test_jsonl_text_may_hold_line_separators(tmp_path: Path) -> None:
    text = GOOD + "A line\u2028separator and a paragraph\u2029separator are not line ends in JSON Lines.\n"
    _write(tmp_path / "a.jsonl", json.dumps({"text": text}, ensure_ascii=False) + "\n")
    [article] = _read([tmp_path / "a.jsonl"])
    assert isinstance(article, Article) and article.text == text


def test_sources_tsv_wins_over_the_html_page_which_wins_over_the_dateline(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in GOOD.splitlines() if line)
    page = (f'<html><head><meta charset="windows-1252"><title>Page title</title>'
            f'<link rel="canonical" href="https://example.com/page"><meta name="date" content="2016-06-08"></head>'
            f"<body><article>{body}<p>Caf\u00e9 owners agreed.</p></article></body></html>")
    _write(tmp_path / "a.html", page.encode("cp1252"))
    _write(tmp_path / "b.html", page.encode("cp1252"))
    _write(tmp_path / "SOURCES.tsv", "file\turl\toutlet\tpublished\n"
           "a.html\thttps://example.com/given\tThe Given\t2016-06-09\n"
           "b.html\t\t\t\n")  # empty cells give nothing: the page's own metadata stays
    a, b = _read([tmp_path])
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.url, a.publisher, a.published, a.title) == ("https://example.com/given", "The Given", "2016-06-09", "Page title")
    assert (b.url, b.published, b.title) == ("https://example.com/page", "2016-06-08", "Page title")
    assert "Caf\u00e9 owners" in b.text  # the declared charset was used


def test_html_fragment_is_read(tmp_path: Path) -> None:
    _write(tmp_path / "a.html", "".join(f"<p>{line}</p>" for line in GOOD.splitlines() if line))
    [article] = _read([tmp_path / "a.html"])
    assert isinstance(article, Article) and "Stoltenberg" in article.text


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))))
    [article] = list(read_articles(["-", "-"]))  # given twice, read once
    assert isinstance(article, Article) and article.source == "<stdin>" and article.text == GOOD


def test_stdin_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode() * 100)))
    [failure] = list(read_articles(["-"], max_bytes=1000))
    assert isinstance(failure, ArticleFailure) and "<stdin>: more than 1,000 bytes" in failure.message


def test_folders_recursively_without_hidden_files_or_duplicates(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "2.txt", GOOD)
    _write(tmp_path / "a" / "deeper" / "1.htm", "<p>x</p>")
    _write(tmp_path / "a" / "1.jsonl", json.dumps({"text": GOOD}) + "\n")
    _write(tmp_path / "a" / "._1.txt", b"\x00\x05\x16\x07Mac OS X")  # AppleDouble litter
    _write(tmp_path / ".git" / "x.txt", GOOD)
    _write(tmp_path / "notes.md", "not an article")
    from kg.ingest import expand_paths

    found = expand_paths([str(tmp_path), str(tmp_path / "b" / "2.txt")])
    assert [Path(str(f)).relative_to(tmp_path).as_posix() for f in found] == ["a/1.jsonl", "a/deeper/1.htm", "b/2.txt"]


def test_slices_of_a_json_lines_file_read_as_the_whole_file(tmp_path: Path) -> None:
    """Same articles, failures and line numbers; UTF-8 BOM, blank and oversized lines included."""
    from kg.ingest import JsonlSlice, jsonl_slices

    lines = ['{"text": "Moscow said it would respond, officials said."}', "", "{broken",
             '{"text": "' + "x " * 400 + '"}', '{"text": "NATO met on Tuesday.", "source": "s-5"}', "",
             '{"text": "Lavrov spoke."}', '{"text": "Kyiv replied."}']
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    pieces = jsonl_slices(str(path), 2)
    assert len(pieces) == 3 and all(isinstance(p, JsonlSlice) for p in pieces)

    def described(items: list[Article | ArticleFailure]) -> list[str]:
        return [f"{i.source}: {i.message}" if isinstance(i, ArticleFailure) else f"{i.source}: {i.text}" for i in items]

    whole = described(list(read_articles([str(path)], max_bytes=500)))
    assert described(list(read_articles(pieces, max_bytes=500))) == whole
    assert described([i for p in pieces for i in read_articles([p], max_bytes=500)]) == whole
    assert [w.split(":")[0] for w in whole] == ["a.jsonl#1", f"{path}, line 3", f"{path}, line 4", "s-5", "a.jsonl#7", "a.jsonl#8"]
    assert jsonl_slices(str(path), 10) == [str(path)]


def test_count_articles_for_progress(tmp_path: Path) -> None:
    from kg.ingest import count_articles

    _write(tmp_path / "a.jsonl", '{"text": "a"}\n\n{"text": "b"}\n  \n{"text": "c"}')
    _write(tmp_path / "b.txt", GOOD)
    assert sum(count_articles(name) for name in [str(tmp_path / "a.jsonl"), str(tmp_path / "b.txt"), "-"]) == 5


def test_a_device_is_bounded_not_read_forever() -> None:
    [failure] = list(read_articles(["/dev/zero"], max_bytes=1000))
    assert isinstance(failure, ArticleFailure) and "over the size limit" in failure.message


def test_a_long_single_line_under_the_limit_is_processed(tmp_path: Path) -> None:
    sentence = "Russian Foreign Minister Sergei Lavrov said on Tuesday that Moscow would respond to NATO in Estonia. "
    _write(tmp_path / "long.txt", sentence * 200)  # 20,000 characters, no line break
    started = time.monotonic()
    assert main(["-q", "build", str(tmp_path / "long.txt"), "-o", str(tmp_path / "kg.ttl")]) == 0
    assert time.monotonic() - started < 60
    assert "Estonia" in (tmp_path / "kg.ttl").read_text(encoding="utf-8")


# --- security ------------------------------------------------------------------------------------


def test_html_is_parsed_without_any_network_access(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    body = "".join(f"<p>{line}</p>" for line in GOOD.splitlines() if line)
    page = ('<html><head><meta http-equiv="refresh" content="0;url=http://evil.invalid/"><script src="http://evil.invalid/x.js">'
            '</script><link rel="stylesheet" href="http://evil.invalid/s.css"><link rel="canonical" href="http://evil.invalid/a">'
            f'</head><body><article>{body}<img src="http://evil.invalid/i.png"><iframe src="http://evil.invalid/f"></iframe>'
            '<object data="http://evil.invalid/o"></object></article></body></html>')
    text, meta = html_to_article(page, "a.html")
    assert "Stoltenberg" in text and meta["url"] == "http://evil.invalid/a"
    text, _ = html_to_article("https://evil.invalid/page.html", "url-only.html")  # htmldate fetches bare URL strings
    assert text.strip() == "https://evil.invalid/page.html"  # ...but it is only ever given the parsed tree


def test_no_shell_anywhere() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "kg").rglob("*.py")}
    assert sources
    for path, text in sources.items():
        assert not re.search(r"shell\s*=\s*True|os\.system\(|os\.popen\(|commands\.getoutput", text), path


# --- progress ------------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_counts_articles_and_words() -> None:
    now = [0.0]
    stream = _Terminal()
    with Progress(stream, enabled=True, interval=0.0, clock=lambda: now[0]) as progress:
        progress.start(10)
        now[0] = 5.0  # loading the model
        progress.advance(1, words=500)
        assert "words/s" not in progress.line()  # no rate from a single article
        now[0] = 7.0
        progress.advance(3, words=2000)
        line = progress.line()
    assert "4/10 articles" in line and "1,000 words/s" in line and "0:04 left" in line and line.startswith("kg: [")
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is taken away at the end


def test_progress_is_silent_when_not_a_terminal_or_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    progress = Progress.for_stderr(quiet=False)
    progress.start(3)
    progress.advance(3, 100)
    progress.close()
    assert pipe.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert not Progress.for_stderr(quiet=True).enabled
    assert Progress.for_stderr(quiet=False).enabled


def test_progress_clears_its_line_before_a_log_message() -> None:
    stream = _Terminal()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # whatever an earlier `kg -q` made of the root logger
    try:
        with Progress(stream, enabled=True, interval=0.0) as progress:
            progress.start(2)
            logger.warning("skipped: bad.txt")
            progress.advance(1)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    shown = stream.getvalue()
    assert "\r\x1b[Kskipped: bad.txt\n" in shown and not handler.filters


def test_build_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    for index in range(3):
        _write(tmp_path / "in" / f"{index}.txt", GOOD.replace("Monday", f"day {index}"))
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    process = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "in"), "-o", str(tmp_path / "kg.ttl")],
                             stderr=follower, stdout=subprocess.DEVNULL, env=env, timeout=120, check=False)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 0, shown
    text = shown.decode("utf-8", "replace")
    assert "3/3 articles" in text and "words/s" in text
    assert "kg: 3 articles" in text  # the summary after the bar
