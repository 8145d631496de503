"""Runs the knowledge evaluation set through the real responder, LLM and guard, and scores the replies.

Shared by the tests (which assert the issue's goals) and benchmarks/knowledge.py (which prints the figures), so
both measure the same thing. Three scores per category:

- key fact: the reply states every expected key fact (compared by value: "9am" == "9:00 a.m.").
- unsupported: the reply states a time, price, number, phone number or name that is not in the site knowledge.
  Audited with the guard's claim finder but *without* the user's words as evidence, so a reply that repeats a
  wrong premise from the question still counts as unsupported.
- honest: an out-of-scope question got the fallback (or, for the LLM alone, an "I don't know" with no claim); for a
  turn that asks nothing (thanks, bye, never mind) the kiosk's short acknowledgement, which states nothing, is
  honest too.

When the kiosk asks back ("Are you asking about the gym?", offers.py), the visitor answers as a real one would: yes
when the offered unit states the key facts, no otherwise (always no to an out-of-scope question), and the reply
scored is the kiosk's answer to that. `Reply.offer` says which happened, so the figures can be given both ways:
right at once, and right after one yes.
"""

from __future__ import annotations

import re
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from edge.fragments import FragmentSplitter
from edge.knowledge.claims import WEEKDAYS, extract_claims
from edge.knowledge.guard import Evidence, GroundingGuard
from edge.knowledge.matcher import AnswerMatcher
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.responder import LlmPlan, Responder, declines
from edge.knowledge.site import SiteKnowledge, load_site
from engines.protocols import CancelToken, ChatMessage, LanguageModel, TextEmbedder

ROOT = Path(__file__).resolve().parents[2]
SITES_DIR = ROOT / "configs" / "sites"
EVAL_FILE = Path(__file__).with_name("eval_set.yaml")
"""The calibration questions: thresholds and the synonym list were set looking at these."""
NON_FAQ_FILE = Path(__file__).with_name("non_faq.yaml")
HELDOUT_FILE = Path(__file__).with_name("heldout_set.yaml")
"""The held-out questions: written before tuning, never used to set anything; the reported result."""
HELDOUT_NON_FAQ_FILE = Path(__file__).with_name("heldout_non_faq.yaml")
SPLITS = {"calibration": (EVAL_FILE, NON_FAQ_FILE), "heldout": (HELDOUT_FILE, HELDOUT_NON_FAQ_FILE),
          **{f"heldout{n}": (Path(__file__).with_name(f"heldout{n}_set.yaml"),
                             Path(__file__).with_name(f"heldout{n}_non_faq.yaml"))
             for n in range(2, 71)}}
"""The question sets, in the order they were written and used:
calibration: thresholds and the synonym list were set looking at these (in-sample);
heldout:     written before any tuning; its first run is the blind result of the first design, after which it
             helped choose between variants (word-embedding soft matches kept; evidence shrinking, off-topic
             anchors and a second threshold set dropped);
heldout2:    written after heldout's first run, before those variants; also used to choose between them;
heldout3:    written before the previous final choice and run once with it (the blind result of that design); then
             studied with the others to design intent detection, content-word coverage and the fact path;
heldout4:    written before those changes and run once with their final configuration (the blind result of that
             design); then studied to design round 2 (closings, weak synonyms, item categories, emergencies);
heldout5:    written before the round-2 changes and run once with their final configuration (the blind result of
             that design); then studied to design round 3 (out-of-scope kinds, unknown subjects, vocabulary);
heldout6:    written before the round-3 changes and run once with their final configuration (the blind result of
             that design); then studied to design round 4 (one unknown word under a strong match, grammar words,
             emergencies named as places, waiting times);
heldout7:    written before the round-4 changes and run once with their final configuration (the blind result of
             that design); then studied to design round 5 (measure words before "of", hedges, occasions and
             devices as context, weak links for symptoms of a need: a dripping tap, a complaint, tablets);
heldout8:    written before the round-5 changes and run once with their final configuration (the blind result of
             that design); then studied to design round 6 (irregular past forms, plural phrases, a word done again,
             words asking for a quantity, journeys and how a visitor feels as context);
heldout9:    written (by a helper that saw only the site files and the earlier sets) before the round-6 changes and
             run once with their final configuration (the blind result of that design); then studied to design
             round 7 (what happened to the visitor, told by a past or progressive verb after "I"/"we", is no
             unknown subject);
heldout10:   written the same way before the round-7 change and run once with it (the blind result of that design);
             then studied to design round 8 (the scene a visitor sets before asking is no subject, clauses.py);
heldout11:   written the same way before the round-8 change and run once with it (the blind result of that design);
             then studied to design round 9 (a span of time for "how long", no folding onto a generic look-alike);
heldout12:   written the same way before round 9's changes were final and run once with them (the blind result of
             that design); then studied to design round 10 (more words for someone in danger);
heldout13:   written the same way before round 10's change and run once with it (the blind result of that design);
             then studied, with heldout9..12, to design round 11 (each part of an LLM sentence bound to its subject)
             and round 12 (a clock time the visitor names is no subject);
heldout14:   written the same way before round 12's change and run once with it (the blind result of that design);
             then studied to design round 13 (signs of a heart attack or a stroke; a question word asking about
             what the scene names keeps the scene's known words);
heldout15:   written the same way after round 13's changes were made (unseen) and run once with them (the blind
             result of that design); then studied to design round 14 (a head injury, someone confused);
heldout16:   written the same way while round 15 (asking back, offers.py) was built, without seeing it, and run once
             with it (the blind result of that design); then studied, with the others, to design round 16 (near
             misses: an exception to the usual visitor, a count, a day, a span, a price);
heldout17:   written the same way before round 16 was built and run once with it (the blind result of that design);
             then studied, with the others, to design round 17 (a long question is asked back about from a lower
             score);
heldout18:   written the same way while round 17 was measured, without seeing it, and run once with it (the blind
             result of that design); then studied, with the others, to design round 18 (a yes/no question is asked
             back about first);
heldout19:   written the same way while round 18 was designed, without seeing it, and run once with it (the blind
             result of that design); then studied, with the others, to design round 19 (a unit that fits the
             question is asked back about from a lower score);
heldout20:   written the same way while round 19 was designed, without seeing it, and run once with it (the blind
             result of that design); then studied, with the others, for round 21 (the rule's weights were fitted on
             every set up to this one);
heldout21:   written the same way while round 21 was designed, without seeing it, and run once with it (the blind
             result of that design); then studied, with the others, to design round 22 (an either-or question is no
             yes/no one; a sum is general knowledge);
heldout22:   written the same way while round 22 was designed, without seeing it, and run once with it (the blind
             result of that design); then studied, with the others, to design round 23 (a yes/no question covered
             only by a word of like meaning is asked back about);
heldout23:   written the same way before round 23 was designed, without seeing it, and run once with it (the blind
             result of that design); no round was designed from it;
heldout24:   written the same way after round 23, without seeing any result of it, and run once with it: a blind
             result (the first 12 hardware-store questions and 4 shared non-FAQ ones were glimpsed before the run,
             while its file format was checked; nothing was changed after); then studied to design rounds 24 and 25;
heldout25:   written the same way, unseen, and run once with round 23 together with heldout24 (the blind result of
             that design; rounds 24-27 change no reply on it);
heldout26:   written the same way while round 24 was designed, unseen, and run once with round 25 (the blind result of
             that design); then studied to design rounds 26 and 27.
heldout27:   written the same way after round 27, unseen, and run once with it (the blind result of that design);
             then studied to design round 28.
heldout28:   written the same way after round 28, unseen, and run once with it (the blind result of that design);
             then studied to design round 29.
heldout29:   written the same way after round 29, unseen, and run once with it (the blind result of that design);
             then studied to design round 30.
heldout30:   written the same way after round 30, unseen, and run once with it (the blind result of that design);
             then studied to design round 31.
heldout31:   written the same way after round 31, unseen, and run once with it (the blind result of that design);
             then studied to design round 32.
heldout32:   written the same way after round 32, unseen, and run once with it (the blind result of that design);
             then studied to design round 33.
heldout33:   written the same way after round 33, unseen, and run once with it (the blind result of that design);
             then studied to design round 34.
heldout34:   written the same way after round 34, unseen, and run once with it (the blind result of that design);
             then studied to design round 35.
heldout35:   written the same way after round 35, unseen, and run once with it (the blind result of that design);
             then studied to design round 36.
heldout36:   written the same way after round 36, unseen, and run once with it (the blind result of that design);
             then studied to design round 37.
heldout37:   written the same way after round 37, unseen, and run once with it (the blind result of that design);
             then studied to design round 38.
heldout38:   written the same way after round 38, unseen, and run once with it (the blind result of that design);
             then studied to design round 39.
heldout39:   written the same way after round 38, unseen, and run once with round 39 (the blind result of that
             design); then studied to design round 40.
heldout40:   written the same way after round 38, unseen, and run once with round 40 (the blind result of that
             design); then studied to design round 41.
heldout41:   written the same way after round 40, unseen, and run once with round 41 (the blind result of that
             design); then studied to design round 42.
heldout42:   written the same way after round 41, unseen, and run once with round 42 (the blind result of that
             design); then studied to design round 43.
heldout43:   written the same way after round 42, unseen, and run once with round 43 (the blind result of that
             design); then studied to design round 44.
heldout44:   written the same way after round 43, unseen, and run once with round 44 (the blind result of that
             design); then studied to design round 45.
heldout45:   written the same way after round 44, unseen, and run once with round 45 (the blind result of that
             design); then studied to design round 46.
heldout46:   written the same way after round 45, unseen, and run once with round 46 (the blind result of that
             design); then studied to design round 47.
heldout47:   written the same way after round 46, unseen, and run once with round 47 (the blind result of that
             design); then studied to design round 48.
heldout48:   written the same way after round 47, unseen, and run once with round 48 (the blind result of that
             design); then studied, with heldout49, to design round 49.
heldout49:   written the same way after round 48, unseen, and run once with round 48 (the blind result of that
             design); then studied to design round 49.
heldout50:   written the same way after round 48, unseen, and run once with round 49 (the blind result of that
             design); then studied to design round 50.
heldout51:   written the same way after round 49, unseen, and run once with round 50 (the blind result of that
             design); then studied to design round 51.
heldout52:   written the same way after round 50, unseen, and run once with round 51 (the blind result of that
             design); then studied to design round 52.
heldout53:   written the same way after round 52, unseen, and run once with round 52 (the blind result of that
             design); then studied to design round 53.
heldout54:   written the same way after round 53, unseen, and run once with round 53 (the blind result of that
             design); then studied to design round 54.
heldout55:   written the same way after round 53, unseen, and run once with round 54 (the blind result of that
             design); then studied to design round 55.
heldout56:   written the same way after round 54, unseen, and run once with round 55 (the blind result of that
             design); then studied to design round 57.
heldout57:   written the same way after round 56; NOT blind: a listing of round 57's routes over every registered
             set showed its questions and their routes before its run (no rule was made after that). Run once
             with round 57.
heldout58:   written the same way after round 57, unseen, and run once with round 57 (the blind result of that
             design); then studied to design round 58 and round 59.
heldout59:   written the same way after round 58, unseen, and run once with round 59 (the blind result of that
             design); then studied to design round 60.
heldout60:   written the same way after round 60, unseen, and run once with round 60 and its review (the blind
             result of that design); then studied to design round 61.
heldout61:   written the same way after round 60, unseen, and run once with round 61 (the blind result of that
             design); then studied to design round 62.
heldout62:   written the same way after round 61, unseen, and run once with round 62 (the blind result of that
             design); then studied to design round 63 and round 64.
heldout63:   written the same way after round 63, unseen, and run once with round 64 (the blind result of that
             design); then studied to design round 65.
heldout64:   written the same way after round 64, unseen, and run once with round 65 (the blind result of that
             design); then studied to design round 66.
heldout65:   written the same way after round 66, unseen, and run once with round 66 (the blind result of that
             design; on an Intel Xeon, where SmolLM2's int8 replies differ from the AMD EPYC's); then studied to
             design round 67.
heldout66:   written the same way after round 67, unseen, and run once with round 67 (the blind result of that
             design); then studied to design round 68.
heldout67:   written the same way after round 67 (while round 68 was designed), unseen, and run once with round 68
             (the blind result of that design); then studied to design round 69.
heldout68:   written the same way after round 68 (while round 69 was designed), unseen, and run once with round 69
             (the blind result of that design); then studied to design round 70.
heldout69:   written the same way after round 69 (while round 70 was designed), unseen, and run once with round 70
             (the blind result of that design); then studied to design round 71.
heldout70:   written the same way after round 70 (while round 71 was designed), unseen, and run once with round 71
             (the blind result of that design)."""
CATEGORIES = ("paraphrase", "fact", "out_of_scope")
MAX_NEW_TOKENS = 64


@dataclass(frozen=True)
class EvalItem:
    site: str
    question: str
    category: str
    expect: tuple[str, ...]
    """Key facts the reply must state; empty for out-of-scope (the fallback is expected)."""


@dataclass
class Reply:
    item: EvalItem
    text: str
    route: str
    """matched / direct / fallback / llm:<outcome> for the system; llm for the baseline."""
    key_fact: bool
    unsupported: tuple[str, ...]
    honest: bool
    offer: str = ""
    """"accepted" or "declined" when the kiosk asked back first (the visitor said yes or no), else ""."""


def load_eval_set(split: str = "calibration") -> list[EvalItem]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(SPLITS[split][0].read_text(encoding="utf-8"))
    items = []
    for site, rows in data.items():
        for row in rows:
            expect = () if row["expect"] == "fallback" else tuple(row["expect"])
            items.append(EvalItem(site, row["q"], row["cat"], expect))
    return items


def load_non_faq(split: str = "calibration") -> dict[str, list[str]]:
    """Per site: the questions none of its entries answers (the shared ones included)."""
    data = yaml.safe_load(SPLITS[split][1].read_text(encoding="utf-8"))
    shared = data.pop("any_site")
    return {site: shared + (own or []) for site, own in data.items()}


def unanswerable(split: str = "calibration") -> list[tuple[str, str]]:
    """(site, question) pairs that nothing in the site's knowledge answers: the non-FAQ questions that are not
    answerable from the facts either, and the split's out-of-scope questions. A confident answer to one of these
    (an entry's answer or a fact spoken without the LLM, `is_confident`) is a false match."""
    items = load_eval_set(split)
    answerable = {(i.site, i.question) for i in items if i.category != "out_of_scope"}
    pairs = [(s, q) for s, qs in load_non_faq(split).items() for q in qs if (s, q) not in answerable]
    pairs += [(i.site, i.question) for i in items if i.category == "out_of_scope"]
    return list(dict.fromkeys(pairs))


def is_confident(responder: Responder, question: str) -> bool:
    """Would the kiosk speak a unit of site knowledge as the answer, without the LLM?"""
    return responder.plan(question).kind in ("matched", "direct")


def load_sites() -> dict[str, SiteKnowledge]:
    return {p.stem: load_site(p) for p in sorted(SITES_DIR.glob("*.yaml"))}


# A span's number with its unit ("10 minutes", "3 working days") and a weekday's name: what a key fact says that the
# guard's reading by value does not hold the reply to (see `states_key_facts`).
_SPAN = re.compile(r"\b(\d+(?:\.\d+)?)[\s-]+(?:working |business )?(minute|hour|day|night|week|month|year|mile)s?\b",
                   re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})s?\b", re.IGNORECASE)


def states_key_facts(reply: str, expect: tuple[str, ...]) -> bool:
    """Does `reply` state every expected fact? Times, prices, numbers and names by value, other words verbatim.

    Stricter than the guard's reading by value (round 60's review): a span must be said with its unit, and a weekday
    by its name. "10 minutes" is not stated by "from 8:00 a.m. to 10:00 a.m." (the walk-in hours, which had passed
    for how early to check in), nor "Saturday" by "open on the weekends". "A 5-minute walk" says its span as "a 5
    minute walk" does (the blind heldout62's one reply scored wrong was right but for the hyphen)."""
    evidence = Evidence.of([reply])
    said_spans = {(float(n), unit.lower()) for n, unit in _SPAN.findall(reply)}
    said_days = {day.lower() for day in _WEEKDAY.findall(reply)}
    for fact in expect:
        claims = extract_claims(fact)
        if claims:
            if not all(evidence.supports(c) for c in claims):
                return False
            if any((float(n), unit.lower()) not in said_spans for n, unit in _SPAN.findall(fact)):
                return False
            if any(day.lower() not in said_days for day in _WEEKDAY.findall(fact)):
                return False
        elif fact.lower() not in reply.lower():
            return False
    return True


def is_honest(reply: str, fallback: str, unsupported: tuple[str, ...], social: tuple[str, ...] = ()) -> bool:
    return not unsupported and (reply.strip() in (fallback, *social) or declines(reply))


def score(item: EvalItem, text: str, route: str, auditor: GroundingGuard, fallback: str,
          social: tuple[str, ...] = (), offer: str = "") -> Reply:
    stated = text.replace(fallback, " ").strip()  # the fallback itself states nothing
    if stated in social:
        stated = ""  # nor does "You're welcome"
    unsupported = auditor.check(stated).unsupported if stated else ()
    key = states_key_facts(text, item.expect) if item.expect else False
    return Reply(item, text, route, key, unsupported, is_honest(text, fallback, unsupported, social), offer)


def stream_through(plan: LlmPlan, llm: LanguageModel) -> str:
    """Run the LLM as the pipeline does: pieces -> fragments -> the plan's gate; stop once it has stopped."""
    cancel = CancelToken()
    splitter = FragmentSplitter()
    with closing(llm.stream_reply(plan.messages, max_new_tokens=MAX_NEW_TOKENS, cancel=cancel)) as pieces:
        for piece in pieces:
            for fragment in splitter.feed(piece):
                plan.accept(fragment)
            if plan.stopped:
                cancel.cancel()
                break
        else:
            for fragment in splitter.flush():
                plan.accept(fragment)
    plan.finish()
    return plan.text


class KnowledgeEval:
    """One responder per example site, over a shared embedder and LLM."""

    def __init__(self, embedder: TextEmbedder, llm: LanguageModel, options: KnowledgeOptions | None = None) -> None:
        self.options = options or KnowledgeOptions()
        self.llm = llm
        self.sites = load_sites()
        self.responders = {
            name: Responder(AnswerMatcher(embedder, site, self.options.match_threshold), self.options)
            for name, site in self.sites.items()
        }
        # Claims only (no word-share rule) and no user words: what a reply states that the site does not.
        self.auditors = {name: GroundingGuard(site, min_word_support=0.0) for name, site in self.sites.items()}

    def system_reply(self, item: EvalItem) -> Reply:
        """Matcher + fact retrieval + LLM + guard: what the kiosk would say; after the visitor's yes or no when it
        asks back first (see the module doc)."""
        responder = self.responders[item.site]
        text, route = self._say(responder, item.question, ())
        offer = ""
        if (offered := responder.offered(text)) is not None:
            offer = "accepted" if item.expect and states_key_facts(offered.text, item.expect) else "declined"
            history = (ChatMessage("user", item.question), ChatMessage("assistant", text))
            text, then = self._say(responder, "Yes." if offer == "accepted" else "No.", history)
            route = f"{route.split(' ')[0]}>{offer}>{then}"
        return score(item, text, route, self.auditors[item.site], self.options.fallback_text,
                     (self.options.closing_text, self.options.greeting_text), offer)

    def _say(self, responder: Responder, text: str, history: tuple[ChatMessage, ...]) -> tuple[str, str]:
        decision = responder.plan(text, history)
        if isinstance(decision, LlmPlan):
            said = stream_through(decision, self.llm)
            return said, f"llm:{decision.outcome}" + (f" {list(decision.unsupported)}" if decision.unsupported
                                                       else "")
        return decision.text, decision.kind

    def baseline_reply(self, item: EvalItem) -> Reply:
        """The LLM alone: every fact and answer of the site in its system prompt, no matcher, no guard."""
        site = self.sites[item.site]
        facts = "\n".join(f"- {t}" for t in (*site.facts, *(e.answer for e in site.entries)))
        system = (f"You are the voice assistant of a kiosk at {site.site}, a {site.kind}. Answer in one short "
                  f"sentence using only these facts. If they do not answer the question, say you don't know.\n"
                  f"Facts:\n{facts}")
        messages = [ChatMessage("system", system), ChatMessage("user", item.question)]
        with closing(self.llm.stream_reply(messages, max_new_tokens=MAX_NEW_TOKENS, cancel=CancelToken())) as pieces:
            text = " ".join("".join(pieces).split())
        return score(item, text, "llm", self.auditors[item.site], self.options.fallback_text)


@dataclass(frozen=True)
class CategoryScore:
    category: str
    n: int
    key_fact: float
    """Share of in-scope replies that state the expected key facts (nan for out-of-scope)."""
    unsupported: float
    """Share of replies stating a fact not in the site knowledge."""
    honest: float
    """Share of out-of-scope questions answered honestly (nan for in-scope)."""
    at_once: float = float("nan")
    """Share of in-scope replies with the key facts without asking back first (nan for out-of-scope)."""
    offered: float = 0.0
    """Share of questions the kiosk asked back about before answering or falling back."""
    wrong: float = float("nan")
    """Share of in-scope replies that say something other than the key fact and are no honest "I don't know": a
    true site fact about another thing, or the LLM's own words (nan for out-of-scope). Worse than the fallback: the
    visitor leaves with an answer that is not one."""


def summarise(replies: list[Reply]) -> dict[str, CategoryScore]:
    out = {}
    for cat in CATEGORIES:
        rs = [r for r in replies if r.item.category == cat]
        if not rs:
            continue
        n = len(rs)
        in_scope = cat != "out_of_scope"
        out[cat] = CategoryScore(
            cat, n,
            key_fact=sum(r.key_fact for r in rs) / n if in_scope else float("nan"),
            unsupported=sum(bool(r.unsupported) for r in rs) / n,
            honest=float("nan") if in_scope else sum(r.honest for r in rs) / n,
            at_once=sum(r.key_fact and not r.offer for r in rs) / n if in_scope else float("nan"),
            offered=sum(bool(r.offer) for r in rs) / n,
            wrong=sum(not r.key_fact and not r.honest for r in rs) / n if in_scope else float("nan"),
        )
    return out
