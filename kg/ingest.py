"""Reading articles: files, folders, stdin and JSON Lines, in any common encoding.

Every problem is reported as an :class:`InputError` naming the file (and line).
The text is kept exactly as decoded, so every offset the pipeline emits points
into what the user gave us.
"""

from __future__ import annotations

import codecs
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from kg.boilerplate import content_spans
from kg.dateline import parse_dateline, parse_title
from kg.errors import InputError
from kg.records import Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
METADATA_FILE = "SOURCES.tsv"
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class ArticleFailure:
    """An input that could not be read: reported, and skipped under ``--keep-going``."""

    source: str
    message: str


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given and article files found recursively in folders, in a stable order."""
    found: list[str] = []
    for given in paths:
        if given == "-":
            found.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            found.extend(
                str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.exists():
            found.append(given)
        else:
            raise InputError(f"{given}: no such file or folder")
    return found


def read_articles(
    paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | ArticleFailure]:
    """Every article of the inputs, or a failure record for each that cannot be read."""
    metadata_cache: dict[Path, dict[str, dict[str, str]]] = {}
    for name in expand_paths(paths):
        try:
            if name == "-":
                yield prepare(Article(source="<stdin>", text=decode(sys.stdin.buffer.read(), "<stdin>")))
                continue
            path = Path(name)
            data = _read_bytes(path, max_bytes)
            if path.suffix.lower() == ".jsonl":
                yield from _jsonl_articles(path, decode(data, name))
                continue
            text = decode(data, name)
            if path.suffix.lower() in (".html", ".htm"):
                text = html_to_text(text, name)
            meta = _metadata_for(path, metadata_cache)
            yield prepare(
                Article(
                    source=path.name,
                    text=text,
                    url=meta.get("url") or None,
                    published=meta.get("published") or None,
                    publisher=meta.get("outlet") or None,
                )
            )
        except InputError as error:
            yield ArticleFailure(name, str(error))


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size} bytes is over the size limit of {max_bytes} (see --max-bytes)")
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary data is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name)
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _strict(data, "cp1252", name)
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        raise InputError(f"{name}: not UTF-8 and has control characters; looks like a binary file")
    return text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not valid {encoding} at byte {error.start}") from None


def html_to_text(html: str, name: str) -> str:
    """The article text of an HTML page; nothing is fetched (links and images are not followed)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise InputError(f"{name}: no article text found in the HTML")
    return text


def _jsonl_articles(path: Path, text: str) -> Iterator[Article | ArticleFailure]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ArticleFailure(where, f"{where}: not JSON ({error.msg} at column {error.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ArticleFailure(where, f"{where}: expected an object with a \"text\" string")
            continue
        source = record.get("source") or record.get("url") or f"{path.name}#{number}"
        try:
            yield prepare(
                Article(
                    source=str(source),
                    text=record["text"],
                    title=record.get("title"),
                    url=record.get("url"),
                    published=record.get("published"),
                    publisher=record.get("publisher"),
                ),
                where=where,
            )
        except InputError as error:
            yield ArticleFailure(where, str(error))


def _metadata_for(path: Path, cache: dict[Path, dict[str, dict[str, str]]]) -> dict[str, str]:
    """Metadata from a SOURCES.tsv beside the file (columns file, url, outlet, published)."""
    folder = path.parent
    if folder not in cache:
        table = folder / METADATA_FILE
        rows: dict[str, dict[str, str]] = {}
        if table.exists():
            with open(table, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    if row.get("file"):
                        rows[row["file"]] = {k: (v or "").strip() for k, v in row.items() if k}
        cache[folder] = rows
    return cache[folder].get(path.name, {})


def prepare(article: Article, where: str | None = None) -> Article:
    """Find the body, title and dateline; metadata given with the article wins over what is guessed."""
    name = where or article.source
    if not article.text.strip():
        raise InputError(f"{name}: empty article (no text)")
    content = content_spans(article.text)
    if not content:
        raise InputError(f"{name}: no article text left after removing page furniture")
    if not any(ch.isalpha() for span in content for ch in article.text[span.begin : span.end]):
        raise InputError(f"{name}: no sentences (no letters in the text)")
    dateline = parse_dateline(article.text, content)
    title = article.title or parse_title(article.text, content)
    return replace(
        article,
        content=content,
        title=title,
        publisher=article.publisher or (dateline.agency if dateline else None),
        dateline_place=article.dateline_place or (dateline.place if dateline else None),
        published=article.published or (dateline.date if dateline else None),
        dateline=dateline.span if dateline else None,
    )
