"""Telling page furniture from article text, line by line, keeping original offsets.

Pages copied from news sites carry menus, newsletter prompts, photo credits, author
bios and share buttons. They are recognised by the vocabulary of web pages, never by
anything specific to one site or article.
"""

from __future__ import annotations

import re

from kg.dateline import is_timestamp
from kg.names import NAME_PARTICLES
from kg.records import Span

_FURNITURE = re.compile(
    r"""^(?:
        (?:all|more|latest|top|related|most\ recent)\b.{0,30}(?:news|stories|topics|in\ \w+)
      | subscribe\b.* | sign\ up\b.* | .*\bnewsletter\b.* | .*\bdelivered\ (?:directly\ )?to\ your\ inbox\b.*
      | -?\s*advertisement\b.{0,40} | sponsored(?:\ content)? | skip\ to\ (?:main\ )?(?:content|navigation).*
      | .{0,40}\bback\ to\ home.{0,40} | reuse\ this\ content | click\ here\ to\ share\b.*
      | (?:also\ read|read\ also)(?=\W|[A-Z]).* | (?:read\ more|see\ also|related|watch|listen)\b.*
      | connect\ with\ us | follow\ us\b.* | share(?:\ this)?(?:\ (?:story|article))? | save(?:\ story)? | print
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
      | (?:share\ on\ )?(?:facebook|twitter|x|linkedin|e-?mail|whatsapp|telegram|reddit|flipboard|pinterest)
      | copy(?:\ link)? | link\ copied!? | share\d+ | (?:show|view|load|read)\ (?:all\ )?(?:\d+\ )?comments? | \d+\ comments?
      | scroll\ to\ continue\b.*
      | (?:(?:suggested\ )?topics|tags?|filed\ under|authors?|edited\ by)\s*:.*
      | (?:(?:additional\ )?reporting|writing|editing|compiled|translated)\ by\ [A-Z].*
      | .*\bcontributed\ (?:reporting|(?:to\ )?(?:this|the)\ (?:report|story))\b.*
      | .*\b(?:uses?|use\ of|accept(?:\ all)?)\ cookies\b.* | cookie\ settings
      | .*,\ opens\ new\ tab | follow\ (?:our|\S+'s)\ coverage\b.*
      | this\ article\ is\ (?:also\ )?available\ in\b.*
      | become\ a\ (?:member|subscriber|supporter)\b.* | .*\bplease\ consider\ supporting\ us\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Agency credits: "AP Photo/Czarek Sokolowski", "EPA/SERGEI CHIRIKOV", "REUTERS/ OLIVER BARTH".
_CREDIT = re.compile(r"(?:\b[A-Z]{2,}(?:\s+Photo)?\s*/\s*[A-Z][\w.-]*|©|\bPhoto:|\bFlickr\b|\bCC\s+BY)")
# A credit inside a caption line: "(Brett Dodge/U.S. Navy)", "(Russian Defense Ministry/EPA-EFE/Shutterstock)".
_INLINE_CREDIT = re.compile(
    r"\((?:[^()\n]{0,60}/){1,3}[^()\n]{0,40}\)|©[^\n]*$|\bRead (?:the )?full (?:article|story)(?: at \S+)?"
    r"|(?-i:\b(?:Photograph|Photo|Image|Picture|Illustration)(?: by)?: [^\n]{1,80}$)",  # "...Pokrovsk. Photograph: AFP"
    re.IGNORECASE | re.MULTILINE,
)
_TEASER_HEAD = re.compile(
    r"^(?:read more|read also|also read|related|related (?:stories|articles|coverage)|more on this|see also|recommended"
    r"|most (?:read|popular|viewed)|trending(?: now)?|you may also like|more from \S+(?: \S+)?|editor'?s picks"
    r"|(?:suggested )?topics|tags|filed under|(?:explore )?more on (?:this story|these topics|this topic))[:.]?$",
    re.I,
)
_BYLINE = re.compile(r"^by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\b", re.IGNORECASE)
# "Shaun Walker in Kyiv", "Daniel Boffey in Brussels and Jennifer Rankin", "Staff and agencies in Kyiv": the
# Guardian's byline names reporters and where they file from; without "By" it reads like a sentence's start.
_PARTICLE = "|".join(sorted(NAME_PARTICLES))
_BYLINE_NAME = rf"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|(?:{_PARTICLE})(?=\s+[A-Z]))){{1,4}}"
_BYLINE_PART = rf"(?:{_BYLINE_NAME}|[Ss]taff|[Aa]gencies)(?:\s+in\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,2}})?"
_PLACED_BYLINE = re.compile(rf"^{_BYLINE_PART}(?:(?:,\s+|,?\s+and\s+){_BYLINE_PART})*$")
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,3} is (?:a|an|the) (?:[\w-]+ ){0,4}"
    r"(?:reporter|correspondent|editor|writer|journalist|columnist|contributor)s?\b(?: (?:at|for|with|based in|covering)\b)?[^\n]{0,150}$"
)
_AUTHOR_BIO_HEAD = re.compile(r"^About\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}$")
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")
# "Home | World | Business": a line of menu items between separators.
_MENU_LINE = re.compile(r"^[^|·•]{1,30}(?:\s[|·•]\s[^|·•]{1,30}){2,}$")
_MENU_ITEM_WORDS = 3  # "World", "U.S. News", "Poll of Polls"
_MENU_RUN = 3  # so many menu items in a row, with only blank lines or furniture between, are a menu
_PARAGRAPH_WORDS = 15  # a line this long that ends a sentence is story text, not a teaser headline


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
    if _FURNITURE.match(line) or _MENU_LINE.match(line) or is_timestamp(line):
        return True
    short = len(line.split()) <= 12 and not _SENTENCE_END.search(line)
    if short and (_CREDIT.search(line) or _BYLINE.match(line)):
        return True
    return False


def content_spans(text: str) -> tuple[Span, ...]:
    """The article's lines, furniture left out; offsets into ``text`` as given."""
    kept: list[Span] = []
    for line in _without_author_bio(text, _without_menus(text, _story_lines(text))):
        kept.extend(_without_inline_credits(text, line))
    return tuple(kept)


def _is_placed_byline(line: str) -> bool:
    """ "Shaun Walker in Kyiv": reporters' names, each or the last with where they file from. Never the
    first line, which may be a headline of that shape ("Xi Jinping in Moscow")."""
    return " in " in line and len(line.split()) <= 16 and bool(_PLACED_BYLINE.match(line))


def _story_lines(text: str) -> list[Span]:
    """The lines that are not furniture, stripped."""
    kept: list[Span] = []
    bio_next = teaser = False
    for span in _lines(text):
        raw = text[span.begin : span.end]
        line = raw.strip()
        if not line:
            teaser = False
            continue
        if _TEASER_HEAD.match(line):
            teaser = True  # "Read more", "Tags:" head links elsewhere: skip them to the next blank line
            continue
        if teaser and not _is_paragraph(line):  # or to the story's next paragraph, when no blank line comes
            continue
        teaser = False
        if _AUTHOR_BIO_HEAD.match(line):
            bio_next = True  # "About Jane Doe" heads the author bio: skip it and its paragraph
            continue
        if bio_next or is_furniture(line) or kept and _is_placed_byline(line):
            bio_next = False
            continue
        lead = len(raw) - len(raw.lstrip())
        kept.append(Span(span.begin + lead, span.begin + lead + len(line)))
    return kept


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= _PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))


def _without_menus(text: str, lines: list[Span]) -> list[Span]:
    """The lines without runs of menu items ("World", "Business", "Markets", ...); a headline of a
    few words alone, a subheading between paragraphs, or a list after a sentence ending in a colon
    ("Taking part are:") is no run."""
    kept: list[Span] = []
    run: list[Span] = []
    for line in lines:
        if _is_menu_item(text[line.begin : line.end]):
            run.append(line)
            continue
        kept.extend(_unless_menu(text, run, kept))
        run = []
        kept.append(line)
    kept.extend(_unless_menu(text, run, kept))
    return kept


def _unless_menu(text: str, run: list[Span], before: list[Span]) -> list[Span]:
    listed = bool(before) and text[before[-1].begin : before[-1].end].endswith(":")
    return run if len(run) < _MENU_RUN or listed else []


def _is_menu_item(line: str) -> bool:
    return len(line.split()) <= _MENU_ITEM_WORDS and not _SENTENCE_END.search(line)


def _without_author_bio(text: str, lines: list[Span]) -> list[Span]:
    """The lines without the author's bio that ends a page ("Jane Doe is a news editor at the Kyiv
    Independent."), nor the name above it; only at the end, where a story does not end."""
    end = len(lines)
    if not end or not _AUTHOR_BIO.match(text[lines[-1].begin : lines[-1].end]):
        return lines
    end -= 1
    while end and _is_menu_item(text[lines[end - 1].begin : lines[end - 1].end]):
        end -= 1
    return lines[:end] if end else lines


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

