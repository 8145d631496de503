"""The `knowledge:` option group: which site file to answer from, and how careful to be."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edge.configfile import opt

DEFAULT_FALLBACK = "I'm not sure about that, please ask a member of staff."


@dataclass(frozen=True)
class KnowledgeOptions:
    """Grounded answers from the site's own knowledge (configs/sites/*.yaml)."""

    site_file: Path | None = opt(None, "The site knowledge YAML (facts and frequent questions); none = the LLM "
                                       "answers alone, unguarded. Reloaded on SIGHUP.")
    # The thresholds are calibrated by benchmarks/knowledge.py (MiniLM-L6 on CTranslate2 int8), each 0.03 beyond
    # the closest sample on the wrong side. The samples are the evaluation's own questions (tests/knowledge), so
    # the figures it reports are in-sample; a new site should be re-checked with its own questions.
    # Match: the 195 non-FAQ question/site pairs reached at most 0.66 (e.g. "can i see a female doctor" vs "Do you
    # take walk-ins?"), paraphrases of entries 0.35-0.90: 0.70 matches 15 of 35 paraphrases and no non-FAQ
    # question; the rest go on to the facts and the LLM, which see the entry's answer among the facts.
    match_threshold: float = opt(0.70, "Cosine similarity from which a question is answered with an entry's "
                                       "fixed answer (pre-synthesized audio, no LLM).")
    # Fact: questions no fact answers (non-FAQ and out-of-scope ones) came at most 0.53 close to a fact, the
    # fact-only questions 0.32-0.91.
    fact_threshold: float = opt(0.56, "Cosine similarity from which the single closest fact is spoken word for "
                                      "word instead of asking the LLM (facts are written as speakable sentences).")
    # Scope: out-of-scope questions scored 0.15-0.53 against everything the site knows, in-scope ones 0.35-0.91,
    # so no threshold separates them; 0.33 sends only the clearly foreign questions (weather, sport, jokes: 8 of
    # 21) straight to the fallback without losing an in-scope one. The guard's checks handle the overlap.
    scope_threshold: float = opt(0.33, "Below this similarity to every fact, question and answer of the site, the "
                                       "question is out of scope: the fallback is spoken without asking the LLM.")
    fallback_text: str = opt(DEFAULT_FALLBACK, "Spoken instead of a guess: for out-of-scope questions, when the LLM "
                                               "says it does not know, and instead of a fragment the guard stopped.")
    facts_in_prompt: int = opt(3, "How many of the site's facts closest to the question the LLM is shown; a tiny "
                                  "model copies from a short list better than it searches a long one.")
    max_sentences: int = opt(1, "The LLM's reply ends after this many sentences; SmolLM2's later sentences are "
                                "where it repeats itself or drifts off the facts.")
    min_word_support: float = opt(0.7, "Share of a reply's content words that must appear in the site knowledge; "
                                       "catches invented services that carry no number or name.")
    hold_sentences: bool = opt(True, "Check the LLM's reply a whole sentence at a time before speaking it (costs the "
                                     "time to generate one short sentence, on the LLM path only); off = fragment "
                                     "by fragment, faster but judged on less context.")
    # Set from the LLM's replies in one benchmark run: those that answered the question scored 0.45-0.70 against
    # it (one outlier, "The answer is: The garden centre.", 0.29), true facts about something else 0.24-0.42,
    # with two above (0.45, 0.53) that this cannot catch.
    min_relevance: float = opt(0.43, "A whole LLM sentence must be at least this similar to the question (MiniLM "
                                     "cosine), or it is a true fact answering another question: fallback instead.")
    guard_enabled: bool = opt(True, "Check every LLM fragment against the site knowledge before speaking it. "
                                    "Turn off only to measure the LLM alone.")

    def __post_init__(self) -> None:
        if not -1.0 <= self.scope_threshold <= self.fact_threshold <= 1.0 or not -1.0 <= self.match_threshold <= 1.0:
            raise ValueError("need -1 <= scope_threshold <= fact_threshold <= 1 and -1 <= match_threshold <= 1 "
                             "(all are cosine similarities)")
        if self.max_sentences < 1:
            raise ValueError("max_sentences must be at least 1")
        if self.facts_in_prompt < 0:
            raise ValueError("facts_in_prompt must be 0 or more")
        if not self.fallback_text.strip():
            raise ValueError("fallback_text must not be empty: it is what the kiosk says instead of guessing")
