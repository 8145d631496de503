"""Finds the piece of site knowledge that answers what the user said: hybrid sentence-embedding + word retrieval.

The site is cut into answerable units: each entry (its question variants, its answer, and the facts its answer
already states) and each remaining fact. A question is scored against every unit by

    score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical

- dense: MiniLM cosine to the unit's closest sentence: a question variant, the answer or a fact (an offset for
  statements, which sit further from a question than another question does, did not help on the calibration set);
  when the visitor sets a scene first ("I'm an early riser, what time does breakfast start"), the better of the
  whole transcript's cosine and the asking part's (clauses.py), since the scene pulls the whole away from every unit;
- lexical: the IDF-weighted share of the question's content words the unit contains (lexical.py), which sees
  the one word a question is about, and which drops when that word is nowhere in the site; a question word the
  site never uses may stand for a site word of like meaning (word embeddings, `SOFT_MATCH_MIN`);

less `TYPE_MISMATCH_PENALTY` when the question asks for a kind of fact (a time, a price, a name) the unit does
not hold (answer_type.py).

Every sentence is embedded once; a turn costs one embedding (a few ms with MiniLM on CTranslate2) and a
matrix-vector product. A reload embeds only the sentences that are new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from edge.knowledge.answer_type import FRAME_TERMS, frame_covered, kinds_in, wanted_kinds
from edge.knowledge.claims import extract_claims
from edge.knowledge.lexical import WEAK_SYNONYMS, LexicalIndex, is_generic, phrase_folded, stem, terms
from edge.knowledge.site import Entry, SiteKnowledge
from engines.protocols import TextEmbedder

NEAR_DUPLICATE = 0.9
"""Cosine similarity above which two facts count as saying the same thing."""
LINK_SIMILARITY = 0.6
"""A fact this close to an entry's answer, whose every claim the answer states, belongs to that entry."""
LINK_SIMILARITY_NO_CLAIMS = 0.75
"""The same for a fact with no claim to compare (a time, price, name...): it must be closer still."""
DENSE_WEIGHT = 0.6
"""Weight of the embedding similarity in the hybrid score (the rest is word coverage); set on the calibration set."""
SOFT_MATCH_MIN = 0.7
"""A question word the site never uses counts as a site word whose MiniLM word embedding is at least this similar
("pets" ~ "dogs" 0.82, "suitcases" ~ "luggage" 0.73; "cafe" ~ "restaurant" 0.67 must not count)."""
_KIOSK = re.compile(r"\bkiosk\b", re.IGNORECASE)
COVER_SOFT_MIN = 0.8
"""A soft match this similar counts as the site mentioning the visitor's word, for a confident answer ("pets" ~
"dogs" 0.82 does; "lunch" is not "dinner", and a word that is only like a site word leaves the answer to the LLM
and the guard)."""
WEAK_LINK_SIMILARITY = 0.7
"""What a weak synonym ("eat" -> "dinner", lexical.WEAK_SYNONYMS) counts for: some word score, below
`COVER_SOFT_MIN`, so it never makes a unit fit the question on its own."""
REDO_SIMILARITY = 0.6
"""A word the site never uses that is "re" + a site word ("*re*painting the kitchen" -> "paint") is that word, when
their MiniLM word embeddings are at least this similar ("repaint" ~ "paint" 0.76, under `COVER_SOFT_MIN`) and the site
word is not a generic one ("reserve" is no "serve"): the prefix only says the thing is done again. The similarity
keeps look-alikes apart ("recycle" is no "cycle")."""
TYPE_MISMATCH_PENALTY = 0.1
"""Taken off the score of a unit that holds no claim of the kind the question asks for (answer_type.py)."""


_ASKED_HEAD = re.compile(r"\b(?:what|which)(?: (?:kinds?|sorts?|types?|brands?) of)? ([a-z]+)")


def asked_heads(text: str) -> frozenset[str]:
    """The terms of the nouns a "what"/"which" asks for ("what *cocktails* do they do", "which *kind of beer*")."""
    return frozenset(stem(m.group(1)) for m in _ASKED_HEAD.finditer(text.lower()))


@dataclass(frozen=True)
class Unit:
    """One answerable piece of site knowledge: what is spoken when it answers a question."""

    text: str
    """The words spoken: the entry's answer, or the fact."""
    entry: Entry | None
    """The entry, when the unit is one (its answer has prepared audio either way)."""
    questions: tuple[str, ...]
    statements: tuple[str, ...]
    """The answer and the facts it covers, or the one fact."""
    kinds: frozenset[str] = frozenset()
    """The claim kinds its statements hold (answer_type.kinds_in)."""
    claims: frozenset[tuple[str, object]] = frozenset()
    """The claims its spoken text states (normalised, the site's own name aside)."""

    def restates(self, other: "Unit") -> bool:
        """Does this unit state nothing `other` does not (an entry's answer and the fact it was written from)?
        Names aside: a capitalised first word ("Key cutting is done ...") is taken for one."""
        mine = {c for c in self.claims if c[0] != "name"}
        return bool(mine) and mine <= other.claims


@dataclass(frozen=True)
class Scored:
    """A unit with its scores for one question."""

    unit: Unit
    score: float
    """The hybrid score (see the module doc), about 0..1."""
    dense: float
    lexical: float


@dataclass(frozen=True)
class Match:
    """The entry closest to what the user said (the entry-only view, kept for calibration and logs)."""

    entry: Entry
    score: float
    """Hybrid score of the entry's unit."""
    question: str
    """The entry's closest question variant."""


def _claim_keys(text: str, site_name: str) -> set[tuple[str, object]]:
    """The claims of `text`, less the words of the site's name ("Riverside Family Clinic is open..." states the
    same as "The clinic is open...")."""
    own = set(site_name.lower().split())
    return {(c.kind, c.key) for c in extract_claims(text) if not (c.kind == "name" and str(c.key) in own)}


class AnswerMatcher:
    """Ranks a site's units for a transcript, and gives the LLM the closest facts."""

    def __init__(self, embedder: TextEmbedder, site: SiteKnowledge, threshold: float) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self._cache: dict[str, np.ndarray] = {}
        self._word_cache: dict[str, np.ndarray] = {}
        self._queries: dict[str, np.ndarray] = {}
        self.embedded_last_reload = 0
        self.reload(site)

    def reload(self, site: SiteKnowledge) -> int:
        """Take a new version of the site; returns how many sentences had to be embedded (the unchanged are kept)."""
        questions = [q for e in site.entries for q in e.questions]
        knowledge = list(dict.fromkeys([*site.facts, *(e.answer for e in site.entries)]))
        wanted = list(dict.fromkeys(questions + knowledge))
        new = [t for t in wanted if t not in self._cache]
        if new:
            for text, vector in zip(new, self.embedder.embed(new)):
                self._cache[text] = np.asarray(vector, dtype=np.float32)
        self._cache = {t: self._cache[t] for t in wanted}  # forget sentences the site no longer has
        self.site = site
        self.units = self._units(site)
        self._unit_index = {id(u): i for i, u in enumerate(self.units)}
        # The site's name and kind ("hardware store kiosk") name the site itself, not a subject of a question.
        self_words = site.site + " " + _KIOSK.sub(" ", site.kind)
        self._lexical = LexicalIndex([(*u.questions, *u.statements) for u in self.units], site.synonyms, self_words)
        # The site's words, embedded one by one, for soft matches of words the site never uses.
        words = list(self._lexical.vocabulary.items())
        fresh = [w for _, w in words if w not in self._word_cache]
        if fresh:
            for word, vector in zip(fresh, self.embedder.embed(fresh)):
                self._word_cache[word] = np.asarray(vector, dtype=np.float32)
        self._word_cache = {w: self._word_cache[w] for _, w in words}
        self._vocab_terms = [t for t, _ in words]
        self._vocab_index = {t: i for i, t in enumerate(self._vocab_terms)}
        self._vocab_matrix = (np.stack([self._word_cache[w] for _, w in words]) if words
                              else np.zeros((0, self.embedder.dimensions), dtype=np.float32))
        self._soft_cache: tuple[str, dict[str, tuple[str, float]]] | None = None
        # One row per (unit, sentence); a unit's score is the max over its rows.
        rows = [(i, text) for i, u in enumerate(self.units) for text in (*u.questions, *u.statements)]
        self._row_unit = np.array([r[0] for r in rows], dtype=np.int64)
        self._row_matrix = np.stack([self._cache[r[1]] for r in rows])
        self._knowledge = knowledge
        self._knowledge_matrix = np.stack([self._cache[t] for t in knowledge])
        self.embedded_last_reload = len(new)
        return len(new)

    def _units(self, site: SiteKnowledge) -> list[Unit]:
        linked: dict[str, list[str]] = {e.id: [] for e in site.entries}
        loose: list[str] = []
        for fact in site.facts:
            keys = _claim_keys(fact, site.site)
            owner = max(site.entries, default=None,
                        key=lambda e: float(self._cache[fact] @ self._cache[e.answer]))
            if owner is None or not keys <= _claim_keys(owner.answer, site.site):
                loose.append(fact)
                continue
            similarity = float(self._cache[fact] @ self._cache[owner.answer])
            if similarity >= (LINK_SIMILARITY if keys else LINK_SIMILARITY_NO_CLAIMS):
                linked[owner.id].append(fact)
            else:
                loose.append(fact)
        units = [Unit(e.answer, e, e.questions, (e.answer, *linked[e.id]),
                      kinds_in(" ".join([e.answer, *linked[e.id]]), site.site),
                      frozenset(_claim_keys(e.answer, site.site))) for e in site.entries]
        return units + [Unit(f, None, (), (f,), kinds_in(f, site.site), frozenset(_claim_keys(f, site.site)))
                        for f in loose]

    def _vector(self, text: str) -> np.ndarray:
        # A turn asks rank(), closest_facts() and the relevance check about the same words: embed them once.
        if text not in self._queries:
            if len(self._queries) >= 6:
                self._queries.pop(next(iter(self._queries)))
            self._queries[text] = np.asarray(self.embedder.embed([text])[0], dtype=np.float32)
        return self._queries[text]

    def _soft(self, text: str) -> dict[str, tuple[str, float]]:
        """Question terms the site never uses -> the most similar site term, where similar enough (a weak synonym,
        the same word done again: see `REDO_SIMILARITY`, or a word embedding's nearest site word)."""
        if self._soft_cache is not None and self._soft_cache[0] == text:
            return self._soft_cache[1]
        unknown = self._lexical.unknown_words(text)
        soft: dict[str, tuple[str, float]] = {}
        for term, word in list(unknown.items()):
            target = WEAK_SYNONYMS.get(word) or WEAK_SYNONYMS.get(word[:-1] if word.endswith("s") else word)
            if target is not None and stem(target) in self._lexical.vocabulary:
                soft[term] = (stem(target), WEAK_LINK_SIMILARITY)
                del unknown[term]
        if unknown and len(self._vocab_terms):
            vectors = np.asarray(self.embedder.embed(list(unknown.values())), dtype=np.float32)
            sims = vectors @ self._vocab_matrix.T
            for (term, word), row in zip(unknown.items(), sims):
                again = self._vocab_index.get(stem(word[2:])) if word.startswith("re") and len(word) >= 6 else None
                if again is not None and row[again] >= REDO_SIMILARITY and not is_generic(self._vocab_terms[again]):
                    soft[term] = (self._vocab_terms[again], 1.0)
                    continue
                j = int(np.argmax(row))
                if row[j] >= SOFT_MATCH_MIN:
                    soft[term] = (self._vocab_terms[j], float(row[j]))
        self._soft_cache = (text, soft)
        return soft

    def rank(self, text: str) -> list[Scored]:
        """Every unit scored against `text`, best first."""
        return self._rank(text, story_free=False)

    def rank_without_story(self, text: str) -> list[Scored] | None:
        """Every unit scored as `rank` does, but each unit's share of the question's words counted on the clauses
        that ask alone, when the rest is the visitor's own story and the site knows none of its words
        (`LexicalIndex.scene_is_foreign`); else None. "I'm seventy-eight and I've had three cups of tea this
        morning, where's the lavvy": every word of the story dilutes that share, as it would the embedding (which
        `rank` already takes at its best over the asked part alone). A scene the site has words for may hold what
        is asked ("fifty mil nails, which aisle"), so it is not left out."""
        if not self._lexical.scene_is_foreign(text):
            return None
        return self._rank(text, story_free=True)

    def _rank(self, text: str, story_free: bool) -> list[Scored]:
        sims = self._row_matrix @ self._vector(text)
        asked = self._lexical.asked_part(text)
        if asked is not None:
            sims = np.maximum(sims, self._row_matrix @ self._vector(asked))
        if (folded := phrase_folded(text)) is not None:
            sims = np.maximum(sims, self._row_matrix @ self._vector(folded))
        dense = np.full(len(self.units), -1.0, dtype=np.float32)
        np.maximum.at(dense, self._row_unit, sims)
        lexical = self._lexical.coverage(text, self._soft(text))
        if story_free and asked is not None:
            lexical = [max(a, b) for a, b in zip(lexical, self._lexical.coverage(asked, self._soft(asked)))]
        wanted = wanted_kinds(text)
        scored = [Scored(u, DENSE_WEIGHT * float(d) + (1 - DENSE_WEIGHT) * lx
                         - (TYPE_MISMATCH_PENALTY if wanted is not None and not wanted & u.kinds else 0.0), float(d), lx)
                  for u, d, lx in zip(self.units, dense, lexical)]
        return sorted(scored, key=lambda s: -s.score)

    def unknown_share(self, text: str) -> float:
        """How much of what `text` asks about (IDF-weighted) the site never mentions."""
        return self._lexical.unknown_share(text, self._soft(text))

    def uncovered(self, text: str, unit: Unit) -> list[str]:
        """What `text` asks about that `unit` does not mention (lexical.LexicalIndex.uncovered); a soft match
        counts as mentioned from `COVER_SOFT_MIN`."""
        doc = self._unit_index[id(unit)]
        missing = [t for t in self._lexical.uncovered(text, doc, self._soft(text), COVER_SOFT_MIN)
                   if not frame_covered(t, unit.kinds)]
        weak = self._weakly_covered(text, doc)
        if weak and any(self._lexical.holds(doc, t) for t in self._lexical.subject_terms(text)):
            # "eat dinner": a weak link counts once the unit holds another subject word exactly; alone ("where can
            # i get something to eat") it does not. Nor when it is the very thing asked for ("what cocktails do
            # they do in the lantern bar": which drinks, not the bar's hours; round 71, from heldout69).
            heads = asked_heads(text)
            missing = [t for t in missing if t not in weak or t in heads]
        return missing

    def _weakly_covered(self, text: str, doc: int) -> list[str]:
        """Question terms linked to a word of document `doc` only by a weak synonym (lexical.WEAK_SYNONYMS)."""
        soft = self._soft(text)
        return [t for t, (target, sim) in soft.items()
                if sim == WEAK_LINK_SIMILARITY and not self._lexical.holds(doc, t) and self._lexical.holds(doc, target)]

    def soft_covered(self, text: str, unit: Unit) -> list[str]:
        """The subject terms of `text` that `unit` mentions only through a soft match (a word of like meaning) or a
        weak synonym."""
        doc = self._unit_index[id(unit)]
        soft = self._soft(text)
        return [t for t in self._lexical.subject_terms(text)
                if not self._lexical.holds(doc, t) and t in soft and (soft[t][1] >= COVER_SOFT_MIN
                                                                      or soft[t][1] == WEAK_LINK_SIMILARITY)
                and self._lexical.holds(doc, soft[t][0])]

    def subject_terms(self, text: str) -> list[str]:
        """What `text` is about, as terms (lexical.LexicalIndex.subject_terms)."""
        return self._lexical.subject_terms(text)

    def known_subject_terms(self, text: str) -> list[str]:
        """The subject terms of `text` that the site itself uses somewhere, less words about the kind of answer
        ("close" in "who can i call when the clinic is closed" asks for a time or a number, it is not the subject)."""
        return [t for t in self._lexical.subject_terms(text) if t in self._lexical.vocabulary and t not in FRAME_TERMS]

    def unknown_subject_terms(self, text: str) -> list[str]:
        """The subject terms of `text` that the site never uses and that no site word is like (no soft match), less
        words about the kind of answer: what the question asks about that the site cannot say anything of."""
        soft = self._soft(text)
        return [t for t in self._lexical.subject_terms(text)
                if t not in self._lexical.vocabulary and t not in FRAME_TERMS and t not in soft]

    def named_site_terms(self, text: str) -> set[str]:
        """The terms of `text`, scene included, that name something the site speaks of: site words, less generic
        ones and words about the kind of answer."""
        return {t for t in self.terms_of(text)
                if t in self._lexical.vocabulary and not is_generic(t) and t not in FRAME_TERMS}

    def terms_of(self, text: str) -> set[str]:
        """The terms of `text`, folded as the site's are (its synonyms included)."""
        return set(terms(text, self._lexical.extra_synonyms))

    def soft_matches(self, text: str) -> dict[str, tuple[str, float]]:
        """Question terms the site never uses -> (the most similar site term, similarity), where similar enough."""
        return dict(self._soft(text))

    def best(self, text: str) -> Match | None:
        """The best-scoring entry whatever its score (None when the site has no entries)."""
        for s in self.rank(text):
            if s.unit.entry is not None:
                v = self._vector(text)
                question = max(s.unit.questions, key=lambda q: float(self._cache[q] @ v))
                return Match(s.unit.entry, s.score, question)
        return None

    def match(self, text: str) -> Match | None:
        """The entry that answers `text`, if its score reaches the threshold."""
        best = self.best(text)
        return best if best is not None and best.score >= self.threshold else None

    def closest_facts(self, text: str, k: int) -> list[str]:
        """The `k` facts or answers most similar to `text`, best first."""
        return [fact for fact, _ in self.closest_facts_scored(text, k)]

    def closest_facts_scored(self, text: str, k: int) -> list[tuple[str, float]]:
        """The `k` units' spoken texts that score best for `text`, best first, with their hybrid scores.

        A text that says nearly the same as one already chosen is skipped: the LLM's few prompt slots should
        hold different facts.
        """
        out: list[tuple[str, float]] = []
        for s in self.rank(text):
            if len(out) == k:
                break
            v = self._cache[s.unit.text]
            if all(float(v @ self._cache[t]) < NEAR_DUPLICATE for t, _ in out):
                out.append((s.unit.text, s.score))
        return out

    def similarity(self, text: str, other: str) -> float:
        """Cosine similarity of two sentences (`text` is usually this turn's question, already embedded)."""
        return float(self._vector(text) @ np.asarray(self.embedder.embed([other])[0], dtype=np.float32))
