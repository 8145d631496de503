"""Decides, for one user turn, what the assistant may say: the text-level half of a grounded reply.

In order of trust:
1. `Matched`: the question is close to one of the site's entries -> speak its fixed answer (audio made at boot).
2. `Direct`: one of the site's facts answers it on its own (very close to the question) -> speak that fact as is.
3. `Fallback`: the question is far from everything the site knows (out of scope) -> the honest fallback.
4. `LlmPlan`: otherwise the LLM answers with the closest facts in its prompt, and every fragment of its reply
   passes the grounding guard before it is spoken (`accept`). A fragment with an invented time, price, number or
   name, or an LLM that says it does not know, turns into the fallback and ends the reply.

The pipeline and the evaluation (tests/knowledge, benchmarks/knowledge.py) both call this, so what is measured
is what runs. The LLM call itself stays with the caller (through `LanguageModel.stream_reply`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Literal, Sequence

from edge.knowledge.guard import GroundingGuard, GuardVerdict
from edge.knowledge.matcher import AnswerMatcher
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.site import Entry, SiteKnowledge
from engines.protocols import ChatMessage

log = logging.getLogger(__name__)

# The fixed part of the prompt, the same every turn so the LLM adapter can cache its encoding; the facts for the
# question travel in the user message. The worked examples teach a 135M model the two moves it needs: copy the
# fact that answers, or admit it does not know.
SYSTEM_PROMPT = (
    "You are the voice assistant of a kiosk at {site}, a {kind}. Answer the question in one short sentence, "
    "using only the facts given with it. Copy times, prices and numbers exactly as the facts write them. "
    "If the facts do not answer the question, say only: I don't know.\n\n"
    "Example:\nFacts:\n- The cafe is on the ground floor and opens at 8:00 a.m.\n- Parking costs $3 per hour.\n"
    "Question: when does the cafe open\nAnswer: The cafe opens at 8:00 a.m.\n\n"
    "Example:\nFacts:\n- The cafe is on the ground floor and opens at 8:00 a.m.\n- Parking costs $3 per hour.\n"
    "Question: do you sell umbrellas\nAnswer: I don't know."
)

# How a small LLM says it cannot answer; such a reply is replaced by the configured fallback, word for word.
_DECLINES = re.compile(
    r"\b(?:i\s+(?:do\s+not|don'?t)\s+know|i'?m\s+not\s+sure|i\s+am\s+not\s+sure|not\s+sure\s+(?:about|what|if)|"
    r"i\s+(?:cannot|can'?t|am\s+unable\s+to|'?m\s+unable\s+to)\s+(?:help|answer|say|provide|find)|"
    r"(?:no|don'?t\s+have\s+(?:any\s+)?)(?:information|details)|member\s+of\s+(?:the\s+)?staff|"
    r"(?:the\s+)?facts\s+(?:do\s+not|don'?t)\s+(?:say|mention|answer))",
    re.IGNORECASE,
)


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
    """Why: "out_of_scope" (with its score) or "empty"."""
    kind: Literal["fallback"] = "fallback"


@dataclass
class LlmPlan:
    """The LLM's prompt, and the gate its reply passes fragment by fragment (the pipeline's `FragmentGate`)."""

    messages: list[ChatMessage]
    facts: list[str]
    user_text: str
    guard: GroundingGuard | None
    """None when the guard is disabled (to measure the LLM alone)."""
    fallback_text: str
    spoken: list[str] = field(default_factory=list)
    """The fragments (or the fallback) handed out to be spoken, in order."""
    unsupported: tuple[str, ...] = ()
    """The claims that stopped the reply, when it was guarded."""
    outcome: Literal["streaming", "answered", "guarded", "declined", "empty"] = "streaming"
    kind: Literal["llm"] = "llm"

    @property
    def stopped(self) -> bool:
        """True once the fallback has been handed out: the caller should cancel generation."""
        return self.outcome in ("guarded", "declined")

    def accept(self, fragment: str) -> str | None:
        """The text to speak for this LLM fragment: itself, the fallback in its place, or None (stopped/empty)."""
        if self.stopped or not fragment.strip():
            return None
        if _DECLINES.search(fragment):
            return self._stop("declined", ())
        verdict = self.guard.check(fragment, self.user_text) if self.guard else GuardVerdict(ok=True)
        if not verdict.ok:
            log.info("turn guarded: %r states %s, not in the site knowledge", fragment, ", ".join(verdict.unsupported))
            return self._stop("guarded", verdict.unsupported)
        self.spoken.append(fragment)
        return fragment

    def finish(self) -> str | None:
        """Call once the LLM stream has ended: the fallback if nothing at all was said, else None."""
        if self.outcome != "streaming":
            return None
        if not self.spoken:
            return self._stop("empty", ())
        self.outcome = "answered"
        return None

    @property
    def text(self) -> str:
        """Everything handed out to be spoken so far."""
        return " ".join(self.spoken)

    def _stop(self, outcome: Literal["guarded", "declined", "empty"], unsupported: tuple[str, ...]) -> str:
        self.outcome = outcome
        self.unsupported = unsupported
        self.spoken.append(self.fallback_text)
        return self.fallback_text


Decision = Matched | Direct | Fallback | LlmPlan


class Responder:
    """Turns a final transcript into a `Decision`; one per site, rebuilt pieces on reload."""

    def __init__(self, matcher: AnswerMatcher, options: KnowledgeOptions, *, direct_facts: bool = True) -> None:
        self.matcher = matcher
        self.options = options
        self.direct_facts = direct_facts
        self._use(matcher.site)

    def _use(self, site: SiteKnowledge) -> None:
        self.site = site
        self.guard = GroundingGuard(site) if self.options.guard_enabled else None
        self.system_prompt = SYSTEM_PROMPT.format(site=site.site, kind=site.kind or "public place")

    def reload(self, site: SiteKnowledge) -> int:
        """Switch to a new version of the site; returns how many sentences had to be re-embedded."""
        embedded = self.matcher.reload(site)
        self._use(site)
        return embedded

    def plan(self, transcript: str, history: Sequence[ChatMessage] = ()) -> Decision:
        """What to say in reply to `transcript`, given the earlier turns (`history`, oldest first)."""
        text = transcript.strip()
        if not text:
            return Fallback(self.options.fallback_text, "empty")
        match = self.matcher.match(text)
        if match is not None:
            return Matched(match.entry, match.score)
        facts = self.matcher.closest_facts_scored(text, max(1, self.options.facts_in_prompt))
        if self.direct_facts and facts and facts[0][1] >= self.options.fact_threshold:
            return Direct(facts[0][0], facts[0][1])
        scope = self.matcher.scope_score(text)
        if scope < self.options.scope_threshold:
            return Fallback(self.options.fallback_text, f"out_of_scope (score {scope:.2f})")
        shown = [f for f, _ in facts[: self.options.facts_in_prompt]]
        return self.llm_plan(text, history, shown)

    def llm_plan(self, text: str, history: Sequence[ChatMessage], facts: Sequence[str]) -> LlmPlan:
        """The LLM prompt for `text` with `facts`, and its guard (also used alone for the LLM-only baseline)."""
        listed = "\n".join(f"- {f}" for f in facts)
        user_words = " ".join([*(m.content for m in history if m.role == "user"), text])
        messages = [ChatMessage("system", self.system_prompt), *history,
                    ChatMessage("user", f"Facts:\n{listed}\nQuestion: {text}")]
        return LlmPlan(messages=messages, facts=list(facts), user_text=user_words, guard=self.guard,
                       fallback_text=self.options.fallback_text)
