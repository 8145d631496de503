"""Finds the checkable claims in a piece of text: times, prices, phone numbers, other numbers and names.

These are the things a tiny LLM invents (MODELS.md: a made-up phone number) and the things a kiosk must never get
wrong. Spellings are normalised so one fact matches however it is written or spoken:

- times: "9am" == "9 a.m." == "9:00 AM" == "nine a.m." == "9 in the morning" -> 09:00. "noon" is 12:00,
  "midnight" 00:00. A time without a.m./p.m. ("9:00", "nine o'clock") stands for both 09:00 and 21:00.
- prices: "$4.50" == "4.50 dollars" == "4 dollars 50"; "50 cents" == "$0.50".
- phone numbers: only the digits count, so "555-014-2290" == "(555) 014 2290" == "555.014.2290".
- numbers: digits or words ("nine", "twenty-five", "4th", "fourth"). "one" and "first" are not counted: they are
  far more often a pronoun ("the one by the door") or a discourse word ("first, ...") than a fact.
- names: capitalised words that are not common sentence words ("Dana", "Sorrel", "Paris"), compared in lower
  case; weekday names too, with ranges ("Monday to Friday", "weekdays") expanded so "open on Tuesday" is
  supported by "open Monday to Saturday".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)} | _TENS
# Words that are numbers but too often mean something else to count as a claim, unless they label a place
# ("first floor").
_SOFT_NUMBER_WORDS = frozenset({"one", "first"})
# Words that make a number a place: "aisle 4" is only supported by "aisle 4", not by any 4 in the facts.
LABELS = frozenset("aisle room floor level gate bay door suite desk counter platform exit entrance building wing "
                   "bus line route window booth".split())
_LABEL_BEFORE = re.compile(rf"\b({'|'.join(LABELS)})s?\s+(?:number\s+)?$", re.IGNORECASE)
_LABEL_AFTER = re.compile(rf"^\s+({'|'.join(LABELS)})s?\b", re.IGNORECASE)

_NUM_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_HOUR_WORD = "|".join(_UNITS[1:13][::-1])  # one..twelve, longest first so "eleven" wins over "one"
_MERIDIEM = r"(?P<mer>[ap])\.?\s?m\b\.?|(?P<part>in the (?:morning|afternoon|evening)|at night|tonight)"
_TIME = re.compile(
    rf"\b(?:(?P<h>\d{{1,2}})(?::(?P<m>\d{{2}}))?|(?P<hw>{_HOUR_WORD})(?:[\s-](?P<mw>thirty|fifteen|forty[\s-]five))?)"
    rf"\s*(?:{_MERIDIEM}|(?P<oclock>o'?clock))"
    rf"|\b(?P<h2>\d{{1,2}}):(?P<m2>\d{{2}})\b"
    r"|\b(?P<noon>noon|midday|midnight)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\d.,$:])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?![\d])")
_CURRENCY = r"[$£€]"
_PRICE = re.compile(
    rf"{_CURRENCY}\s?(?P<a>\d[\d,]*(?:\.\d+)?)"
    rf"|\b(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?P<unit>dollars?|bucks|euros?|pounds?|cents?)"
    rf"(?:\s(?:and\s)?(?P<c>\d{{1,2}})\b(?!\s*(?:cents?|dollars?)))?",  # "4 dollars 50"
    re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"\b(?P<d>\d[\d,]*(?:\.\d+)?)(?:st|nd|rd|th|%)?"
    rf"|\b(?P<tens>{'|'.join(_TENS)})[\s-](?P<unit>{'|'.join(_UNITS[1:10])})\b"
    rf"|\b(?P<w>{_NUM_WORD}|{'|'.join(_ORDINALS)})\b",
    re.IGNORECASE,
)
_EMAIL_OR_WEB = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b|\bwww\.[\w.-]+\b|\b[\w-]+\.(?:com|org|net|co\.uk)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_RANGE = re.compile(rf"\b({'|'.join(WEEKDAYS)})s?\s*(?:to|through|thru|until|till|-|–)\s*({'|'.join(WEEKDAYS)})",
                        re.IGNORECASE)
_DAY_GROUPS = {"weekday": WEEKDAYS[:5], "weekdays": WEEKDAYS[:5], "weekend": WEEKDAYS[5:], "weekends": WEEKDAYS[5:],
               "daily": WEEKDAYS, "everyday": WEEKDAYS}
_TITLES = frozenset("mr mrs ms miss dr st mt prof".split())

# Capitalised words that start ordinary sentences (or are always capitalised, like "I"): not names.
COMMON_CAPITALISED = frozenset("""
a about absolutely actually additionally after afterwards ah all alright also alternatively although always am an
and another any anything apologies are as ask at be because been before being both but by call can can't
certainly check come correct could currently dear did do does don't each either enjoy even every everything
exactly feel find first follow for from generally get glad go good great had has have he head hello her here here's hey
hi his hmm hope hopefully how however i i'd i'll i'm i've if in indeed is it it's its just keep let let's
look make many may maybe me might more most much must my neither nice no none nor not note now of oh ok okay on
once only or other otherwise our out over perhaps please plus remember right see she should simply since so some
sorry still sure take thank thanks that that's the their them then there there's these they they're this those
through to today tomorrow tonight try turn typically under unfortunately unless until us use usually very visit
walk want was we we'd we'll we're we've well welcome were what what's when where which while who why will with
within without would yes yeah yet you you'd you'll you're you've your yours
""".split())


CLAIM_KINDS = frozenset({"time", "price", "phone", "place", "number", "name", "contact"})
"""Every kind of `Claim`."""


@dataclass(frozen=True)
class Claim:
    """One checkable statement found in text."""

    kind: str
    """"time", "price", "phone", "place" (a labelled number: "aisle 4", "4th floor"), "number", "name" or
    "contact" (e-mail / web address)."""
    surface: str
    """The words as written, for logs and the guard's verdict."""
    key: object
    """Normalised value: (hour, minute, meridiem or None) for times, float for prices/numbers, digits for phones,
    (label, float) for places, the lower-case word for names and contacts."""


def _word_number(text: str) -> float | None:
    t = text.lower().replace("-", " ").split()
    if len(t) == 2 and t[0] in _TENS and t[1] in NUMBER_WORDS:
        return float(_TENS[t[0]] + NUMBER_WORDS[t[1]])
    if len(t) == 1:
        if t[0] in NUMBER_WORDS:
            return float(NUMBER_WORDS[t[0]])
        if t[0] in _ORDINALS:
            return float(_ORDINALS[t[0]])
    return None


def _to_float(digits: str) -> float:
    return float(digits.replace(",", ""))


def _time_claim(m: re.Match[str]) -> Claim | None:
    """The time a `_TIME` match states, or None when it is no time after all ("25:99")."""
    if m.group("noon"):
        hour, minute, mer = (0, 0, "a") if m.group("noon").lower() == "midnight" else (12, 0, "p")
    elif m.group("h2") is not None:
        hour, minute, mer = int(m.group("h2")), int(m.group("m2")), None
    else:
        hour = int(m.group("h")) if m.group("h") is not None else int(_word_number(m.group("hw")) or 0)
        if m.group("m") is not None:
            minute = int(m.group("m"))
        elif m.group("mw"):
            minute = int(_word_number(m.group("mw").replace(" ", "-")) or 45)
        else:
            minute = 0
        part = (m.group("part") or "").lower()
        mer = (m.group("mer") or "").lower() or ("a" if "morning" in part else "p" if part else None)
    if hour > 24 or minute > 59:
        return None
    return Claim("time", m.group(0), (hour, minute, mer))


def _time_claims(text: str, claims: list[Claim]) -> str:
    """Append the time claims and return the text with them blanked out (so "9" is not also a bare number)."""
    def found(m: re.Match[str]) -> str:
        claim = _time_claim(m)
        if claim is None:
            return m.group(0)  # not a time after all: leave it to the number pass
        claims.append(claim)
        return " " * len(m.group(0))
    return _TIME.sub(found, text)


def _blank(pattern: re.Pattern[str], text: str, record: Callable[[re.Match[str]], None]) -> str:
    """Record every match of `pattern` and blank it out, so a later, looser pattern does not count it again."""
    def found(m: re.Match[str]) -> str:
        record(m)
        return " " * len(m.group(0))
    return pattern.sub(found, text)


def extract_claims(text: str) -> list[Claim]:
    """Every checkable claim in `text`, in order of kind (times, contacts, phones, prices, numbers, names)."""
    text = text.replace("’", "'")
    claims: list[Claim] = []
    rest = _time_claims(text, claims)
    rest = _blank(_EMAIL_OR_WEB, rest, lambda m: claims.append(Claim("contact", m.group(0), m.group(0).lower())))
    # The last 10 digits: "+1 555 014 2290" is the same number as "555-014-2290".
    rest = _blank(_PHONE, rest,
                  lambda m: claims.append(Claim("phone", m.group(0), re.sub(r"\D", "", m.group(0))[-10:])))

    def price(m: re.Match[str]) -> None:
        if m.group("a") is not None:
            value = _to_float(m.group("a"))
        else:
            value = _to_float(m.group("b"))
            unit = m.group("unit").lower()
            if unit.startswith("cent"):
                value /= 100.0
            elif m.group("c"):
                value += int(m.group("c")) / 100.0
        claims.append(Claim("price", m.group(0), round(value, 2)))
    rest = _blank(_PRICE, rest, price)

    def number(m: re.Match[str]) -> None:
        label = _LABEL_BEFORE.search(rest, 0, m.start()) or _LABEL_AFTER.match(rest[m.end():m.end() + 20])
        if m.group("d") is not None:
            value: float | None = _to_float(m.group("d"))
        elif m.group("tens"):
            value = float(_TENS[m.group("tens").lower()] + NUMBER_WORDS[m.group("unit").lower()])
        else:
            if m.group("w").lower() in _SOFT_NUMBER_WORDS and not label:
                return
            value = _word_number(m.group("w"))
        if value is None:
            return
        if label:
            claims.append(Claim("place", m.group(0), (label.group(1).lower(), value)))
        else:
            claims.append(Claim("number", m.group(0), value))
    rest = _blank(_NUMBER, rest, number)

    for m in _WORD.finditer(rest):
        word = m.group(0).strip("'-")
        if not word or not word[0].isupper():
            continue
        low = word.lower()
        if low.endswith("'s"):
            low = low[:-2]
        if low.endswith("s") and low[:-1] in WEEKDAYS:
            low = low[:-1]
        if low in COMMON_CAPITALISED or low in _TITLES or low.split("-")[0] in COMMON_CAPITALISED:
            continue  # the last: a sentence that starts "Walk-in appointments ..." or "Check-in starts ..."
        claims.append(Claim("name", word, low))
    return claims


# What joins the two ends of a span of time: "from 9:00 a.m. *to* 6:00 p.m.", "9 *-* 5", "between 8 *and* 10".
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|-|–|and)\s*", re.IGNORECASE)


def time_ranges(text: str) -> list[tuple[Claim, Claim]]:
    """The spans of time `text` states, as (start, end) time claims: "open from 8:00 a.m. to 6:00 p.m." ->
    [(8:00 a.m., 6:00 p.m.)]. Two times count as one span only when nothing but a joining word stands between them
    ("and" only after "between"), so "opens at 8:00 a.m. and the pharmacy closes at 6:00 p.m." holds none."""
    text = text.replace("’", "'")
    found = [(m, claim) for m in _TIME.finditer(text) if (claim := _time_claim(m)) is not None]
    spans = []
    for (m1, c1), (m2, c2) in zip(found, found[1:]):
        join = _RANGE_JOIN.fullmatch(text[m1.end():m2.start()])
        if join is None or join.group(0).strip().lower() == "and" and not re.search(
                r"\bbetween\s*$", text[:m1.start()], re.IGNORECASE):
            continue
        spans.append((c1, c2))
    return spans


def expanded_words(text: str) -> set[str]:
    """The lower-case words of `text`, plus every weekday a day range or day group in it covers."""
    text = text.replace("’", "'")
    words = {w.lower().strip("'-") for w in _WORD.findall(text)}
    words |= {w[:-2] for w in words if w.endswith("'s")}
    words |= {w[:-1] for w in words if w.endswith("s") and w[:-1] in WEEKDAYS}
    for m in _DAY_RANGE.finditer(text):
        a, b = WEEKDAYS.index(m.group(1).lower()), WEEKDAYS.index(m.group(2).lower())
        span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
        words |= {WEEKDAYS[i] for i in span}
    for group, days in _DAY_GROUPS.items():
        if group in words:
            words |= set(days)
    if re.search(r"\b(?:every day|7 days|seven days)\b", text, re.IGNORECASE):
        words |= set(WEEKDAYS)
    return words


# Words that carry no content of their own: a reply made of them says nothing the facts must back.
_FUNCTION_WORDS = COMMON_CAPITALISED | frozenset("""
able across also am answer anyone anything appointment around ask asked away back bit can cannot could day did
does doing done each either else enough ever every few fine following front get gets getting give given go goes
going gone got happy has have having help here hour hours just kind know like little lot made make minute minutes
near need needs new next not off offer offers okay one open opens other our out over own part per place please
provide provides question really same say see serve served service should side so some someone something soon
sure take takes tell than thing things think time times too top under use used very want way ways well what
whatever where whether which yes morning afternoon evening night week weekend weekday
""".split())


def stem(word: str) -> str:
    """A crude stem, enough to match "dogs"/"dog" and "served"/"serves" between a reply and the facts."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    """The stems of the words in `text` that carry content (not function words, not numbers)."""
    out = []
    for raw in _WORD.findall(text.replace("’", "'")):
        word = raw.lower().strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 3 or word in _FUNCTION_WORDS or word in NUMBER_WORDS or word in _ORDINALS:
            continue
        out.append(stem(word))
    return out
