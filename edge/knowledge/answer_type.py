"""What kind of fact a question asks for, so a unit that cannot hold that kind of answer is not chosen for it.

"who can i call when the clinic is closed" is close, in words and in meaning, to the clinic's opening hours; but
a "who ... call" question wants a phone number or a name, and the opening hours hold only times. The question's
wh-words say which claim kinds (claims.py) an answer must contain; `None` means the question does not say
(where, yes/no and most others), and then every unit is a candidate.
"""

from __future__ import annotations

import re

from edge.knowledge.claims import WEEKDAYS, extract_claims

# (pattern on the lower-cased question, claim kinds of which an answer must hold at least one), first match wins.
_RULES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), frozenset(kinds.split())) for pattern, kinds in (
        (r"\b(?:who|whom)\b.*\b(?:call|ring|phone|contact)\b|\b(?:phone|telephone) number\b", "phone name"),
        (r"\bwho(?:'s| is| are)?\b", "name"),
        (r"\bhow much\b|\bwhat (?:does|do|will) (?:it|that|this) cost\b|\bprice of\b", "price number"),
        (r"\bwhat time\b|\bwhat time's\b|\bhow late\b|\bhow early\b|\b(?:until|till|by) when\b|\bwhen\b",
         "time number"),
    ))


def wanted_kinds(question: str) -> frozenset[str] | None:
    """The claim kinds an answer to `question` must contain (at least one of), or None when any answer may do."""
    text = question.lower().replace("’", "'")
    for pattern, kinds in _RULES:
        if pattern.search(text):
            return kinds
    return None


def kinds_in(text: str, site_name: str = "") -> frozenset[str]:
    """The claim kinds `text` holds ("time", "price", "phone", "name", ...); a place counts as a number too.

    Weekdays and the words of the site's own name are not names here: "Riverside Family Clinic is open on Monday"
    does not answer "who ...".
    """
    not_names = set(WEEKDAYS) | set(site_name.lower().split())
    kinds = {c.kind for c in extract_claims(text) if not (c.kind == "name" and str(c.key) in not_names)}
    if "place" in kinds:
        kinds.add("number")
    return frozenset(kinds)
