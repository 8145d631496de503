"""Asking back instead of giving up: "Are you asking about the swimming pool?", and reading the visitor's reply.

When no piece of site knowledge answers a question with confidence, the best-ranked one is still usually the right
one: over the 16 used question sets it held the key fact for 4 in 5 of the questions the kiosk could not answer.
What no score tells apart is those from the questions the site cannot answer at all (matcher scores of the two
overlap). The visitor can: the kiosk names the topic, states nothing, and speaks the answer only after a yes (also
one that goes on about the topic: "yes, where is it?"). A no gets the honest fallback, and anything else is taken
as a new question.

A topic is what a unit is about, said as a noun phrase: an entry's `topic` (or its id in words), or for a fact the
words before its verb ("The swimming pool is on the 4th floor..." -> "the swimming pool"). A fact whose topic
cannot be found that way (an imperative, "Please bring photo ID...") is never offered.
"""

from __future__ import annotations

import re
from typing import Literal

from edge.knowledge.site import Entry

# The verbs a fact sentence states its subject with (site facts are plain present-tense statements).
_VERB = re.compile(
    r"\b(?:is|are|was|were|isn't|aren't|(?<!\ba )(?<!\bthe )can|can't|cannot|could|should|must|will|may|might|"
    r"need|needs|has|have|"
    r"costs?|starts?|ends?|begins?|leaves?|opens?|closes?|serves?|takes?|accepts?|applies|apply|includes?|"
    r"requires?|runs?|stays?|gets?|goes|offers?|sells?|lasts?|does|do|don't|doesn't)\b",
    re.IGNORECASE)
_PREPOSITION_LEAD = re.compile(r"^(?:for|in|on|at|during|before|after|outside|inside|with|without)\s+",
                               re.IGNORECASE)
_IMPERATIVE = re.compile(r"^(?:please\s+)?(?:do|don't|call|dial|ask|bring|go|come|press|use|see|tell|take|"
                         r"remember|note|visit|contact|phone|ring|email|wait|keep|leave)\b", re.IGNORECASE)
_THERE_IS = re.compile(r"^there(?:\s+is|\s+are|'s|'re)\s+", re.IGNORECASE)
_TO_VERB = re.compile(r"^to\s+(\w+)\s+(.+?),\s*", re.IGNORECASE)
_LOCATIVE = re.compile(r"\s+(?:in|on|at|next|behind|beside|by|near|opposite|inside|outside|through|under)\b.*$",
                       re.IGNORECASE)
_SUCH_AS = re.compile(r",?\s+(?:such as|including|like)\b.*$", re.IGNORECASE)

_PEOPLE = frozenset("you we i they patients guests customers visitors staff everyone items things it this that"
                    .split())
"""Subjects that name no topic: "Patients should check in...", "Items can be returned..." say what is done."""
_CLAIM_TAIL = re.compile(r"\s+(?:by|until|till|within|without|under|over|from|for|after|before|at|in|of)\s+[^,]*\d.*$",
                         re.IGNORECASE)
"""A qualifier holding a number ("laundry handed in by 9:00 a.m."): an offer names a topic and states no fact."""

MAX_TOPIC_WORDS = 10
"""A longer "topic" is a sentence the rule misread; such a fact is not offered."""


def entry_topic(entry: Entry) -> str:
    """The entry's `topic`, or its id in words ("opening_hours" -> "opening hours")."""
    return entry.topic.strip() or entry.id.replace("_", " ")


def topic_of(entry: Entry | None, fact: str) -> str | None:
    """What the kiosk names when it offers a unit: the entry's topic, or else its fact's subject."""
    return entry_topic(entry) if entry is not None else fact_topic(fact)


def fact_topic(fact: str) -> str | None:
    """What a fact sentence is about, as a noun phrase, or None when the sentence does not say it plainly."""
    # The first statement: up to a semicolon or a full stop before a new sentence (not the one of "p.m.").
    clause = re.split(r";|\.\s+(?=[A-Z])", fact.strip(), maxsplit=1)[0].strip().rstrip(".")
    if to_verb := _TO_VERB.match(clause):
        # "To reach the front desk from your room, dial 0." -> "how to reach the front desk from your room"
        return _tidy(f"how to {to_verb.group(1)} {to_verb.group(2)}")
    if _PREPOSITION_LEAD.match(clause) and "," in clause:
        lead, rest = (part.strip() for part in clause.split(",", 1))
        if _IMPERATIVE.match(rest):
            # "For a fasting blood test, do not eat..." -> "a fasting blood test"; "In an emergency, call 911."
            return _tidy(_PREPOSITION_LEAD.sub("", lead))
        clause = rest  # "Outside opening hours, the nurse advice line is ..." -> its subject
    if _IMPERATIVE.match(clause):
        return None
    if there := _THERE_IS.match(clause):
        # "There is an ATM in the lobby next to the lifts." -> "an ATM"
        return _tidy(_LOCATIVE.sub("", clause[there.end():]))
    verb = _VERB.search(clause)
    if verb is None or verb.start() == 0:
        return None
    subject = clause[:verb.start()]
    if subject.strip().lower() in _PEOPLE:
        return None
    return _tidy(subject)


def _tidy(phrase: str) -> str | None:
    phrase = _CLAIM_TAIL.sub("", _SUCH_AS.sub("", phrase)).strip(" ,")
    words = phrase.split()
    if len(words) > 1 and words[-1].endswith("ed"):
        words.pop()  # "laundry handed (in by 9:00 a.m.)" -> "laundry"
    if not words or len(words) > MAX_TOPIC_WORDS:
        return None
    first = words[0]
    # "The gym" -> "the gym", "Breakfast" -> "breakfast"; a name ("Harbour Hardware") or "ATM" stays as written.
    is_name = len(words) > 1 and words[1][:1].isupper() or first.isupper() and len(first) > 1
    if not is_name or first in ("The", "A", "An"):
        words[0] = first[:1].lower() + first[1:]
    return " ".join(words)


_FILLER = r"(?:oh|um+|uh+|er+|erm|well|ah|so|okay|ok)"
_YES_CORE = (r"(?:yes|yeah|yea|yep|yup|ya|aye|sure|correct|right|exactly|definitely|absolutely|indeed|please|"
             r"uh[- ]?huh|mm[- ]?hmm|that'?s (?:it|right|correct|the one|what i (?:meant|mean|want|wanted|asked))|"
             r"i (?:am|was|do|did)|it is|that is|you got it|spot on|go on|go ahead|tell me)")
_NO_CORE = (r"(?:no|nope|nah|not really|not quite|not exactly|wrong|incorrect|neither|"
            r"that'?s not (?:it|right|what i (?:meant|mean|asked|want|wanted))|not that|i'?m not|i wasn'?t|"
            r"no thanks?|no thank you)")
_TAIL = r"(?:please|thanks|thank you|then|mate|love|sir|madam|ma'?am)"
_YES = re.compile(rf"^(?:{_FILLER} )*{_YES_CORE}(?: {_YES_CORE}| {_TAIL}| {_FILLER})*$")
_NO = re.compile(rf"^(?:{_FILLER} )*{_NO_CORE}(?: {_NO_CORE}| {_TAIL}| {_FILLER})*$")
_NO_THEN = re.compile(rf"^(?:{_FILLER} )*(?:no|nope|nah|not that|not really)\b,?\s*(?:i meant|i mean|i'?m asking "
                      rf"(?:about)?|i was asking(?: about)?|what about|actually)?\s*", re.IGNORECASE)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z' -]+", " ", text.lower().replace("’", "'")).replace("-", " ").split())


def reply_to_offer(text: str) -> Literal["yes", "no"] | None:
    """Is `text` a plain yes or a plain no to "Are you asking about ...?" None: it says more than that."""
    words = _words(text)
    if _YES.match(words):
        return "yes"
    if _NO.match(words):
        return "no"
    return None


_YES_THEN = re.compile(rf"^(?:{_FILLER} )*(?:yes|yeah|yea|yep|yup|sure|right|correct|exactly)(?: please)? (?=\S)")


def after_yes(text: str) -> str | None:
    """What follows a leading yes ("Yes, where is it?" -> "where is it"); None when it does not open with one."""
    words = _words(text)
    match = _YES_THEN.match(words)
    return words[match.end():] if match else None


def after_no(text: str) -> str:
    """What follows a leading no ("No, I meant the pool" -> "the pool"); the text itself when it has none."""
    match = _NO_THEN.match(text.strip())
    return text.strip()[match.end():] if match and match.end() else text.strip()
