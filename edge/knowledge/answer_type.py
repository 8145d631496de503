"""What kind of fact a question asks for, so a unit that cannot hold that kind of answer is not chosen for it.

"who can i call when the clinic is closed" is close, in words and in meaning, to the clinic's opening hours; but
a "who ... call" question wants a phone number or a name, and the opening hours hold only times. The question's
wh-words say which claim kinds (claims.py) an answer must contain ("how much" a price, "how long" a span of time or
a time, "how many" a number, "where" a place phrase); `None` means the question does not say (yes/no and most
others), and then every unit is a candidate. The responder speaks a unit without the LLM only when its kinds agree
with the question's.
"""

from __future__ import annotations

import re

from edge.knowledge.claims import WEEKDAYS, extract_claims
from edge.knowledge.lexical import terms

# (pattern on the lower-cased question, claim kinds of which an answer must hold at least one), first match wins.
# "location" is not a claim: it is a place phrase (`_LOCATION`), which is what a "where" question wants.
_RULES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), frozenset(kinds.split())) for pattern, kinds in (
        (r"\b(?:who|whom)\b.*\b(?:call|ring|phone|contact)\b|\b(?:phone|telephone) number\b", "phone name"),
        (r"\bwhat(?:'s| is)? (?:the )?number\b|\bnumber (?:to|for|can|do|should)\b|\bwhat number\b", "phone number"),
        # "What make is the drill you hire out": a maker's name. No claim kind is a brand (a capitalised word at the
        # start of a sentence reads as a name: "Tool hire is..."), so no unit is spoken as the answer to it; the LLM
        # may answer from a fact that names one, and the guard checks the name.
        (r"\b(?:what|which) (?:make|makes|brand|brands|model|models)\b", "brand"),
        # "Why have they asked me to have my blood test done again": a reason, which no site fact is (where blood
        # tests are done is no answer to it). Whisper's "why fi" is the Wi-Fi.
        (r"(?<![\w-])why(?:'s)?\b(?![- ]?fi\b)|\bhow come\b", "reason"),
        # "Who's right", "who wins": which guess of a bet is the site's fact, whatever kind of fact that is (round 64).
        (r"\bwho(?:'s| is| are)?\b(?!(?:'s| is)? (?:right|correct|wrong|wins|won|winning)\b)|\bname\b|"
         r"\b(?:which|what) (?:doctor|nurse|manager|concierge|person|member of staff)",
         "name"),
        # "What's the address of the shop" wants where it is, which the store's phone number is no answer to (round
        # 70: it scored above the street address). After "who", so "who should I address a letter to" wants a name;
        # an email or web address is no place, and "address it to" is the verb.
        (r"(?<!email )(?<!e-mail )(?<!web )(?<!website )\baddress\b(?! (?:a|an|the|it|this|that|them|him|her|to)\b)|"
         r"\b(?:what|which) street\b", "location"),
        (r"\bhow much (?:time|longer)\b", "time duration lead"),
        (r"\bhow much\b|\bwhat (?:does|do|will) (?:it|that|this) cost\b|\bprice of\b|\bwhat(?:'s| is) the "
         r"(?:price|cost|charge|fee)\b", "price"),
        # How long something takes is a span ("about 10 minutes") or the times it runs between; a room number or
        # a weight is no answer to it ("how long does an x-ray take" is not answered by "X-rays are in room 4").
        # How long a thing takes is a span, not the hours it runs: "how long does the shuttle take to get to the
        # airport" is not answered by "every 30 minutes, from 5:00 a.m. to 11:00 p.m.".
        (r"\bhow long\b.*\b(?:take|takes|taking|took|last|lasts)\b", "duration"),
        # How long one waits is a span, or how often the thing comes ("every 30 minutes").
        (r"\bhow long\b.*\b(?:wait|waiting)\b", "duration frequency lead"),
        (r"\bhow (?:long|soon|often)\b", "time duration frequency lead"),
        # A count is a number of things, not where one is: "how many floors does the hotel have" is not answered
        # by "the restaurant is on the ground floor".
        (r"\bhow many (?:minutes|hours|days|weeks)\b.*\b(?:take|takes|taking|took|last|lasts)\b", "duration"),
        (r"\bhow many (?:times|days|hours|nights|weeks|minutes|months|years)\b", "time count"),
        (r"\bhow many\b", "count"),
        (r"\bhow (?:far|big|heavy|old)\b", "time number"),
        # "What day does the van come out my way": a weekday, not the hours of something on that day.
        (r"\b(?:what|which) days?\b", "day"),
        # "Do I have to pay for my blood test": a price, or that it is free.
        (r"\b(?:have|need|got) to pay\b|\bis (?:it|there|that|this) (?:\w+ )?(?:free|a charge|a fee|any charge)\b|"
         r"\bdo (?:you|they) charge\b|\bcost anything\b", "price"),
        # When a place opens (or "starts serving", round 60) is the start of its hours: "open until midnight" says
        # when it closes, not that.
        (r"^(?!.*\b(?:till|until|til|close|closes|closing|shut|shuts|late|later)\b).*\b(?:what time|when|how early)\b"
         r".*\b(?:open(?:s| up)?|(?:start|starts|begin|begins) serving)\b", "opening"),
        # A clock time, or how far ahead ("how early should i check in": 10 minutes before), not any number: "the
        # first 5 cuts are free" is no answer to when the timber desk stops cutting (round 57). A bare "when" may
        # still be answered by a count ("when will my results be ready": after 3 working days).
        (r"\bwhat time\b|\bwhat time's\b|\bhow late\b|\bhow early\b|\b(?:until|till|by) when\b", "time duration lead"),
        (r"\bwhen\b", "time number"),
        # "Is the car park open overnight" asks the hours, which "free for 2 hours" or "$25 per night" does not say;
        # "open 24 hours" does (`kinds_in` reads it as a time).
        (r"\bopen (?:all night|overnight|all day|round the clock|around the clock|24 hours|twenty four hours|24/7)\b",
         "time"),
        # "What's the quickest way to the paint" asks where it is (round 61).
        (r"\bwhere\b|\bwhereabouts\b|\bwhich (?:aisle|floor|room|way|entrance|door)\b|"
         r"\b(?:quickest|fastest|shortest|easiest) (?:way|route) to the\b", "location"),
    ))

# A span of time: "10 minutes", "3 working days", "24 hours", "half an hour"; after "every" ("every 30 minutes")
# it says how often, a "frequency", not how long.
_DURATION = re.compile(
    r"(?<!every )\b(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
    r"forty-five|half an?)[ -](?:working |business |full |whole )?(?:minute|min|hour|hr|day|night|week|month|year)s?\b",
    re.IGNORECASE)

# Hours that are all of them: "open 24 hours" says when as much as "open 7 a.m. to 6 p.m." does.
_ALWAYS_OPEN = re.compile(r"\bopen (?:24 hours|24/7|round the clock|around the clock|all night)\b", re.IGNORECASE)

# When something starts: a time after "from" or "starts at" ("open from 7:00 a.m.", "check-in starts at 3:00 p.m.").
_OPENS = re.compile(r"\b(?:from|starts? at|opens? at|begins? at)\s+(?:\d|noon|midday)", re.IGNORECASE)

_LEAD = re.compile(r" (?:before|ahead of|in advance)\b", re.IGNORECASE)

_FREQUENCY = re.compile(r"\bevery (?:\d+ |few |couple of )?(?:minute|hour|day|week)s?\b|\b(?:hourly|daily|weekly)\b",
                        re.IGNORECASE)

# Words that state a day of the week ("on Tuesdays", "weekdays", "daily") and that a thing is free (a price of 0).
_DAY = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})s?\b|\bweek ?days?\b|\bweekends?\b|\bdaily\b|\bevery day\b|"
                  r"\b(?:7|seven) days\b", re.IGNORECASE)
_FREE = re.compile(r"\b(?:free|no charge|at no cost|no extra cost|complimentary)\b", re.IGNORECASE)

# A place phrase: a labelled place ("aisle 3", "room 12"), a position ("next to", "behind") or a place noun. Loose
# on purpose: it only has to tell "the toilets are next to the service desk" from "the phone number is ...".
_LOCATION = re.compile(
    r"\b(?:aisle|room|floor|street|lane|road|avenue|entrance|exit|lobby|desk|counter|reception|centre|center|"
    r"building|next to|behind|opposite|beside|near|nearest|through|upstairs|downstairs|outside|inside|"
    r"walk|corner|department|section|area|on (?:the|your)|in the|at the)\b", re.IGNORECASE)


# Words that say what kind of answer is wanted rather than what it is about: "what *time* does the bar *close*" is
# answered by "the bar is open until midnight", which holds a time but not the words. A unit holding one of the
# kinds covers the word (for `AnswerMatcher.uncovered`). General English, not any question set's wording.
_FRAME_WORDS: tuple[tuple[str, str], ...] = (
    ("time hour hours open opens opening close closes closing shut start starts finish finishes end ends late "
     "early morning afternoon evening day days week weekday weekdays today "
     "tomorrow ready soon often long minutes latest earliest", "time number duration lead"),
    # How late a bar or a kitchen "serves" is when it is open (round 70: in "how late does the bar down here serve",
    # "serve" was a word "the bar is open until midnight" did not cover, so the bar's hours did not fit the question).
    ("serve serves serving", "time"),
    # The night is a time of day ("what time tonight does the bar close") or what a price is counted by ("is the dog
    # charged per night"), not a span: "a 5 minute walk" says nothing of whether the subway runs at night (round 61).
    ("night tonight", "time price"),
    ("number many far big heavy old size limit maximum minimum weight weigh", "number phone place"),
    ("call calls ring phone dial contact reach", "phone"),
    ("name names called", "name"),
    # "the daily *rate* on the drill": a rate is a price (the period is a word of its own: "daily" folds to "day").
    ("cost costs price prices charge fee pay much rate rates cheapest dearest", "price"),
    ("where section area department place find way", "location"),
)
FRAME_TERMS: dict[str, frozenset[str]] = {}
for _words, _kinds in _FRAME_WORDS:
    for _term in terms(_words):
        FRAME_TERMS[_term] = FRAME_TERMS.get(_term, frozenset()) | frozenset(_kinds.split())


def frame_covered(term: str, kinds: frozenset[str]) -> bool:
    """Is the question term `term` (lexical.terms) a word about the kind of answer that a unit with `kinds` holds?"""
    return bool(FRAME_TERMS.get(term, frozenset()) & kinds)


# "Who do I ask for an iron", "who do I talk to about keeping the room": whom to go to, which a desk or a department
# answers as well as a name ("requested from housekeeping"), so any answer may do. "Who do I call" wants a number or a
# name (the first rule).
_WHOM_TO_ASK = re.compile(r"\bwho (?:do|should|can|could|would) (?:i|we) (?:ask|see|talk to|speak to|go to|"
                          r"have a word with)\b")


# What the visitor says they are not asking ("when does it open in the day, not when it shuts"): its words must not
# choose the kind of answer (round 71, from heldout69: the closing time was said for when the bar opens).
_NOT_THIS = re.compile(r"\bnot (?:when|what time|the time|how late|till when|until when) (?:it|they|you|she|he|that|"
                       r"the \w+)(?:'s| is| are)? (?:shuts?|closes?|closing|shutting|opens?|opening)\b|"
                       r"\bnot (?:the|its|their) (?:closing|opening) time\b")


def wanted_kinds(question: str) -> frozenset[str] | None:
    """The claim kinds an answer to `question` must contain (at least one of), or None when any answer may do."""
    text = _NOT_THIS.sub(" ", question.lower().replace("’", "'"))
    if _WHOM_TO_ASK.search(text):
        return None
    for pattern, kinds in _RULES:
        if pattern.search(text):
            return kinds
    return None


_SENTENCE_OPENER = re.compile(r"(?:^|[.!?]\s+)([A-Z][a-z]+)(?= [a-z])")


def kinds_in(text: str, site_name: str = "") -> frozenset[str]:
    """The claim kinds `text` holds ("time", "price", "phone", "name", ...); a place counts as a number too, and
    as a "location" like any place phrase; a span of time ("10 minutes") is a "duration", "every 30 minutes" a
    "frequency", a weekday a "day", "free" a "price"; a number that is no place, or a span, is a "count".

    Weekdays and the words of the site's own name are not names here: "Riverside Family Clinic is open on Monday"
    does not answer "who ...". Nor is a capitalised word that opens a sentence and is followed by a lower-case one
    ("*Patients* should check in...", "*Tool* hire is..."): the claims module reads it as a name so that the guard
    checks it, but a unit that opens so names nobody ("who built this machine").
    """
    not_names = set(WEEKDAYS) | set(site_name.lower().split()) | {
        w.lower() for w in _SENTENCE_OPENER.findall(text)}
    kinds = {c.kind for c in extract_claims(text) if not (c.kind == "name" and str(c.key) in not_names)}
    counts = "number" in kinds  # before a place adds "number": "the ground floor" counts nothing
    if "place" in kinds:
        kinds.add("number")
    if "place" in kinds or _LOCATION.search(text):
        kinds.add("location")
    if _ALWAYS_OPEN.search(text):
        kinds.update(("time", "opening"))
    if _OPENS.search(text):
        kinds.add("opening")
    for span in _DURATION.finditer(text):
        # "Check in 10 minutes before your appointment": how far ahead, which answers "how early" but is not how
        # long a thing takes ("do not eat for 8 hours before the test" is not how long a blood test takes).
        kinds.add("lead" if _LEAD.match(text, span.end()) else "duration")
    if _FREQUENCY.search(text):
        kinds.add("frequency")
    if _DAY.search(text):
        kinds.add("day")
    if _FREE.search(text):
        kinds.add("price")
    if counts or "duration" in kinds or "lead" in kinds:
        kinds.add("count")
    return frozenset(kinds)
