"""Telling page furniture from article text, line by line, keeping original offsets.

Pages copied from news sites carry menus, newsletter prompts, photo credits, author
bios and share buttons. They are recognised by the vocabulary of web pages, never by
anything specific to one site or article.
"""

from __future__ import annotations

import re

from kg.records import Span

_FURNITURE = re.compile(
    r"""^(?:
        (?:all|more|latest|top|related|most\ recent)\b.{0,30}(?:news|stories|topics|in\ \w+)
      | subscribe\b.* | sign\ up\b.* | .*\bnewsletter\b.* | .*\bdelivered\ (?:directly\ )?to\ your\ inbox\b.*
      | -?\s*advertisement\s*-? | sponsored(?:\ content)? | skip\ to\ (?:main\ )?content
      | (?:also\ read|read\ also)(?=\W|[A-Z]).* | (?:read\ more|see\ also|related|watch|listen)\b.*
      | connect\ with\ us | follow\ us\b.* | share(?:\ this)?(?:\ (?:story|article))? | save\ story | print
      | to\ top | back\ to\ top | good\ news | photos? | video | \d+\ photos?
      | estimated\ read\ time\b.* | leer\ en\ español
      | copyright\b.* | ©.* | .*\ball\ rights\ reserved\b.*
      | .*\b(?:terms\ of\ use|privacy\ policy|cookie\ policy)\b.*
      | this\ (?:archived\ )?(?:news\ )?story\ (?:is\ available|has\ been\ corrected)\b.*
      | information\ in\ the\ story\ may\ be\ outdated\b.*
      | an\ official\ website\ of\ the\b.* | here'?s\ how\ you\ know | official\ websites\ use\b.*
      | .*\.gov\ website.* | secure\ \.gov\b.* | a\ lock\b.*https.*
      | (?:image|photo|picture|credit|source|virin|featured\ image)\s*:.*
      | \[(?:featured\ image|photo|image)\b.*\]
      | stay\ in\ the\ know | by\ subscribing\b.* | _{3,} | [-=*]{3,}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Agency credits: "AP Photo/Czarek Sokolowski", "EPA/SERGEI CHIRIKOV", "REUTERS/ OLIVER BARTH".
_CREDIT = re.compile(r"(?:\b[A-Z]{2,}(?:\s+Photo)?\s*/\s*[A-Z][\w.-]*|©|\bPhoto:|\bFlickr\b|\bCC\s+BY)")
# A credit inside a caption line: "(Brett Dodge/U.S. Navy)", "(Russian Defense Ministry/EPA-EFE/Shutterstock)".
_INLINE_CREDIT = re.compile(
    r"\((?:[^()\n]{0,60}/){1,3}[^()\n]{0,40}\)|©[^\n]*$|\bRead (?:the )?full (?:article|story)(?: at \S+)?",
    re.IGNORECASE | re.MULTILINE,
)
_TEASER_HEAD = re.compile(r"^(?:read more|read also|also read|related|related stories|more on this|see also)[:.]?$", re.I)
_BYLINE = re.compile(r"^by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\b", re.IGNORECASE)
_AUTHOR_BIO_HEAD = re.compile(r"^About\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}$")
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")


def _lines(text: str) -> list[Span]:
    spans, begin = [], 0
    for line in text.splitlines(keepends=True):
        end = begin + len(line.rstrip("\r\n"))
        spans.append(Span(begin, end))
        begin += len(line)
    return spans


def is_furniture(line: str) -> bool:
    """Whether one line (stripped) is page furniture rather than article text."""
    if not line:
        return False
    if _FURNITURE.match(line):
        return True
    short = len(line.split()) <= 12 and not _SENTENCE_END.search(line)
    if short and (_CREDIT.search(line) or _BYLINE.match(line)):
        return True
    return False


def content_spans(text: str) -> tuple[Span, ...]:
    """The article's lines, furniture left out; offsets into ``text`` as given."""
    kept: list[Span] = []
    bio_next = teaser = False
    for span in _lines(text):
        raw = text[span.begin : span.end]
        line = raw.strip()
        if not line:
            teaser = False
            continue
        if _TEASER_HEAD.match(line):
            teaser = True  # "Read more" heads a teaser for another story: skip it to the next blank line
            continue
        if teaser:
            continue
        if _AUTHOR_BIO_HEAD.match(line):
            bio_next = True  # "About Jane Doe" heads the author bio: skip it and its paragraph
            continue
        if bio_next or is_furniture(line):
            bio_next = False
            continue
        lead = len(raw) - len(raw.lstrip())
        kept.extend(_without_inline_credits(text, Span(span.begin + lead, span.begin + lead + len(line))))
    return tuple(kept)


def _without_inline_credits(text: str, line: Span) -> list[Span]:
    """The line with photo credits cut out; the pieces keep their original offsets."""
    pieces, begin = [], line.begin
    for match in _INLINE_CREDIT.finditer(text, line.begin, line.end):
        if match.start() > begin and text[begin : match.start()].strip():
            pieces.append(Span(begin, match.start()))
        begin = match.end()
    if begin < line.end and text[begin : line.end].strip():
        pieces.append(Span(begin, line.end))
    return pieces

