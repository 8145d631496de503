"""The grounding guard: a reply fragment may state only what the site knowledge or the user already said.

A tiny LLM grounded in a prompt still invents phone numbers and prices (MODELS.md). Before a fragment is spoken,
every time, price, phone number, other number and name in it (see claims.py for how they are found and
normalised) must be supported by the site's facts and answers, or by the user's own words. A fragment with an
unsupported claim is not spoken. Matching is by value, not by spelling, so "9am" is supported by "9:00 a.m.".
A span of time ("from 8:00 a.m. to 12:00 p.m.") must be one the site states as a span: both ends can be site
times ("Monday to Friday from 8:00 a.m. to 6:00 p.m., and Saturday from 9:00 a.m. to 12:00 p.m.") and the span
still be false.

Known limit: a claim the user made is accepted ("Do you close at 10?" -> "Yes, we close at 10"), as the issue
asks, so the LLM can still agree with a wrong premise; the evaluation counts such replies with the user's words
left out of the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edge.knowledge.claims import Claim, content_stems, expanded_words, extract_claims, time_ranges
from edge.knowledge.lexical import SYNONYMS
from edge.knowledge.site import SiteKnowledge


@dataclass(frozen=True)
class GuardVerdict:
    """Whether a fragment may be spoken."""

    ok: bool
    """True when every claim in the fragment is supported."""
    unsupported: tuple[str, ...] = ()
    """The claims that are not, as written in the fragment (for the turn log)."""


Span = tuple[set[tuple[int, int]], set[tuple[int, int]]]
"""A span of time as the 24-hour clock times its start and its end can mean."""


def _span(start: Claim, end: Claim) -> Span:
    return _hours_24(*start.key), _hours_24(*end.key)  # type: ignore[misc]


def _spans(texts: tuple[str, ...] | list[str]) -> list[Span]:
    return [_span(start, end) for text in texts for start, end in time_ranges(text)]


def _hours_24(hour: int, minute: int, meridiem: str | None) -> set[tuple[int, int]]:
    """The 24-hour clock times a spoken time can mean ("9:00" without a.m./p.m. means 09:00 or 21:00)."""
    if hour > 12 or meridiem is None and hour == 0:
        return {(hour % 24, minute)}
    if meridiem == "a":
        return {(hour % 12, minute)}
    if meridiem == "p":
        return {(hour % 12 + 12, minute)}
    return {(hour % 12, minute), (hour % 12 + 12, minute)}


@dataclass
class Evidence:
    """The normalised values a text supports."""

    times: set[tuple[int, int]] = field(default_factory=set)
    prices: set[float] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    places: set[tuple[str, float]] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    text: str = ""

    @classmethod
    def of(cls, texts: tuple[str, ...] | list[str], *, lenient_prices: bool = False) -> "Evidence":
        """Evidence from `texts`. `lenient_prices`: any number counts as a price (people say "is it fifteen?")."""
        ev = cls(text=" ".join(texts).lower())
        for text in texts:
            ev.words |= expanded_words(text)
            ev.stems |= set(content_stems(text))
            for claim in extract_claims(text):
                ev._add(claim)
        if lenient_prices:
            ev.prices |= ev.numbers
        return ev

    def _add(self, claim: Claim) -> None:
        if claim.kind == "time":
            hour, minute, meridiem = claim.key  # type: ignore[misc]
            both = _hours_24(hour, minute, meridiem)
            self.times |= both
            # "open at 9" is supported by "9:00 a.m."; so is "30 minutes past" by ":30".
            self.numbers |= {float(hour)} | {float(h) for h, _ in both} | ({float(minute)} if minute else set())
        elif claim.kind == "price":
            self.prices.add(float(claim.key))  # type: ignore[arg-type]
            self.numbers.add(float(claim.key))  # type: ignore[arg-type]
        elif claim.kind == "number":
            self.numbers.add(float(claim.key))  # type: ignore[arg-type]
        elif claim.kind == "place":
            self.places.add(claim.key)  # type: ignore[arg-type]
            self.numbers.add(claim.key[1])  # type: ignore[index]
        elif claim.kind == "phone":
            digits = str(claim.key)
            self.phones.add(digits)
            # A fragment cut mid-number ("call 555," | "014 2290") still finds its parts.
            self.numbers |= {float(digits[:3]), float(digits[3:6]), float(digits[6:])}

    def supports(self, claim: Claim) -> bool:
        kind, key = claim.kind, claim.key
        if kind == "time":
            return bool(_hours_24(*key) & self.times)  # type: ignore[misc]
        if kind == "price":
            return round(float(key), 2) in self.prices  # type: ignore[arg-type]
        if kind == "number":
            return float(key) in self.numbers  # type: ignore[arg-type]
        if kind == "place":
            return key in self.places
        if kind == "phone":
            return any(p.endswith(str(key)) or str(key).endswith(p) for p in self.phones if len(p) >= 7)
        if kind == "name":
            return str(key) in self.words
        return str(key) in self.text  # contact: e-mail or web address, verbatim


class GroundingGuard:
    """Checks reply fragments against one site's knowledge (rebuild it when the site is reloaded).

    Two checks. Claims: every time, price, number, phone number and name must be supported (see module doc).
    Words: a reply that invents a service ("the hotel has a spa with massages") carries no number or name, so the
    content words of the reply so far must also mostly come from the site knowledge: at least `min_word_support`
    of them, once there are `MIN_CONTENT_WORDS` to judge by. The user's words do not count here, or repeating the
    question ("yes, we have a spa") would pass.
    """

    MIN_CONTENT_WORDS = 2

    def __init__(self, site: SiteKnowledge, *, min_word_support: float = 0.7) -> None:
        self.site = site
        self.min_word_support = min_word_support
        self._site_evidence = Evidence.of(site.texts)
        self._site_spans = _spans(site.texts)
        # A word the site says in other words ("rent" for "hire", "loo" for "toilet": lexical.SYNONYMS and the
        # site's own `synonyms:`) is not an invented service: the LLM often answers in the visitor's words.
        groups: dict[str, set[str]] = {}
        for word, meant in {**SYNONYMS, **site.synonyms}.items():
            groups.setdefault(meant, set(content_stems(meant))).update(content_stems(word))
        for group in groups.values():
            if group & self._site_evidence.stems:
                self._site_evidence.stems |= group
        self._user_cache: tuple[str, Evidence, list[Span]] = ("", Evidence(), [])

    def _user_evidence(self, user_text: str) -> tuple[Evidence, list[Span]]:
        # A turn checks many fragments against the same user words: extract them once.
        if self._user_cache[0] != user_text:
            self._user_cache = (user_text, Evidence.of([user_text], lenient_prices=True), _spans([user_text]))
        return self._user_cache[1], self._user_cache[2]

    def check(self, fragment: str, user_text: str = "", said_before: str = "", *,
              complete: bool = False) -> GuardVerdict:
        """May `fragment` be spoken in reply to `user_text`, after `said_before` (this reply's earlier fragments)?

        `complete`: the reply so far is a whole sentence, so it must also state something the site knows (a
        supported claim or content word): "The answer is yes." to a question the facts do not cover is not
        spoken. Cost: a fraction of a millisecond (benchmarks/knowledge.py measures it).
        """
        user, user_spans = self._user_evidence(user_text) if user_text else (None, [])
        claims = extract_claims(fragment)
        unsupported = [c.surface.strip() for c in claims
                       if not self._site_evidence.supports(c) and not (user and user.supports(c))]
        for start, end in time_ranges(fragment):
            said = _span(start, end)
            if not any(said[0] & a and said[1] & b for a, b in [*self._site_spans, *user_spans]):
                unsupported.append(f"span:{start.surface.strip()} to {end.surface.strip()}")
        stems = content_stems(f"{said_before} {fragment}")
        known = [s for s in stems if s in self._site_evidence.stems]
        if len(stems) >= self.MIN_CONTENT_WORDS and len(known) < self.min_word_support * len(stems):
            unsupported.extend(f"word:{s}" for s in dict.fromkeys(stems) if s not in self._site_evidence.stems)
        if complete and not known and not (claims and not unsupported):
            unsupported.append("nothing the site knows")
        return GuardVerdict(ok=not unsupported, unsupported=tuple(unsupported))
