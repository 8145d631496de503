"""Audio of short phrases the assistant has already said, so saying them again costs no synthesis.

A small LLM opens its replies with a handful of phrases ("I'm sorry,", "Sure.", "I'm ready to assist."): in
`edge bench` about two thirds of first fragments had been said before. Keeping their audio takes the TTS
(60-100 ms on 2 cores) off the path to the first audio for those turns. Only short phrases are kept, in
least-recently-used order, so the cache stays a few MB.
"""

from __future__ import annotations

import collections

import numpy as np


class PhraseCache:
    """Text -> int16 audio at the TTS's own rate. Used from the event loop only (no lock needed)."""

    def __init__(self, max_entries: int = 256, max_words: int = 6) -> None:
        self.max_entries, self.max_words = max_entries, max_words
        self._audio: collections.OrderedDict[str, np.ndarray] = collections.OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(text: str) -> str:
        return " ".join(text.split())

    def wants(self, text: str) -> bool:
        """Whether `text` is short enough to be kept."""
        return self.max_entries > 0 and 0 < len(text.split()) <= self.max_words

    def get(self, text: str) -> np.ndarray | None:
        if not self.wants(text):
            return None
        audio = self._audio.get(self.key(text))
        if audio is None:
            self.misses += 1
            return None
        self._audio.move_to_end(self.key(text))
        self.hits += 1
        return audio

    def put(self, text: str, audio: np.ndarray) -> None:
        if not self.wants(text) or audio.size == 0:
            return
        self._audio[self.key(text)] = audio
        self._audio.move_to_end(self.key(text))
        while len(self._audio) > self.max_entries:
            self._audio.popitem(last=False)

    def clear(self) -> None:
        self._audio.clear()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._audio)
