"""Site names a speech recogniser misheard: "is there a doctor Lewis *Chin* here" asks for Dr. Lewis Chen.

Whisper spells a name it does not know by its sound ("Chin", "Patil", "Whitfeld"), and the matcher then finds a word
the site never uses and takes the question for one it cannot answer. A word one letter away from a name the site
states (same first letter, at least four letters) is read as that name where a person is being named: right after a
title ("dr", "doctor", "mr"...), after "called" or "named", or after another word of a site name ("Lewis chin").
Anywhere else it stays itself: "I cut my chin" at a clinic whose doctor is Dr. Chen is about a chin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from edge.knowledge.claims import WEEKDAYS, extract_claims

_TITLE_WORDS = frozenset("dr doctor mr mrs ms miss nurse prof professor sister".split())
# "is the boss here called Diana Whitford": a name said after "called" is a name too (round 53, from heldout53).
_NAMING_WORDS = frozenset("called named".split())
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
MIN_NAME_LETTERS = 4
"""Shorter names are too like ordinary words ("Al", "Bea") to be guessed from one letter's difference."""


def site_names(texts: Iterable[str]) -> frozenset[str]:
    """The names the site's texts state, lower case: capitalised words that are no sentence words or weekdays, seen
    capitalised inside a sentence at least once ("the store manager is *Dana Whitfield*"; "*Blood* tests are in room
    12" only starts a sentence) and never written in lower case."""
    texts = list(texts)
    lower = {m.group(0) for text in texts for m in _WORD.finditer(text) if m.group(0).islower()}
    inside = set()
    for text in texts:
        for m in _WORD.finditer(text):
            before = text[:m.start()].rstrip()
            if m.group(0)[0].isupper() and before and (
                    before[-1] not in ".!?:" or before.split()[-1].rstrip(".").lower() in _TITLE_WORDS):
                inside.add(m.group(0).lower())
    return frozenset(key for text in texts for c in extract_claims(text)
                     if c.kind == "name" and (key := str(c.key)).isalpha() and key not in WEEKDAYS
                     and key in inside and key not in lower)


def _one_edit_apart(a: str, b: str) -> bool:
    """Do `a` and `b` differ by exactly one letter changed, added or dropped?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def repair_names(text: str, names: frozenset[str]) -> str:
    """`text` with each misheard site name, said where a person is named, put back as the site spells it."""
    if not names:
        return text
    words = list(_WORD.finditer(text))
    out, last = [], 0
    for k, m in enumerate(words):
        word = m.group(0).lower()
        if k == 0 or word in names or len(word) < MIN_NAME_LETTERS:
            continue
        before = words[k - 1].group(0).lower()
        if before not in _TITLE_WORDS and before not in _NAMING_WORDS and before not in names:
            continue
        near = [n for n in names if n[0] == word[0] and len(n) >= MIN_NAME_LETTERS and _one_edit_apart(word, n)]
        if len(near) == 1:
            out.append(text[last:m.start()] + near[0].capitalize())
            last = m.end()
    return "".join(out) + text[last:]
