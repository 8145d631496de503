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
    # Calibrated with benchmarks/knowledge.py on MiniLM-L6 (CTranslate2 int8): the highest score any of the 195
    # non-FAQ question/site pairs reached was 0.66 ("can i see a female doctor" vs "Do you take walk-ins?"), while
    # paraphrases of entries spread from 0.35 to 0.90. 0.70 keeps the false-match rate at 0 % there with a margin
    # for new sites; paraphrases below it are answered by the LLM with the same answer among its facts.
    match_threshold: float = opt(0.70, "Cosine similarity from which a question is answered with an entry's "
                                       "fixed answer (pre-synthesized audio, no LLM).")
    # Calibrated on the same run: questions that no fact answers (non-FAQ and out-of-scope ones) came at most 0.53
    # close to a fact, the fact-only questions 0.32-0.91; 0.56 keeps the same 0.03 margin as the match threshold.
    fact_threshold: float = opt(0.56, "Cosine similarity from which the single closest fact is spoken word for "
                                      "word instead of asking the LLM (facts are written as speakable sentences).")
    # Calibrated on the same run: out-of-scope questions scored 0.14-0.54 against everything the site knows and
    # in-scope ones 0.35-0.91, so no threshold separates them; 0.33 sends only the clearly foreign questions
    # (weather, sport, jokes) straight to the fallback without losing an in-scope one. The LLM prompt and the
    # grounding guard handle the overlap.
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
