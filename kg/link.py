"""Linking entity names to Wikidata items of the offline knowledge base.

Precision first: a name links only when one candidate of a compatible type stands
clearly above the others. Candidates come from labels and aliases under
increasingly loose keys; ties are broken by the candidates' priors (how usual the
meaning is) and by how well their descriptions fit the article's other names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.kb import KBItem, KnowledgeBase
from kg.names import generation, given_name, variant_keys, without_titles

# Which KB kinds an entity of a given extracted type may link to. Organizations and
# places are metonyms of each other in news ("Moscow said", "the Kremlin"), so each
# accepts the other, at a cost.
_COMPATIBLE: dict[str, dict[str, float]] = {
    "person": {"person": 1.0},
    "organization": {"organization": 1.0, "place": 0.8},
    "place": {"place": 1.0, "organization": 0.8},
    "event": {"event": 1.0, "exercise": 0.9},
    "exercise": {"exercise": 1.0, "event": 0.9},
}
_KEY_STRICTNESS = (1.0, 0.95, 0.85)  # exact key, transliteration key, g->h key
MIN_CONFIDENCE = 0.6
MIN_MARGIN = 0.15
_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_NOT_CLAUSE = re.compile(r";?\s*NOT\b.*$", re.DOTALL)
_STOPWORDS = frozenset(
    "the of and in on a an for to from by with since former class item city country state".split()
)


def _another_person(full_name: str, item: KBItem) -> bool:
    """A full name that the item's names do not give: another given name ("Melania Trump", "Hunter Biden"
    are not Q22686, Q6279) or generation ("Donald Trump Jr."). Decided only where the item has a full name."""
    keys = set(variant_keys(full_name))
    if any(keys & set(variant_keys(n)) for n in item.names):
        return False
    given = set(variant_keys(given_name(full_name) or ""))
    item_given = {k for n in item.names if given_name(n) for k in variant_keys(given_name(n) or "")}
    if item_given and not given & item_given:
        return True
    return generation(full_name) is not None and not any(generation(n) for n in item.names)


@dataclass(frozen=True)
class Link:
    qid: str
    confidence: float


class Linker:
    """Links names to KB items; built once per run, shared by every article."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._index: dict[str, list[tuple[KBItem, int]]] = defaultdict(list)
        self._context_words: dict[str, frozenset[str]] = {}
        self._article_words: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset())
        for item in kb:
            if not item.linkable:
                continue
            for name in item.names:
                for level, key in enumerate(variant_keys(name)):
                    self._index[key].append((item, level))
            description = _NOT_CLAUSE.sub("", item.description)
            self._context_words[item.qid] = frozenset(
                w.casefold() for w in _WORD.findall(description) if w.casefold() not in _STOPWORDS
            )

    def candidates(self, name: str) -> list[tuple[KBItem, float]]:
        """KB items one of whose names matches ``name``, each with its best key strictness.

        Short forms match only where the KB states them ("UN", "CSTO"): initials derived from names
        are mostly other things ("RAF" is not the Russian Armed Forces, "N.M." not North Macedonia,
        and "US Navy" would make "UN" tie with the United Nations). An article's own "(AFU)" after
        the long form is joined to it by the entity merger, not here.
        """
        best: dict[str, tuple[KBItem, float]] = {}
        for level, key in enumerate(variant_keys(name)):
            for item, item_level in self._index.get(key, ()):
                strictness = _KEY_STRICTNESS[max(level, item_level)]
                if item.qid not in best or best[item.qid][1] < strictness:
                    best[item.qid] = (item, strictness)
        return list(best.values())

    def _words_of(self, context: tuple[str, ...]) -> frozenset[str]:
        """The words of the context's texts; every entity of an article is linked with the same context."""
        cached = self._article_words  # one read, so that threads sharing the linker never mix two contexts
        if cached[0] != context:
            cached = (context, frozenset(w.casefold() for text in context for w in _WORD.findall(text)))
            self._article_words = cached
        return cached[1]

    def link(self, names: Iterable[str], kind: str, context: Iterable[str] = ()) -> Link | None:
        """The item that the names (the forms of one entity) denote, or None when unsure."""
        context_words = self._words_of(tuple(context))
        names = list(names)
        full_names = [n for n in names if given_name(n)] if kind == "person" else []
        names += [bare for bare in map(without_titles, full_names) if bare not in names]  # "Daw Aung San Suu Kyi"
        scores: dict[str, float] = {}
        for name in names:
            for item, strictness in self.candidates(name):
                compatibility = _COMPATIBLE.get(kind, {}).get(item.kind, 0.0)
                if not compatibility:
                    continue
                if " " not in name and any(_another_person(full, item) for full in full_names):
                    continue  # "Melania Trump … Trump": the surname is the KB's alias of Donald Trump
                fit = len(self._context_words.get(item.qid, frozenset()) & context_words)
                score = strictness * compatibility * item.prior * (1.0 + 0.05 * min(fit, 4))
                scores[item.qid] = max(scores.get(item.qid, 0.0), score)
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        qid, top = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = min(1.0, top) * (1.0 - runner_up / max(top, 1e-9) * 0.5)
        if confidence < MIN_CONFIDENCE or (runner_up and top - runner_up < MIN_MARGIN):
            return None
        return Link(qid, round(confidence, 3))
