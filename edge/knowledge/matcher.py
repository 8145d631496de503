"""Matches what the user said to the site's entries and facts by sentence-embedding similarity.

Every question variant, fact and answer of the site is embedded once; a user turn costs one embedding (a few
milliseconds with MiniLM on CTranslate2) and a matrix-vector product. A reload embeds only the sentences that
are new, so editing one answer does not re-embed the whole site.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engines.protocols import TextEmbedder
from edge.knowledge.site import Entry, SiteKnowledge

NEAR_DUPLICATE = 0.9
"""Cosine similarity above which two facts count as saying the same thing."""


@dataclass(frozen=True)
class Match:
    """The entry closest to what the user said."""

    entry: Entry
    score: float
    """Cosine similarity (-1..1) between the user's words and the entry's closest question variant."""
    question: str
    """That closest question variant."""


class AnswerMatcher:
    """Finds the entry that answers a transcript, and the facts closest to it for the LLM's prompt."""

    def __init__(self, embedder: TextEmbedder, site: SiteKnowledge, threshold: float) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self._cache: dict[str, np.ndarray] = {}
        self._last_query: tuple[str, np.ndarray] | None = None
        self.embedded_last_reload = 0
        self.reload(site)

    def reload(self, site: SiteKnowledge) -> int:
        """Take a new version of the site; returns how many sentences had to be embedded (the unchanged are kept)."""
        questions = [(q, e) for e in site.entries for q in e.questions]
        # The facts the LLM may be shown: every fact and every entry's answer (both are site knowledge).
        knowledge = list(dict.fromkeys([*site.facts, *(e.answer for e in site.entries)]))
        wanted = list(dict.fromkeys([q for q, _ in questions] + knowledge))
        new = [t for t in wanted if t not in self._cache]
        if new:
            for text, vector in zip(new, self.embedder.embed(new)):
                self._cache[text] = np.asarray(vector, dtype=np.float32)
        self._cache = {t: self._cache[t] for t in wanted}  # forget sentences the site no longer has
        dims = self.embedder.dimensions
        self.site = site
        self._questions = questions
        self._question_matrix = np.stack([self._cache[q] for q, _ in questions]) if questions else np.zeros((0, dims))
        self._knowledge = knowledge
        self._knowledge_matrix = np.stack([self._cache[t] for t in knowledge]) if knowledge else np.zeros((0, dims))
        self.embedded_last_reload = len(new)
        return len(new)

    def _vector(self, text: str) -> np.ndarray:
        # A turn asks match(), closest_facts() and scope_score() about the same words: embed them once.
        if self._last_query is None or self._last_query[0] != text:
            self._last_query = (text, np.asarray(self.embedder.embed([text])[0], dtype=np.float32))
        return self._last_query[1]

    def best(self, text: str) -> Match | None:
        """The closest entry whatever its score (None when the site has no entries); for calibration and logs."""
        if not self._questions:
            return None
        scores = self._question_matrix @ self._vector(text)
        i = int(np.argmax(scores))
        question, entry = self._questions[i]
        return Match(entry=entry, score=float(scores[i]), question=question)

    def match(self, text: str) -> Match | None:
        """The entry that answers `text`, if one is close enough to trust its fixed answer."""
        best = self.best(text)
        return best if best is not None and best.score >= self.threshold else None

    def closest_facts(self, text: str, k: int) -> list[str]:
        """The `k` facts or answers most similar to `text`, best first."""
        return [fact for fact, _ in self.closest_facts_scored(text, k)]

    def closest_facts_scored(self, text: str, k: int) -> list[tuple[str, float]]:
        """Like `closest_facts`, with each one's cosine similarity to `text`.

        A fact that says nearly the same as one already chosen (an entry's answer usually repeats a fact) is
        skipped: the LLM's few prompt slots should hold different facts.
        """
        if k <= 0 or not self._knowledge:
            return []
        scores = self._knowledge_matrix @ self._vector(text)
        chosen: list[int] = []
        for i in np.argsort(-scores, kind="stable"):
            if all(float(self._knowledge_matrix[i] @ self._knowledge_matrix[j]) < NEAR_DUPLICATE for j in chosen):
                chosen.append(int(i))
                if len(chosen) == k:
                    break
        return [(self._knowledge[i], float(scores[i])) for i in chosen]

    def similarity(self, text: str, other: str) -> float:
        """Cosine similarity of two sentences (`text` is usually this turn's question, already embedded)."""
        return float(self._vector(text) @ np.asarray(self.embedder.embed([other])[0], dtype=np.float32))

    def scope_score(self, text: str) -> float:
        """How close `text` comes to anything the site knows (questions, facts, answers): low means out of scope."""
        v = self._vector(text)
        best = -1.0
        for matrix in (self._question_matrix, self._knowledge_matrix):
            if len(matrix):
                best = max(best, float(np.max(matrix @ v)))
        return best
