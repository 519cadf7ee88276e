"""Name normalisation shared by entity merging and Wikidata linking.

News writes the same name many ways: "the U.S." and "US", "Sergei" and "Sergey",
"NATO’s" and "NATO", "Kiev" and "Kyiv". ``name_key`` maps such variants to one key;
``variant_keys`` adds looser transliteration keys the linker may try after exact ones;
``spelling_key`` is the key of an unlinked entity's IRI. Keys only: a label is always a
spelling an article used.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"(?:'s|s')$")
# The small words inside a name, written lower case: "Ursula von der Leyen", "Mohammed bin Salman".
NAME_PARTICLES = frozenset("von van de der den da di du del della dos das la le bin ibn al el ter ten".split())
# Words written before a person's name that are not part of it: honorifics, ranks, styles and the
# commonest titles ("Mr Fletcher", "Commodore Jay Tarriela", "Sheikh Tamim", "President Lai").
PERSONAL_TITLES = frozenset(
    """mr mrs ms miss dr sir dame lord lady daw sheikh emir sultan king queen prince princess pope cardinal
    bishop archbishop imam rabbi ayatollah father judge justice speaker professor commodore captain
    sergeant corporal private marshal brigadier general colonel lieutenant major admiral commander
    president premier minister chancellor secretary governor senator ambassador envoy chief leader
    prime supreme former acting deputy vice""".split()
)
_GENERATION_SUFFIXES = frozenset("jr sr ii iii iv".split())
_LEADING_ARTICLE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"[\s-]+")

# Romanisations of Russian and Ukrainian names that news agencies mix freely.
# Each rule rewrites a spelling to one canonical spelling; applied to word endings
# and letter groups, never to whole names.
_TRANSLIT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ks"), "x"),  # Aleksandr -> Alexandr
    (re.compile(r"(?<=[a-z])(?:ei|ej)\b"), "ey"),  # Sergei -> Sergey
    (re.compile(r"(?<=[a-z])(?:iy|yy|ii|yi)\b"), "y"),  # Rudskoy/Rudskoi, Zelenskyy -> Zelensky
    (re.compile(r"(?<=[a-z])oi\b"), "oy"),
    (re.compile(r"alexandr\b"), "alexander"),
    (re.compile(r"kh"), "h"),
)


# The rules that only tell equally good romanisations of a name ending apart (Sergei/Sergey,
# Rudskoi/Rudskoy, Alexandr/Alexander): an unlinked entity's IRI is made with them, so that articles
# spelling a name either way name one entity. Never applied to a label: "Wang Wei" and "Hanoi" keep
# their spelling (and share a key with the rare "Wang Wey" or "Hanoy", which is all the rules cost).
_SPELLING_RULES = tuple(rule for rule in _TRANSLIT_RULES if rule[1] in ("ey", "oy", "alexander"))


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_surface(text: str) -> str:
    """The name as a label: leading article and possessive removed, spaces collapsed."""
    text = " ".join(text.translate(_APOSTROPHES).split())
    text = _LEADING_ARTICLE.sub("", text)
    return _POSSESSIVE.sub("", text).strip(" ,.;:")


@lru_cache(maxsize=8192)  # the same few names recur in every article of a run
def name_key(text: str) -> str:
    """An exact-match key: case, diacritics, punctuation, "the" and possessives ignored."""
    text = strip_diacritics(clean_surface(text)).casefold()
    text = text.replace(".", "")  # U.S. -> us
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def translit_key(text: str) -> str:
    """A looser key that also merges transliteration variants (Sergei/Sergey, Aleksandr/Alexander)."""
    key = name_key(text)
    for pattern, replacement in _TRANSLIT_RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=8192)
def spelling_key(text: str) -> str:
    """The key an unlinked entity's IRI is made from: ``name_key`` with romanised endings merged.

    Stricter than ``translit_key`` (no ks/x, kh/h or Zelenskyy/Zelensky), so that IRIs keep the
    name's own letters: ``spelling_key("Sergei Lavrov") == "sergey lavrov"``.
    """
    key = name_key(text)
    for pattern, replacement in _SPELLING_RULES:
        key = pattern.sub(replacement, key)
    return key


def preferred_spelling(counts: Mapping[str, int]) -> str:
    """The spelling used most; among equally used ones a mixed-case one before capitals ("Tokyo", not the
    dateline's "TOKYO"), then the first in code-point order, so that the choice does not depend on the
    order the spellings were met in."""
    return min(counts, key=lambda spelling: (-counts[spelling], spelling.isupper(), spelling))


def variant_keys(text: str) -> tuple[str, ...]:
    """Keys to look a name up by, strictest first (Ukrainian h for Russian g is the loosest)."""
    keys = [name_key(text), translit_key(text)]
    if "g" in keys[-1]:
        keys.append(keys[-1].replace("g", "h"))  # Lugansk -> Luhansk
    return tuple(dict.fromkeys(k for k in keys if k))


def slug(text: str) -> str:
    """An IRI-safe slug of a name: ASCII letters, digits and hyphens."""
    key = name_key(text)
    ascii_key = key.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_key).strip("-") or "x"


def acronym(text: str) -> str:
    """Initials of the capitalised words: "North Atlantic Treaty Organization" -> "NATO"."""
    words = [w for w in re.split(r"[\s-]+", clean_surface(text)) if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Country adjective (name key) -> country name, from ``kg/data/demonyms.tsv``; read once per process."""
    text = resources.files("kg.data").joinpath("demonyms.tsv").read_text(encoding="utf-8")
    return {name_key(row["demonym"]): row["country"] for row in csv.DictReader(text.splitlines(), delimiter="\t")}


def without_titles(name: str) -> str:
    """A person's name without the titles before it ("Daw Aung San Suu Kyi" -> "Aung San Suu Kyi"); a
    name that would be left with one word is kept whole ("Mr Trump" is no name of Donald Trump's)."""
    words = name.split()
    start = 0
    while start < len(words) - 2 and words[start].rstrip(".").casefold() in PERSONAL_TITLES:
        start += 1
    return " ".join(words[start:])


def given_name(name: str) -> str | None:
    """The first word of a full name after any title ("Ali" of "Ayatollah Ali Khamenei"), or None for one word."""
    words = [w for w in name.replace(".", " ").split() if w]
    while words and words[0].casefold() in PERSONAL_TITLES:
        words = words[1:]
    return words[0] if len(words) >= 2 else None


def generation(name: str) -> str | None:
    """ "Jr" of "Donald Trump Jr.": the suffix telling a son from his father, if any."""
    words = name.replace(".", " ").replace(",", " ").split()
    return words[-1].casefold() if len(words) >= 3 and words[-1].casefold() in _GENERATION_SUFFIXES else None
