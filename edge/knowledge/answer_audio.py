"""The audio of everything said word for word (entry answers, facts, offers, the fallback), synthesized at boot.

A matched answer's time to first audio is then the endpoint plus the match (one embedding, a few ms): no LLM,
no TTS on the critical path. Clips are keyed by their exact text, so on reload only what changed is synthesized.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from edge.knowledge.offers import topic_of
from edge.knowledge.site import SiteKnowledge

log = logging.getLogger(__name__)

Synthesize = Callable[[str], np.ndarray]
"""Text -> the whole utterance as int16 mono samples (blocking; called on the TTS worker thread)."""


@dataclass(frozen=True)
class AnswerClip:
    """One prepared utterance, ready to play."""

    text: str
    pcm: np.ndarray
    """int16 mono samples at `sample_rate_hz`."""
    sample_rate_hz: int

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / self.sample_rate_hz


@dataclass(frozen=True)
class AudioUpdate:
    """What a build or reload did."""

    synthesized: int
    """Utterances whose audio was (re)made."""
    kept: int
    """Utterances whose text was unchanged, so their audio was kept."""
    removed: int
    """Utterances the site no longer has."""
    seconds: float
    """Wall-clock time spent synthesizing."""


def prepared_texts(site: SiteKnowledge, fallback_text: str, *, facts: bool = True,
                   social: Sequence[str] = (), offer_text: str | None = None) -> list[str]:
    """Everything the responder may say word for word: answers, facts (spoken as `Direct`), the fallback, the
    `social` replies (to thanks and greetings) and, with an `offer_text` template, the offer of every entry and
    fact that has a topic (a superset of what the responder offers: which facts are their own units depends on the
    embeddings, and this list must not)."""
    texts = [e.answer for e in site.entries] + (list(site.facts) if facts else []) + [fallback_text, *social]
    if offer_text is not None:
        units = [(e, e.answer) for e in site.entries] + ([(None, f) for f in site.facts] if facts else [])
        topics = [topic_of(entry, text) for entry, text in units]
        texts += [offer_text.format(topic=t) for t in topics if t]
    return list(dict.fromkeys(texts))


class AnswerAudio:
    """Keeps one clip per prepared text; a clip is remade only when no clip has exactly that text."""

    def __init__(self, synthesize: Synthesize, sample_rate_hz: int) -> None:
        self._synthesize = synthesize
        self.sample_rate_hz = sample_rate_hz
        self._clips: dict[str, AnswerClip] = {}

    def update(self, texts: list[str]) -> AudioUpdate:
        """Make the clips match `texts`: synthesize new or changed ones, keep the rest, drop the others.

        A failing synthesis raises (naming the text) and leaves the previous clips untouched, so a bad reload
        never leaves the kiosk with half its answers.
        """
        start = time.perf_counter()
        clips: dict[str, AnswerClip] = {}
        made = 0
        for text in texts:
            if text in self._clips:
                clips[text] = self._clips[text]
                continue
            try:
                pcm = np.asarray(self._synthesize(text))
            except Exception as exc:
                raise RuntimeError(f"could not synthesize {text!r} ({exc}); the previous answers stay in use") from exc
            if pcm.dtype != np.int16 or pcm.ndim != 1 or not len(pcm):
                raise RuntimeError(f"the synthesizer returned no usable audio for {text!r} (dtype {pcm.dtype}, "
                                   f"shape {pcm.shape}); expected non-empty int16 mono")
            clips[text] = AnswerClip(text, pcm, self.sample_rate_hz)
            made += 1
        removed = len(set(self._clips) - set(clips))
        self._clips = clips
        update = AudioUpdate(made, len(clips) - made, removed, time.perf_counter() - start)
        log.info("prepared audio: %d synthesized, %d kept, %d removed in %.1f s",
                 update.synthesized, update.kept, update.removed, update.seconds)
        return update

    def get(self, text: str) -> AnswerClip | None:
        """The clip that says exactly `text`, if it was prepared."""
        return self._clips.get(text)

    def __len__(self) -> int:
        return len(self._clips)
