"""`edge ask`: what the kiosk would do with a typed question, for operators tuning their site file.

It runs the daemon's own matcher and responder (MiniLM from the engines directory) and prints, per question, the
route the turn would take and why: a prepared entry, a site fact said as written, the LLM with the facts it would
see (its reply then passes the grounding guard), asking back about the closest topic, or the honest fallback. No
LLM and no TTS are loaded: the route is the point, and it takes a second.

The blind evaluation sets show what visitors trip over: a word the site never uses ("terrier", "meds") sends a
fair question to the fallback. `edge ask` names that word, and the operator fixes it in the site file: a synonym
(`terrier: dog`) or the question as another variant of the entry that answers it, then a SIGHUP reload.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from edge.knowledge.matcher import AnswerMatcher
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.responder import Decision, Direct, Fallback, LlmPlan, Matched, Offer, Responder
from edge.knowledge.site import load_site
from engines.protocols import TextEmbedder


def explain(decision: Decision) -> str:
    """One reader-facing paragraph: the route, what would be said or asked, and how to change it."""
    if isinstance(decision, Matched):
        return (f"entry '{decision.entry.id}' (score {decision.score:.2f}), prepared audio:\n"
                f"  {decision.entry.answer}")
    if isinstance(decision, Direct):
        return f"site fact (score {decision.score:.2f}), prepared audio:\n  {decision.text}"
    if isinstance(decision, LlmPlan):
        facts = "\n".join(f"    - {f}" for f in decision.facts) or "    (none)"
        return ("the LLM, with these facts in its prompt; every number, time, price and name it says must be in "
                f"them or this is said instead:\n  {decision.fallback_text}\n  facts:\n{facts}")
    if isinstance(decision, Offer):
        lines = [f"asks back ({decision.reason}; best unit scores {decision.score:.2f}):", f"  {decision.text}",
                 f"  A yes speaks: {decision.unit.text}", "  A no: the fallback."]
    else:
        assert isinstance(decision, Fallback)
        lines = [f"fallback ({decision.reason}):", f"  {decision.text}"]
    if decision.missing_words:
        words = ", ".join(decision.missing_words)
        lines.append(f"  The site file never uses {words!r}. If the site can answer this, add a synonym "
                     f"(`synonyms: {{{decision.missing_words[0]}: <the word your facts use>}}`) or this question as "
                     "a variant of the entry that answers it, then reload (SIGHUP).")
    elif decision.reason.startswith("out_of_scope (score"):
        lines.append("  Nothing in the site file comes close. If the site can answer this, add the question as a "
                     "variant of the entry that answers it (or a fact), then reload (SIGHUP).")
    return "\n".join(lines)


class Asker:
    """A site's responder, built from the real embedder, answering typed questions."""

    def __init__(self, embedder: TextEmbedder, options: KnowledgeOptions, site_file: Path) -> None:
        self.responder = Responder(AnswerMatcher(embedder, load_site(site_file), options.match_threshold), options)

    def ask(self, question: str) -> str:
        return explain(self.responder.plan(question))


def run(asker: Asker, questions: Iterable[str], out: TextIO) -> int:
    """Print each question and its route; returns how many were asked."""
    asked = 0
    for question in (q.strip() for q in questions):
        if not question:
            continue
        print(f"> {question}\n{asker.ask(question)}\n", file=out)
        asked += 1
    return asked
