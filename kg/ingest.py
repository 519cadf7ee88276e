"""Reading articles: files, folders, stdin and JSON Lines, in any common encoding.

Every problem is reported as an :class:`InputError` (or, while reading a run's inputs,
an :class:`ArticleFailure`) naming the file (and line) and the problem. The text is kept
exactly as decoded, so every offset the pipeline emits points into what the user gave us.

Limits: ``max_bytes`` per article (a file, or one line of a ``.jsonl`` file, or stdin) and
:data:`MAX_CHARS` characters per article, spaCy's ``nlp.max_length``: longer texts are
refused with a clear message rather than cut into pieces, since every offset, quotation
and speaker is resolved across the whole article.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from kg.boilerplate import content_spans
from kg.dateline import parse_dateline, parse_stamp_date, parse_title
from kg.errors import InputError
from kg.records import Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
METADATA_FILE = "SOURCES.tsv"
DEFAULT_MAX_BYTES = 5_000_000
MAX_CHARS = 1_000_000  # spaCy's default nlp.max_length; the parser needs ~1 GB per 100,000 characters
STDIN = "-"
STDIN_SOURCE = "<stdin>"
_JSONL_FIELDS = ("title", "url", "published", "source", "publisher", "outlet")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")  # not \t \n \v \f \r, nor DOS end-of-file \x1a


@dataclass(frozen=True)
class JsonlSlice:
    """Lines of a big JSON Lines file, bytes ``start`` to ``end``, so that several workers share it.

    Line numbers (``first_line`` is that of the line at ``start``) stay those of the whole file,
    in messages and in the names of lines without a "source".
    """

    path: str
    start: int
    end: int
    first_line: int


ArticleInput = str | JsonlSlice  # a file, a folder, "-" for stdin, or a slice of a JSON Lines file


@dataclass(frozen=True)
class ArticleFailure:
    """An input that could not be read: reported, and skipped under ``--keep-going``."""

    source: str
    message: str


# --- which files -----------------------------------------------------------------------------


def expand_paths(paths: Sequence[ArticleInput], keep_going: bool = False) -> list[ArticleInput]:
    """Files as given and article files found recursively in folders, in a stable order.

    Hidden files and folders (``.git``, ``._name.txt``, ``.kg-build``) are not articles. A path
    given twice (or a file inside a folder also given) is read once. A missing path or a folder
    without articles is an :class:`InputError`; with ``keep_going`` it stays in the list, in its
    place, so that :func:`read_articles` reports it as a failure and the others are built.
    """
    found: list[ArticleInput] = []
    seen: set[str] = set()

    def add(name: str, key: str) -> None:
        if key not in seen:
            seen.add(key)
            found.append(name)

    for given in paths:
        if isinstance(given, JsonlSlice):  # cut by the build from a file it expanded already
            found.append(given)
            continue
        if given == STDIN:
            add(given, STDIN)
            continue
        path = Path(given)
        if path.is_dir():
            articles = _folder_articles(path)
            if not articles:
                if not keep_going:
                    raise InputError(_no_articles_message(given))
                add(given, _key(path))
            for article in articles:
                add(str(article), _key(article))
        elif path.exists():
            add(given, _key(path))
        else:
            if not keep_going:
                raise InputError(f"{given}: no such file or folder")
            add(given, f"missing:{given}")
    return found


def _folder_articles(folder: Path) -> list[Path]:
    return [
        p for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    ]


def _no_articles_message(folder: str) -> str:
    return f"{folder}: no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder"


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


def count_articles(name: ArticleInput) -> int:
    """How many articles ``name`` holds (one per file, one per non-blank line of JSON Lines): for progress and task sizes."""
    if isinstance(name, str) and name != STDIN and name.lower().endswith(".jsonl"):
        try:
            with open(name, "rb") as handle:
                return sum(1 for line in handle if line.strip())
        except OSError:
            pass
    return 1


# --- reading ---------------------------------------------------------------------------------


def read_articles(
    paths: Sequence[ArticleInput], max_bytes: int = DEFAULT_MAX_BYTES, claimed: dict[str, str] | None = None
) -> Iterator[Article | ArticleFailure]:
    """Every article of the inputs, or a failure record for each that cannot be read.

    ``claimed`` maps source names already taken elsewhere (by an earlier task of a parallel
    build) to where: an article here with one of them fails as a duplicate.
    """
    metadata_cache: dict[Path, dict[str, dict[str, str]] | InputError] = {}
    sources = _Sources(claimed)
    for name in expand_paths(paths, keep_going=True):
        yield from _read_one(name, max_bytes, metadata_cache, sources)


def article_sources(files: Sequence[ArticleInput], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[str, str]]:
    """The source name and place of every article of ``files`` (from :func:`expand_paths`), as
    :func:`read_articles` names them, without reading the articles: JSON Lines are parsed for
    their "source", other files are named by themselves. What cannot be read is left to
    :func:`read_articles` to report."""
    for name in files:
        piece = name if isinstance(name, JsonlSlice) else None
        path = Path(name.path if isinstance(name, JsonlSlice) else name)
        if name == STDIN:
            yield STDIN_SOURCE, STDIN
        elif path.is_dir():
            continue
        elif path.suffix.lower() != ".jsonl":
            yield path.name, str(name)
        else:
            try:
                for number, line in _jsonl_lines(path, max_bytes, piece):
                    where = f"{path}, line {number}"
                    if isinstance(line, str) and line.strip():
                        try:
                            yield _jsonl_source(_jsonl_record(line, where), path, number), where
                        except InputError:
                            continue
            except InputError:
                continue


class _Sources:
    """Source names already read: the article IRI is made from the source, so two articles cannot share one.

    A name belongs to its first article, even one that then fails (empty, too long...), so that
    which article fails as a duplicate does not depend on how a build is split into tasks.
    """

    def __init__(self, claimed: dict[str, str] | None = None) -> None:
        self._first: dict[str, str] = dict(claimed or {})

    def claim(self, source: str, where: str) -> None:
        first = self._first.setdefault(source, where)
        if first != where:
            raise InputError(
                f"{where}: same source name {source!r} as {first} (article IRIs are made from it): "
                "rename one of the files, or give each JSON line a distinct \"source\""
            )


def _read_one(
    name: ArticleInput, max_bytes: int, metadata_cache: dict[Path, dict[str, dict[str, str]] | InputError], sources: _Sources
) -> Iterator[Article | ArticleFailure]:
    if isinstance(name, JsonlSlice):
        yield from _jsonl_articles(Path(name.path), max_bytes, sources, name)  # its errors are per line
        return
    try:
        if name == STDIN:
            sources.claim(STDIN_SOURCE, STDIN)
            yield prepare(Article(source=STDIN_SOURCE, text=decode(_read_stdin(max_bytes), STDIN_SOURCE)))
            return
        path = Path(name)
        if path.is_dir():
            raise InputError(_no_articles_message(name))
        if path.suffix.lower() != ".jsonl":
            sources.claim(path.name, name)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"{name}: no such file or folder")
        if path.suffix.lower() == ".jsonl":
            yield from _jsonl_articles(path, max_bytes, sources)
            return
        data = _read_bytes(path, max_bytes)
        meta = dict(_metadata_for(path, metadata_cache))
        if path.suffix.lower() in (".html", ".htm"):
            text, found = html_to_article(decode(data, name, html=True), name)
            for key, value in found.items():
                if not meta.get(key):  # SOURCES.tsv wins over the page's own metadata, where it gives a value
                    meta[key] = value
        else:
            text = decode(data, name)
        yield prepare(
            Article(
                source=path.name,
                text=text,
                title=meta.get("title") or None,
                url=meta.get("url") or None,
                published=meta.get("published") or None,
                publisher=meta.get("outlet") or meta.get("publisher") or None,
            ),
            where=name,
        )
    except InputError as error:
        yield ArticleFailure(name, str(error))


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("<stdin>: no standard input to read")
    return _bounded_read(stream, max_bytes, STDIN_SOURCE)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing it before reading when it is over ``max_bytes`` (never reads more)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is over the size limit of {max_bytes:,} bytes (see --max-bytes)")
        with open(path, "rb") as handle:
            data = _bounded_read(handle, max_bytes, str(path))  # a device or a growing file is bounded too
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    if not data:
        raise InputError(f"{path}: empty file")
    return data


def _bounded_read(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{name}: more than {max_bytes:,} bytes, over the size limit (see --max-bytes)")
    return data


# --- decoding --------------------------------------------------------------------------------


def decode(data: bytes, name: str, html: bool = False) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, else Windows-1252; binary data is refused.

    For HTML a ``<meta charset>`` declaration is honoured when the bytes decode with it.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                          (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _checked(_strict(data[len(bom):], encoding, name), name)
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
        return _checked(_strict(data, utf16, name), name)
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                return _checked(data.decode(declared), name)
            except UnicodeDecodeError:
                pass  # pages often lie about their encoding: fall back to UTF-8, then Windows-1252
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: neither UTF-8 nor Windows-1252 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "looks like a binary file or another encoding: convert it to UTF-8"
        ) from None
    _checked(text, name)
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 127)
    if foreign >= 20 and foreign > 0.3 * len(letters):
        raise InputError(
            f"{name}: not UTF-8, and read as Windows-1252 it is mostly accented letters: it is probably in "
            "another 8-bit encoding (e.g. Windows-1251 or ISO-8859-5): convert it to UTF-8"
        )
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NUL bytes sit where UTF-16 puts them for mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.7 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.7 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not valid {encoding} at byte {error.start}") from None


def _checked(text: str, name: str) -> str:
    """Text has no NUL and few control characters; otherwise it is a binary file with a text name."""
    if "\x00" in text:
        raise InputError(f"{name}: looks like a binary file (NUL characters), not text")
    controls = len(_CONTROL.findall(text, 0, 100_000))
    if controls > max(2, len(text[:100_000]) // 200):
        raise InputError(f"{name}: looks like a binary file ({controls} control characters), not text")
    return text


# --- HTML --------------------------------------------------------------------------------------


def html_to_text(html: str, name: str) -> str:
    """The article text of an HTML page; nothing is fetched (links, images and scripts are not followed)."""
    return html_to_article(html, name)[0]


def html_to_article(html: str, name: str) -> tuple[str, dict[str, str]]:
    """The article text of an HTML page and the metadata the page states (title, canonical URL, date).

    trafilatura parses the string with lxml and never fetches: its date finder (htmldate) is given
    the parsed tree, and only downloads when handed a bare URL string, which we never do. The
    date comes from markup only (meta tags, ``<time>``, the URL), never guessed from the text.
    """
    import trafilatura

    if not re.search(r"<(?:html|body)\b", html[:100_000], re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"  # trafilatura refuses bare fragments
    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # lxml and trafilatura raise many kinds on broken pages
        raise InputError(f"{name}: cannot parse the HTML ({type(error).__name__}: {error})") from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    meta: dict[str, str] = {}
    title = getattr(document, "title", None)
    if isinstance(title, str) and title.strip():
        meta["title"] = title.strip()
    url = getattr(document, "url", None)
    if isinstance(url, str) and re.match(r"https?://\S+$", url):
        meta["url"] = url
    published = getattr(document, "date", None)
    if isinstance(published, str) and _iso_date(published):
        meta["published"] = _iso_date(published) or ""
    return text, meta


# --- JSON Lines --------------------------------------------------------------------------------


def jsonl_slices(path: str, lines_per_slice: int) -> list[ArticleInput]:
    """``path`` cut at line ends into slices of ``lines_per_slice`` non-blank lines (the last may have fewer).

    UTF-16 files (read whole) and files of fewer lines are not cut: the path itself is returned.
    """
    with open(path, "rb") as handle:
        head = handle.read(4096)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _bomless_utf16(head):
            return [path]
        handle.seek(0)
        slices: list[ArticleInput] = []
        start = offset = lines = 0
        first = number = 1
        for raw in handle:
            offset += len(raw)
            lines += bool(raw.strip())
            number += 1
            if lines == lines_per_slice:
                slices.append(JsonlSlice(path, start, offset, first))
                start, first, lines = offset, number, 0
        if lines:
            slices.append(JsonlSlice(path, start, offset, first))
    return slices if len(slices) > 1 else [path]


def _jsonl_articles(path: Path, max_bytes: int, sources: _Sources, piece: JsonlSlice | None = None) -> Iterator[Article | ArticleFailure]:
    """One article per line, streamed: ``max_bytes`` applies to each line, not to the file."""
    any_line = False
    for number, line in _jsonl_lines(path, max_bytes, piece):
        where = f"{path}, line {number}"
        if isinstance(line, InputError):
            yield ArticleFailure(where, f"{where}: {line}")
            continue
        if not line.strip():
            continue
        any_line = True
        line = line.rstrip("\r\n")
        try:
            yield _jsonl_article(path, number, line, where, sources)
        except InputError as error:
            yield ArticleFailure(where, str(error))
    if not any_line and piece is None:  # a file of blank lines is never cut (see jsonl_slices)
        yield ArticleFailure(str(path), f"{path}: empty file (no JSON lines)")


def _jsonl_lines(path: Path, max_bytes: int, piece: JsonlSlice | None = None) -> Iterator[tuple[int, str | InputError]]:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
            handle.seek(piece.start if piece else 0)
            if piece is None and (head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _bomless_utf16(head)):
                text = decode(_read_bytes(path, max_bytes), str(path))  # rare: whole file, under the limit
                for number, line in enumerate(text.split("\n"), 1):
                    yield number, line
                return
            if b"\x00" in head:
                raise InputError(f"{path}: looks like a binary file (NUL bytes), not JSON Lines")
            number = piece.first_line - 1 if piece else 0
            end = piece.end if piece else None
            while (end is None or handle.tell() < end) and (raw := handle.readline(max_bytes + 1)):
                number += 1
                if len(raw) > max_bytes and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):
                        raw = handle.readline(1 << 20)  # skip the rest of the line without holding it
                    yield number, InputError(f"line over the size limit of {max_bytes:,} bytes (see --max-bytes)")
                    continue
                if number == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    yield number, InputError(f"not valid UTF-8 at byte {error.start} of the line (JSON Lines is UTF-8)")
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None


def _jsonl_article(path: Path, number: int, line: str, where: str, sources: _Sources) -> Article:
    record = _jsonl_record(line, where)
    source = _jsonl_source(record, path, number)
    sources.claim(source, where)
    return prepare(
        Article(
            source=source,
            text=record["text"],
            title=record.get("title") or None,
            url=record.get("url") or None,
            published=record.get("published") or None,
            publisher=record.get("publisher") or record.get("outlet") or None,
        ),
        where=where,
    )


def _jsonl_source(record: dict[str, str], path: Path, number: int) -> str:
    return record.get("source") or record.get("url") or f"{path.name}#{number}"


def _jsonl_record(line: str, where: str) -> dict[str, str]:
    """The line's object, checked: a "text" string and string (or null) metadata fields."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: not usable JSON (nested too deeply)") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f"{where}: expected an object with a \"text\" string")
    for key in _JSONL_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{where}: \"{key}\" must be a string, not {type(record[key]).__name__}")
    return record


# --- metadata ----------------------------------------------------------------------------------


def _metadata_for(path: Path, cache: dict[Path, dict[str, dict[str, str]] | InputError]) -> dict[str, str]:
    """Metadata from a SOURCES.tsv beside the file (columns file, url, outlet, published, optional title)."""
    folder = path.parent
    if folder not in cache:
        table = folder / METADATA_FILE
        rows: dict[str, dict[str, str]] = {}
        try:
            if table.exists():
                with open(table, encoding="utf-8-sig", newline="") as handle:
                    for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                        if row.get("file"):
                            rows[row["file"]] = {k: (v or "").strip() for k, v in row.items() if k and isinstance(v, str)}
            cache[folder] = rows
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            cache[folder] = InputError(f"{table}: cannot read the metadata table ({error})")
    found = cache[folder]
    if isinstance(found, InputError):
        raise found
    return found.get(path.name, {})


def _iso_date(value: str) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` from an ISO 8601 date or date-time; None if it is not one."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        if month:
            return f"{year}-{month}" if 1 <= int(month) <= 12 else None
    except ValueError:
        return None
    return year


# --- the article -------------------------------------------------------------------------------


def prepare(article: Article, where: str | None = None) -> Article:
    """Find the body, title and dateline; metadata given with the article wins over what is guessed."""
    name = where or article.source
    if not article.text.strip():
        raise InputError(f"{name}: empty article (no text)")
    if len(article.text) > MAX_CHARS:
        raise InputError(
            f"{name}: {len(article.text):,} characters is over the limit of {MAX_CHARS:,} per article "
            "(the language model's maximum); split it into several articles"
        )
    published = article.published
    if published is not None:
        published = _iso_date(published)
        if published is None:
            raise InputError(f"{name}: published date {article.published!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
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
        published=published or (dateline.date if dateline else None) or parse_stamp_date(article.text, content),
        dateline=dateline.span if dateline else None,
    )
