"""Finding the few tokens a rule looks at without visiting every token of the Doc.

Reading ``token.lemma_`` of every token makes a Python object per word; a Doc column is
one C array, and an article holds only a few hundred distinct strings to test.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token


def tokens_where(doc: Doc, attr: int, keep: Callable[[str], bool]) -> list[Token]:
    """The tokens, in order, whose string for ``attr`` (``spacy.attrs.LEMMA``, ``LOWER``, …) passes ``keep``."""
    column = doc.to_array(attr).tolist()
    strings = doc.vocab.strings
    wanted = {value for value in set(column) if keep(strings[value])}
    return [doc[i] for i, value in enumerate(column) if value in wanted]
