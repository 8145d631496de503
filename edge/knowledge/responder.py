"""Decides, for one user turn, what the assistant may say: the text-level half of a grounded reply.

In order of trust:
0. `Fallback` for a question out of scope by its kind (the current time, the weather, advice...; intent.py), and
   for a turn that asks nothing (thanks, bye, never mind, hello): a short acknowledgement that states no fact.
   Someone in danger ("she can't breathe") gets the site's emergency answer first, whatever else was said. A
   question about an exception to the usual visitor that the site never speaks of ("if I'm not staying here",
   "something I bought elsewhere", "can my wife collect it for me") gets the fallback too (intent.asked_exception).
1. `Matched` / `Direct`: one piece of site knowledge (an entry, or a fact) answers it with confidence -- it fits
   the question (mentions every subject word and holds the kind of fact asked for) and has a high hybrid score,
   or a good one with a clear lead over the next unit that fits (`Responder.confident`) -> speak the entry's
   answer or the fact as written (audio made at boot). A yes/no question ("do you sell lawnmowers") is asked back
   about first below `ask_before_yes_no_below`: the unit about its topic often does not settle it.
2. `Fallback`: the question is far from everything the site knows, or asks about something the site never
   mentions (out of scope) -> the honest fallback. `Offer` instead when the best-ranked unit still scores
   `offer_threshold` (more for a yes/no question, less for a long one or one that sets a scene): the kiosk asks
   back ("Are you asking about the pool?", offers.py), and the visitor's yes on the next turn speaks that unit, a
   no the fallback; anything else is a new question.
3. `LlmPlan`: otherwise the LLM answers with the closest facts in its prompt, and every fragment of its reply
   passes the grounding guard before it is spoken (`accept`). A fragment with an invented time, price, number or
   name, a reply without the kind of fact asked for ("who ..." answered with opening hours), one that leaves out
   what was asked about or states a site fact of something else ("how much is a blood test" -> the flu jab's
   $20), or an LLM that says it does not know, turns into the fallback (or the offer) and ends the reply. A claim
   only the visitor made does not count as support unless `user_claims_count` is on.

The pipeline and the evaluation (tests/knowledge, benchmarks/knowledge.py) both call this, so what is measured
is what runs. The LLM call itself stays with the caller (through `LanguageModel.stream_reply`).
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Literal, Sequence

from edge.knowledge.answer_type import kinds_in, wanted_kinds
from edge.knowledge.claims import CLAIM_KINDS, content_stems, extract_claims
from edge.knowledge.clauses import errand_question, question_parts, split_clauses, without_retraction
from edge.knowledge.disfluency import without_stammer
from edge.knowledge.guard import Evidence, GroundingGuard
from edge.knowledge.intent import (SMALL_TALK, asked_exception, asks_to_confirm_a_value, conversational_kind,
                                   covers_exception, is_emergency, out_of_scope_reason, without_pleasantry)
from edge.knowledge.matcher import AnswerMatcher, Scored, Unit
from edge.knowledge.names import repair_names, site_names
from edge.knowledge.offers import after_no, after_yes, reply_to_offer, topic_of
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.overheard import without_overheard
from edge.knowledge.site import Entry, SiteKnowledge
from edge.knowledge.soundalike import repair_soundalikes, site_sounds
from edge.knowledge.spellings import standard_spelling
from engines.protocols import ChatMessage

log = logging.getLogger(__name__)

# The fixed part of the prompt, the same every turn so the LLM adapter can cache its encoding; the facts for the
# question travel in the user message.
SYSTEM_PROMPT = (
    "You are the voice assistant of a kiosk at {site}, a {kind}. Answer the question in one short sentence, "
    "using only the facts given with it. If the facts do not answer the question, say: I don't know."
)

# How a small LLM says it cannot answer; such a reply is replaced by the configured fallback, word for word.
_DECLINES = re.compile(
    r"\b(?:(?:do\s+not|don'?t)\s+know|i'?m\s+not\s+sure|i\s+am\s+not\s+sure|not\s+sure\s+(?:about|what|if)|"
    r"i\s+(?:cannot|can'?t)\s+(?:help|answer|say|provide|find|assist)|i(?:\s+am|'?m)\s+(?:unable|sorry)\b|sorry|"
    r"(?:no|don'?t\s+have\s+(?:any\s+)?)(?:information|details)|member\s+of\s+(?:the\s+)?staff|"
    r"(?:the\s+)?facts\s+(?:do\s+not|don'?t)\s+(?:say|mention|answer))",
    re.IGNORECASE,
)


RESCUE_DEPTH = 3
"""How far down the ranking `Responder.confident` looks for a unit that fits the question."""
SOFT_MARGIN_FACTOR = 2.0
"""A unit that mentions a subject word only through a word of like meaning ("pets" for "dogs") must lead by this many
times `extract_margin`, whatever its score: the link may be wrong."""
NO_SUBJECT_MARGIN_FACTOR = 1.5
"""A question with no subject word must lead by this many times `extract_margin` to be answered without the LLM."""
UNKNOWN_WORD_MATCH = 0.74
"""Hybrid score from which a unit that fits the question but for ONE word the site never uses (no soft match either:
"where do i *drive* in to park the car", "can i have *breakfast* before my fasting blood test") answers it, with a
clear lead. Below it that word blocks the answer, since such a word is as often what the question is really about
("is the *supermarket* open on sunday", "a flu vaccine for my *dog*", "*covid* vaccines"): neither the word's
embedding nor how much it moves the sentence's embedding told the two apart on the used sets, the unit's whole score
did. On the used sets (calibration..heldout6) unanswerable questions reached at most 0.70 this way ("is the
supermarket open on sunday", "how do i get to the airport by train"), answerable ones up to 0.82."""
OFFER_REFERENCE_WORDS = 8
"""The question length, in words, that `offer_threshold` is set for; longer ones are offered from lower scores."""
ENTRY_ECHO = 0.9
"""MiniLM similarity to one of an entry's own question variants from which a question is that entry's, even when
it looks out of scope by its kind (a hotel whose entry is "Can you call me a taxi?")."""


def declines(text: str) -> bool:
    """Does `text` say, in a small LLM's words, that it cannot answer?"""
    return bool(_DECLINES.search(text))


def word_ngrams(text: str, n: int = 4) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return frozenset(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class Matched:
    """Speak an entry's fixed answer."""

    entry: Entry
    score: float
    """Cosine similarity of the closest question variant."""
    kind: Literal["matched"] = "matched"

    @property
    def text(self) -> str:
        return self.entry.answer


@dataclass(frozen=True)
class Direct:
    """Speak one of the site's facts as it is written."""

    text: str
    score: float
    """Cosine similarity between the question and the fact."""
    kind: Literal["direct"] = "direct"


@dataclass(frozen=True)
class Fallback:
    """Speak the honest fallback without asking the LLM."""

    text: str
    reason: str
    """Why: "out_of_scope" (with its score or kind), "empty", or "closing" / "greeting" (then `text` is the
    configured acknowledgement, not the fallback)."""
    missing_words: tuple[str, ...] = ()
    """The question's subject words the site never uses, when they are why (what `edge ask` tells an operator)."""
    kind: Literal["fallback"] = "fallback"


@dataclass(frozen=True)
class Offer:
    """Ask back ("Are you asking about the swimming pool?"): nothing answers with confidence, but `unit` ranks best.
    States no fact; the visitor's yes on the next turn speaks the unit, a no the fallback (offers.py)."""

    text: str
    unit: Unit
    score: float
    """The unit's hybrid score for the question."""
    reason: str = ""
    """Why it was not answered outright (as `Fallback.reason`)."""
    missing_words: tuple[str, ...] = ()
    """As `Fallback.missing_words`: the subject words the site never uses, when they are why."""
    kind: Literal["offer"] = "offer"


@dataclass
class LlmPlan:
    """The LLM's prompt, and the gate its reply passes (it implements the pipeline's `FragmentGate`).

    With `hold_sentences` (the default) fragments are held until their sentence ends and the whole sentence is
    checked: a first fragment cut after six words cannot be judged, and half an invented sentence must not reach
    the speaker before the guard sees the rest. The cost is the time to generate one short sentence, on the LLM
    path only. The caller must call `finish()` when the LLM stream ends (it releases a last sentence that had no
    full stop, or the fallback when nothing could be said).
    """

    messages: list[ChatMessage]
    facts: list[str]
    user_text: str
    """The visitor's words whose claims count as support ("" unless `user_claims_count` is on)."""
    guard: GroundingGuard | None
    """None when the guard is disabled (to measure the LLM alone)."""
    fallback_text: str
    max_sentences: int = 1
    """The reply ends after this many sentences: a tiny model's later sentences are where it rambles."""
    hold_sentences: bool = True
    relevance: Callable[[str], float] | None = None
    """Similarity of a reply sentence to the question (None: not checked)."""
    min_relevance: float = 0.0
    prompt_ngrams: frozenset[tuple[str, ...]] = frozenset()
    """Word 4-grams of the instructions that are not site knowledge: a reply repeating one echoes the prompt."""
    wanted_kinds: frozenset[str] | None = None
    """The claim kinds the question asks for (answer_type.py): a reply holding none of them is no answer."""
    subjects: tuple[str, ...] = ()
    """What the question is about, as terms the site uses (matcher.known_subject_terms): a reply that leaves one
    out answers another question ("how much is a room" -> "the garage is $25 a night")."""
    terms_of: Callable[[str], set[str]] | None = None
    """Folds a reply into terms like the question's (None: `subjects` is not checked)."""
    bound: Callable[[str], bool] | None = None
    """Whether each claim of the kind asked for in a sentence is stated, in the site, of what was asked ("how much
    is a blood test" -> "$20" is a site price, but the flu jab's). None: not checked."""
    site_name: str = ""
    question: str = ""
    """The visitor's words, to tell an answer from the question said back ("" : not checked)."""
    spoken: list[str] = field(default_factory=list)
    """What was handed out to be spoken (sentences, fragments or the fallback), in order."""
    unsupported: tuple[str, ...] = ()
    """The claims that stopped the reply, when it was guarded."""
    outcome: Literal["streaming", "answered", "guarded", "declined", "empty"] = "streaming"
    kind: Literal["llm"] = "llm"
    _held: list[str] = field(default_factory=list)
    _sentences: int = 0

    @property
    def stopped(self) -> bool:
        """True once the reply is complete (enough sentences, or the fallback handed out): cancel generation."""
        return self.outcome != "streaming"

    @property
    def guarded(self) -> bool:
        """True when the fallback was spoken instead of (the rest of) the LLM's reply: log the turn as guarded."""
        return self.outcome in ("guarded", "declined", "empty")

    def accept(self, fragment: str) -> str | None:
        """The text to speak now for this LLM fragment (it, its whole sentence, or the fallback), or None."""
        if self.stopped or not fragment.strip():
            return None
        ends_sentence = fragment.rstrip().endswith((".", "!", "?"))
        if self.hold_sentences and not ends_sentence:
            self._held.append(fragment)
            return None
        text = " ".join([*self._held, fragment])
        self._held.clear()
        return self._release(text, complete=ends_sentence)

    def finish(self) -> str | None:
        """Call once the LLM stream has ended: what is still to be spoken (a held sentence or the fallback)."""
        if self.stopped:
            return None
        if self._held:
            text = " ".join(self._held)
            self._held.clear()
            said = self._release(text, complete=True)
            if not self.stopped:
                self.outcome = "answered"
            return said
        if not self.spoken:
            return self._stop("empty", ())
        self.outcome = "answered"
        return None

    @property
    def text(self) -> str:
        """Everything handed out to be spoken so far."""
        return " ".join(self.spoken)

    def _release(self, text: str, *, complete: bool) -> str:
        if declines(text):
            return self._stop("declined", ())
        if self.guard is not None:
            verdict = self.guard.check(text, self.user_text, " ".join(self.spoken), complete=complete)
            problems = list(verdict.unsupported)
            if self.prompt_ngrams & word_ngrams(text):
                problems.append("repeats the instructions")
            if complete and self.wanted_kinds is not None and not problems and not self.wanted_kinds & kinds_in(
                    " ".join([*self.spoken, text]), self.site_name):
                # "who can i call ..." answered with opening hours: true, relevant-sounding, and no answer.
                problems.append(f"holds no {' or '.join(sorted(self.wanted_kinds))}")
            if complete and self.question and not problems and _only_echoes(text, self.question):
                # "i'd like to rent a drill." to "i'd like to rent a drill": site words, and no answer.
                problems.append("repeats the question")
            if complete and self.terms_of is not None and self.subjects and not problems:
                said = self.terms_of(" ".join([*self.spoken, text]))
                if missing := [t for t in self.subjects if t not in said]:
                    problems.append(f"leaves out {', '.join(missing)}")
            if complete and self.bound is not None and not problems and not self.bound(text):
                problems.append("states a fact of something else")
            if complete and self.relevance is not None and not problems:
                # A true fact that answers another question ("the garage is $25 a night" to "how much is a room")
                # passes every claim check; it still must be about what was asked.
                score = self.relevance(text)
                if score < self.min_relevance:
                    problems.append(f"off the question (similarity {score:.2f})")
            if problems:
                log.info("turn guarded: %r: %s", text, ", ".join(problems))
                return self._stop("guarded", tuple(problems))
        self.spoken.append(text)
        self._sentences += complete
        if self._sentences >= self.max_sentences:
            self.outcome = "answered"
        return text

    def _stop(self, outcome: Literal["guarded", "declined", "empty"], unsupported: tuple[str, ...]) -> str:
        self.outcome = outcome
        self.unsupported = unsupported
        self.spoken.append(self.fallback_text)
        return self.fallback_text


Decision = Matched | Direct | Fallback | Offer | LlmPlan


def _only_echoes(text: str, question: str) -> bool:
    """Does `text` say nothing the question did not: only its content words, and only numbers, times or prices
    the visitor said ("...if I was to get *three* more made.")?"""
    asked = question.lower()
    return set(content_stems(text)) <= set(content_stems(question)) and all(
        re.search(rf"(?<![\w$£€]){re.escape(c.surface.strip().lower())}(?!\w)", asked) for c in extract_claims(text))


_JOINED = re.compile(r",? (?:and|but|while|whereas)\b|;")
"""Where one spoken sentence joins two statements."""


class Responder:
    """Turns a final transcript into a `Decision`; one per site, rebuilt pieces on reload."""

    def __init__(self, matcher: AnswerMatcher, options: KnowledgeOptions, *, direct_facts: bool = True,
                 system_prompt: str = SYSTEM_PROMPT) -> None:
        self.matcher = matcher
        self.options = options
        self.direct_facts = direct_facts
        self._prompt_template = system_prompt
        self._use(matcher.site)

    def _use(self, site: SiteKnowledge) -> None:
        self.site = site
        self.guard = (GroundingGuard(site, min_word_support=self.options.min_word_support)
                      if self.options.guard_enabled else None)
        self.system_prompt = self._prompt_template.format(site=site.site, kind=site.kind or "public place")
        self._prompt_ngrams = word_ngrams(self.system_prompt) - word_ngrams(" ".join(site.texts))
        whole = [(Evidence.of([t]), self.matcher.terms_of(t)) for t in site.texts]
        self._priced = [(ev, words) for ev, words in whole if ev.prices]
        # "The doctors are Dr. Amara Patel and Dr. Lewis Chen; the nurse practitioner is Jo Okafor": a semicolon
        # joins two statements, each of its own subject, so "The nurse is Dr. Amara Patel" binds nothing (`_bound`).
        self._statements = [(Evidence.of([part]), self.matcher.terms_of(part))
                            for t in site.texts for part in t.split(";")]
        # "What's the charge *per* cut": how a price is put, shared by rates of every kind (`_price_owners`).
        self._rate_terms = self.matcher.terms_of("per each")
        self._offers = self._offer_texts(self.matcher.units)
        self._names = site_names(site.texts)
        self._sounds = site_sounds(site.texts)

    def _offer_texts(self, units: Sequence[Unit]) -> dict[str, Unit]:
        """Each unit that can be offered, keyed by how it is offered. Of units that would be named alike, an entry is
        offered (the operator wrote it as the answer; a fact saying the same is often left unlinked to it); when
        none or several are entries ("the store" for its hours and for its payments), none is: a yes would not say
        which."""
        named: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.entry is None and not self.direct_facts:
                continue
            if topic := topic_of(unit.entry, unit.text):
                named.setdefault(self.options.offer_text.format(topic=topic), []).append(unit)
        offers = {}
        for text, alike in named.items():
            entries = [u for u in alike if u.entry is not None]
            if len(alike) == 1 or len(entries) == 1:
                offers[text] = entries[0] if entries else alike[0]
        return offers

    @property
    def offers(self) -> dict[str, Unit]:
        """Every offer this site may speak, and the unit a yes to it speaks."""
        return dict(self._offers)

    def offered(self, said: str) -> Unit | None:
        """The unit an assistant turn ended by offering, if it did."""
        said = said.strip()
        return next((unit for text, unit in self._offers.items() if said.endswith(text)), None)

    def offer_in(self, decision: Decision) -> str | None:
        """The offer `decision` asks back with, or will if it is the LLM's and its reply is stopped."""
        if isinstance(decision, Offer):
            return decision.text
        if isinstance(decision, LlmPlan) and decision.fallback_text != self.options.fallback_text:
            return decision.fallback_text
        return None

    def _pending_offer(self, history: Sequence[ChatMessage]) -> Unit | None:
        """The unit the last assistant turn offered. A visitor who answers while the offer plays cuts it off, and
        the history keeps only the words they heard: then the offer is found again from the question it answered,
        as long as what was heard began it, its lead words at least ("Are you asking about")."""
        if not history or history[-1].role != "assistant":
            return None
        said = history[-1].content.strip()
        if (unit := self.offered(said)) is not None:
            return unit
        lead_words = len(self.options.offer_text.split("{topic}")[0].split())
        if len(history) < 2 or history[-2].role != "user" or len(said.split()) < lead_words:
            return None
        text = self.offer_in(self.plan(history[-2].content, history[:-2]))
        return self._offers.get(text) if text is not None and text.startswith(said) else None

    def reload(self, site: SiteKnowledge) -> int:
        """Switch to a new version of the site; returns how many sentences had to be re-embedded."""
        embedded = self.matcher.reload(site)
        self._use(site)
        return embedded

    def plan(self, transcript: str, history: Sequence[ChatMessage] = ()) -> Decision:
        """What to say in reply to `transcript`, given the earlier turns (`history`, oldest first)."""
        # "Is there a doctor Lewis Chin here": the recogniser's spelling of a name the site states, put back.
        text = repair_names(transcript.strip(), self._names)
        # "where's the plumbing stuff no sorry i mean the paint": what was taken back is not asked about.
        text = without_retraction(text)
        # "far's the the t t toilets": a stammer's repeats and part-words, as the recogniser keeps them, taken out.
        text = without_stammer(text)
        # "whar's da terlet": a dialect's spelling of an everyday word, as the recogniser writes it, put back.
        text = standard_spelling(text)
        # "is there a toy let in here": a site word the recogniser wrote as it sounds, put back (round 68).
        text = repair_soundalikes(text, self._sounds, lambda word: bool(self.matcher.unknown_subject_terms(word)))
        # "hi how are you, what time do you close": the pleasantry is no question about the kiosk (round 59).
        text = without_pleasantry(text)
        # "... the news at one our top story what hours are the walk ins": the radio the kiosk overheard (round 69).
        text = without_overheard(text)
        if not text:
            return Fallback(self.options.fallback_text, "empty")
        if (offered := self._pending_offer(history)) is not None:
            reply = reply_to_offer(text)
            if reply == "yes":
                return self._speak(offered)
            if reply == "no":
                return Fallback(self.options.fallback_text, "offer declined")
            rest = after_yes(text)
            if rest is not None and not self.matcher.uncovered(rest, offered) and (
                    (wanted := wanted_kinds(rest)) is None or wanted & offered.kinds):
                return self._speak(offered)  # "yes, where is it?": about the topic just confirmed, and it says
            text = after_no(text) or text  # "no, I meant the pool", "yes, and is it heated": asked afresh
        if (asked := errand_question(text)) is not None and not is_emergency(text):
            # "just had me key cut at the desk, now where's the paint": the errand names another service; the
            # question after it is what is asked.
            text = asked
        ranked = self.matcher.rank(text)
        if not ranked:
            return Fallback(self.options.fallback_text, "the site has no knowledge")
        top = ranked[0]
        echoes_entry = top.unit.entry is not None and top.dense >= ENTRY_ECHO
        social = conversational_kind(text)
        if social is not None and not echoes_entry:
            # "thanks for your help" is no question for the "I need urgent help" entry, and "I'm not sure about
            # that" is no reply to it: an acknowledgement that states nothing.
            reply = self.options.greeting_text if social == "greeting" else self.options.closing_text
            return Fallback(reply, social)
        if is_emergency(text) and (urgent := self._emergency_unit(ranked)) is not None:
            # Someone is in danger: the site's emergency answer, whatever else the words say ("my friend can't
            # breathe" -- "friend" is nowhere in the site, and that must not send it to the LLM).
            if urgent.unit.entry is not None:
                return Matched(urgent.unit.entry, urgent.score)
            return Direct(urgent.unit.text, urgent.score)
        reason = out_of_scope_reason(text)
        if reason is not None and not echoes_entry:
            # The current time, the weather, advice...: no site fact answers these, however close one scores.
            if reason != SMALL_TALK and (part := self._answerable_part(text)) is not None and (
                    offer := self._offer_of(part.unit)):
                # "blood test which room and how long's the queue usually": the other question is the site's to
                # answer; asked back, as when one of two names a thing the site never mentions (round 58). Small
                # talk with the kiosk ("who made you, and do they pay you") is no site question in either part.
                return Offer(offer, part.unit, part.score, f"a part of the question (the rest: {reason})")
            return Fallback(self.options.fallback_text, f"out_of_scope ({reason})")
        if (exception := asked_exception(text)) is not None and not echoes_entry and not any(
                covers_exception(" ".join(s.unit.statements)) for s in ranked[:RESCUE_DEPTH]):
            # "can I use the gym if I'm not staying here": the site states the usual case only, and spoken as the
            # answer (or offered) it would answer a question that was not asked.
            return Fallback(self.options.fallback_text, f"out_of_scope (an exception: {exception})")
        if echoes_entry and not self.matcher.uncovered(text, top.unit):
            # The operator's own question ("Where can I store my bags?"): its entry answers it, whatever kind of
            # fact the answer holds ("the concierge will store your luggage" names no place for the "where"),
            # as long as it mentions all the question asks about ("...flu jab *at the pharmacy*" is another).
            return Matched(top.unit.entry, top.score)
        chosen = self.confident(text, ranked)
        if chosen is not None and (offer := self._offer_of(chosen.unit)) is not None:
            if chosen.score < self._ask_before(text):
                return Offer(offer, chosen.unit, chosen.score, f"unsure (score {chosen.score:.2f})")
            if self._like_word_yes_no(text, chosen):
                return Offer(offer, chosen.unit, chosen.score, "a yes/no question its unit covers only by a like word")
        if chosen is not None:
            if chosen.unit.entry is not None:
                return Matched(chosen.unit.entry, chosen.score)
            if self.direct_facts:
                return Direct(chosen.unit.text, chosen.score)
        # From here nothing answers with confidence: the best unit is offered rather than the fallback said. A story
        # the site knows no word of ("I'm seventy-eight and I've had three cups of tea, where's the lavvy") only
        # dilutes the question, so the best unit without it may be offered (never answered: the story may still
        # matter, "our train isn't till late afternoon, how long could we keep the room").
        if (story_free := self.matcher.rank_without_story(text)) and story_free[0].score > top.score:
            top = story_free[0]
        else:
            top = self._mentioning_all(text, ranked)
        if top.score < self.options.scope_threshold:
            return self._offer_or_fallback(top, text, f"out_of_scope (score {top.score:.2f})")
        if unknown := self.matcher.unknown_subject_terms(text):
            # "do you do covid vaccines", "is there a pool for kids": the site never says a word about the thing
            # asked, so no fact in the prompt can answer it, and the LLM would answer the neighbouring fact (on
            # the used sets the LLM answered none of these right, and a tenth of them with a fact about something
            # else).
            if (part := self._answerable_part(text)) is not None and (offer := self._offer_of(part.unit)):
                # "What time do you shut on a Sunday, and is there a cafe": one of two questions is the site's to
                # answer; asked back, rather than the fallback for both or the hours as if they answered it all.
                return Offer(offer, part.unit, part.score,
                             f"a part of the question (never mentions {', '.join(unknown)})", tuple(unknown))
            return self._offer_or_fallback(top, text, f"out_of_scope (never mentions {', '.join(unknown)})",
                                           tuple(unknown))
        if asks_to_confirm_a_value(text) and (offer := self._offer_text(top, text)) is not None:
            # "The shuttle is still free, isn't it": the LLM would agree with the visitor's value and the guard
            # accepts their own words, so the site's answer about the thing is offered instead.
            return Offer(offer, top.unit, top.score, "a value to confirm: the site's own answer is offered")
        shown = [f for f, _ in self.matcher.closest_facts_scored(text, self.options.facts_in_prompt)]
        plan = self.llm_plan(text, history, shown)
        if (offer := self._offer_text(top, text)) is not None:
            plan.fallback_text = offer  # what the guard or a declining LLM ends the reply with
        return plan

    def _mentioning_all(self, text: str, ranked: Sequence[Scored]) -> Scored:
        """The unit to ask back about when nothing answers with confidence: the best one, or, when it mentions
        nothing the question is about, one within `rescue_gap` of it that mentions all of it and holds the kind of
        fact asked for (round 62: "this bulb blew in my kitchen, where would I find one like it" scored plumbing a
        hair above the electrical aisle, the only unit that says "bulbs"). A best unit that mentions some of it stays
        (the x-rays for "the doc wants an x-ray, where's that", though the walk-in hours name the doctors). It keeps
        the best score: how close the question is to the site's knowledge, which the thresholds judge, is the best
        unit's score whichever unit is asked about."""
        top = ranked[0]
        missing = self.matcher.uncovered(text, top.unit)
        if not missing or set(self.matcher.subject_terms(text)) - set(missing):
            return top
        mentioning = next((s for s in ranked[1:RESCUE_DEPTH]
                           if s.score >= top.score - self.options.rescue_gap and self._fits(text, s)), None)
        return top if mentioning is None else replace(mentioning, score=top.score)

    def _answerable_part(self, text: str) -> Scored | None:
        """The unit that answers with confidence one of the separate questions in `text`, when it asks several
        (clauses.question_parts) and that one names nothing the site never mentions."""
        parts = question_parts(text)
        if len(parts) < 2:
            return None
        for part in parts:
            if self.matcher.unknown_subject_terms(part) or out_of_scope_reason(part) is not None:
                continue
            if (chosen := self.confident(part, self.matcher.rank(part))) is not None:
                return chosen
        return None

    def _ask_before(self, text: str) -> float:
        """The score under which a confident answer to `text` is offered first: `ask_before_answer_below`, or for a
        yes/no question that asks for no kind of fact, `ask_before_yes_no_below` if higher."""
        o = self.options
        if o.ask_before_yes_no_below > o.ask_before_answer_below and split_clauses(text).yes_no and (
                wanted_kinds(text) is None):
            return o.ask_before_yes_no_below
        return o.ask_before_answer_below

    def _like_word_yes_no(self, text: str, chosen: Scored) -> bool:
        """Is `text` a yes/no question that `chosen` covers only through a word of like meaning ("do they do
        *cocktails* in the lantern bar" -> "bar")? Such a question asks whether the very thing is so; see
        `ask_before_like_word_yes_no`."""
        return (self.options.ask_before_like_word_yes_no and split_clauses(text).yes_no
                and bool(self.matcher.soft_covered(text, chosen.unit)))

    def _offer_text(self, top: Scored, text: str) -> str | None:
        return self._offer_of(top.unit) if top.score >= self._offer_threshold(text) else None

    def _offer_threshold(self, text: str) -> float:
        """The score from which the best unit is offered for `text`: `offer_threshold` for an 8-word question that
        is no yes/no one and sets no scene, more for a yes/no question, less the longer it is and the more scene it
        sets, never under `offer_floor` (see the options)."""
        o = self.options
        if o.offer_threshold > 1.0:
            return o.offer_threshold
        clauses = split_clauses(text)
        words = max(len(text.split()), 1)
        threshold = (o.offer_threshold + o.offer_yes_no_extra * clauses.yes_no
                     - o.offer_per_doubling_words * math.log2(words / OFFER_REFERENCE_WORDS)
                     - o.offer_per_scene_clause * len(clauses.scene))
        return max(o.offer_floor, threshold)

    def _offer_of(self, unit: Unit) -> str | None:
        return next((text for text, offered in self._offers.items() if offered is unit), None)

    def _offer_or_fallback(self, top: Scored, text: str, reason: str,
                           missing: tuple[str, ...] = ()) -> Offer | Fallback:
        """Nothing answers with confidence: ask back about the best unit, or say the fallback."""
        if (offer := self._offer_text(top, text)) is not None:
            return Offer(offer, top.unit, top.score, reason, missing)
        return Fallback(self.options.fallback_text, reason, missing)

    def _speak(self, unit: Unit) -> Matched | Direct:
        """The unit the visitor said yes to (score 1.0: they confirmed it)."""
        return Matched(unit.entry, 1.0) if unit.entry is not None else Direct(unit.text, 1.0)

    def _emergency_unit(self, ranked: Sequence[Scored]) -> Scored | None:
        """The best-ranked unit that talks about an emergency (its words fold to "emergency"), if the site has one."""
        return next((s for s in ranked if "emergency" in self.matcher.terms_of(" ".join(s.unit.statements))), None)

    def answers(self, text: str, ranked: Sequence[Scored]) -> bool:
        """Is some unit sure enough to be spoken as the answer (no LLM)? See `confident`."""
        return self.confident(text, ranked) is not None

    def confident(self, text: str, ranked: Sequence[Scored]) -> Scored | None:
        """The unit to speak as the answer without the LLM, if one is sure enough. See the thresholds' docs.

        Whatever its score, the unit must hold the kind of fact the question asks for (a price for "how much", a
        place for "where") and mention everything the question is about (`AnswerMatcher.uncovered`): "how much is
        a room" is not answered by the garage's price per night, "flu vaccine for my dog" not by the flu jab's.
        When the best-scoring unit fails that, a unit within `rescue_gap` of it that passes may answer instead
        ("what time does the chemist shut": the clinic's hours score a hair above the pharmacy's).
        """
        if not ranked:
            return None
        fits = [s for s in ranked[:RESCUE_DEPTH] if s.score >= ranked[0].score - self.options.rescue_gap
                and self._fits(text, s)]
        if not fits:
            return self._despite_unknown_word(text, ranked)
        best = fits[0]
        # The lead over the runner-up that also fits; a unit that leaves part of the question out is no rival, nor
        # one that restates the best (an entry's answer and the fact it was written from).
        rivals = [s.score for s in ranked[:RESCUE_DEPTH * 2]
                  if s is not best and not s.unit.restates(best.unit) and self._fits(text, s)]
        margin = best.score - max(rivals, default=0.0)
        if self.matcher.soft_covered(text, best.unit):
            return best if (best.score >= self.options.extract_threshold
                            and margin >= SOFT_MARGIN_FACTOR * self.options.extract_margin) else None
        if not self.matcher.subject_terms(text):
            # "where is the shop", "you open late tonight": nothing but how it is asked, so only a clear lead over
            # every other unit, fitting or not, may answer it, however high the score.
            lead = best.score - max((s.score for s in ranked[:RESCUE_DEPTH * 2]
                                     if s is not best and not s.unit.restates(best.unit)), default=0.0)
            return best if (best.score >= self.options.extract_threshold
                            and lead >= NO_SUBJECT_MARGIN_FACTOR * self.options.extract_margin) else None
        if best.score >= self.options.match_threshold:
            return best
        if best.score >= self.options.extract_threshold and margin >= self.options.extract_margin:
            return best
        return None

    def _fits(self, text: str, scored: Scored, ignore: frozenset[str] = frozenset()) -> bool:
        wanted = wanted_kinds(text)
        if wanted is not None and not wanted & scored.unit.kinds:
            return False
        return not [t for t in self.matcher.uncovered(text, scored.unit) if t not in ignore]

    def _despite_unknown_word(self, text: str, ranked: Sequence[Scored]) -> Scored | None:
        """The best unit, when it fits the question but for one word the site never uses and scores at least
        `UNKNOWN_WORD_MATCH` with a lead of `extract_margin` over every other unit that fits so (see the constant)."""
        unknown = frozenset(self.matcher.unknown_subject_terms(text))
        if len(unknown) != 1 or not self.matcher.known_subject_terms(text):
            return None
        best = ranked[0]
        if best.score < UNKNOWN_WORD_MATCH or not self._fits(text, best, unknown):
            return None
        rivals = [s.score for s in ranked[1:RESCUE_DEPTH * 2]
                  if not s.unit.restates(best.unit) and self._fits(text, s, unknown)]
        return best if best.score - max(rivals, default=0.0) >= self.options.extract_margin else None

    def _price_owners(self, text: str) -> list[Evidence] | None:
        """The site texts whose prices a reply to `text` may state, or None for any. "After the first five cuts on
        the timber, what's the charge per cut" -> not the $4.50 of "keys are cut at the service desk", which the
        LLM took: a price belongs to the thing it is stated with. The question's own words (scene included; not
        generic words, not words about the kind of answer) are matched to each site text that states a price; a
        text whose shared words another such text has all of and more loses its prices (the key-cutting answer
        shares none, the timber fact "timber"). A question about two things ("breakfast and the garage") keeps
        both; one that names no priced thing leaves every price to the other checks."""
        asked = self.matcher.named_site_terms(text) - self._rate_terms
        shared = [(ev, words & asked) for ev, words in self._priced if words & asked]
        if not shared:
            return None
        return [ev for ev, words in shared if not any(words < other for _, other in shared)]

    def _bound(self, subjects: Sequence[str], kinds: frozenset[str], sentence: str,
               price_owners: list[Evidence] | None = None) -> bool:
        """Is every claim of `kinds` in `sentence` stated by one site sentence that also names the `subjects` its
        part of the sentence names (all of them, when that part names none)? "The hotel has a smoking room on the
        4th floor" joins the gym's floor to smoking; "The bar is open until midnight, and smoking is not allowed"
        states two facts, each of its own subject. A price must also be one of `price_owners` (`_price_owners`)."""
        for part in _JOINED.split(sentence):
            words = self.matcher.terms_of(part)
            named = [t for t in subjects if t in words] or subjects
            for claim in extract_claims(part):
                if claim.kind in kinds and not any(ev.supports(claim) and all(t in site_words for t in named)
                                                   for ev, site_words in self._statements):
                    return False
                if claim.kind == "price" and price_owners is not None and not any(
                        ev.supports(claim) for ev in price_owners):
                    return False
        return True

    def llm_plan(self, text: str, history: Sequence[ChatMessage], facts: Sequence[str]) -> LlmPlan:
        """The LLM prompt for `text` with `facts`, and its guard (also used alone for the LLM-only baseline)."""
        listed = "\n".join(f"- {f}" for f in facts)
        # Off by default: a claim only the visitor made is the LLM agreeing with a premise (see the option's doc).
        user_words = (" ".join([*(m.content for m in history if m.role == "user"), text])
                      if self.options.user_claims_count else "")
        messages = [ChatMessage("system", self.system_prompt), *history,
                    ChatMessage("user", f"Facts:\n{listed}\nQuestion: {text}")]
        guarded = self.guard is not None
        subjects = tuple(self.matcher.known_subject_terms(text)) if guarded else ()
        owners = self._price_owners(text) if guarded else None
        wanted = wanted_kinds(text)
        return LlmPlan(messages=messages, facts=list(facts), user_text=user_words, guard=self.guard,
                       fallback_text=self.options.fallback_text, max_sentences=self.options.max_sentences,
                       hold_sentences=self.options.hold_sentences,
                       relevance=(lambda sentence: self.matcher.similarity(text, sentence)) if guarded else None,
                       min_relevance=self.options.min_relevance, prompt_ngrams=self._prompt_ngrams,
                       wanted_kinds=wanted if guarded else None, site_name=self.site.site,
                       question=text if guarded else "",
                       subjects=subjects, terms_of=self.matcher.terms_of if guarded else None,
                       bound=(lambda sentence: self._bound(subjects, wanted or CLAIM_KINDS, sentence, owners))
                       if guarded else None)
