"""Real recorded speech for tests: the Asterisk core prompts (Debian asterisk-core-sounds-en-g722) and their text.

568 professionally recorded prompts, 16 kHz G.722, one speaker, with transcripts in `core-sounds-en.txt(.gz)`
(lines `name: transcript`). PyAV (a faster-whisper dependency) decodes G.722. Clips come back as 16 kHz mono
float32, the rate the VAD and Whisper want. `wer` is a plain word error rate with light normalisation (case,
punctuation, and the few spellings Whisper and the transcripts disagree on) so it measures recognition, not style.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# One reader of the prompts and their transcripts for tests and `edge bench`, so both hear the same speech.
from edge.bench.manifest import RATE_HZ, SOUNDS_DIR, SPEECH_FIX, asterisk_transcripts, load_clip, speakable


@dataclass(frozen=True)
class Prompt:
    name: str
    """Path under the sounds directory without extension, e.g. "vm-goodbye" or "digits/5"."""
    text: str
    """The reference transcript."""
    audio: np.ndarray
    """16 kHz mono float32 in [-1, 1]."""

    @property
    def duration_s(self) -> float:
        return self.audio.size / RATE_HZ


@lru_cache(maxsize=8)
def load_prompts(count: int = 24, min_s: float = 1.5, max_s: float = 6.0) -> tuple[Prompt, ...]:
    """`count` spoken prompts between `min_s` and `max_s` seconds, the same ones every run (sorted by name)."""
    texts = asterisk_transcripts()
    prompts = []
    for name in sorted(texts):
        path = SOUNDS_DIR / f"{name}.g722"
        if not speakable(texts[name]) or not path.is_file():
            continue
        audio = load_clip(path)
        if min_s <= audio.size / RATE_HZ <= max_s:
            prompts.append(Prompt(name, texts[name], audio))
        if len(prompts) == count:
            break
    if len(prompts) < count:
        raise FileNotFoundError(f"only {len(prompts)} usable Asterisk prompts found under {SOUNDS_DIR}. "
                                f"Fix: {SPEECH_FIX}")
    return tuple(prompts)


# The same normalisation and edit distance `edge bench` reports WER with, so tests and the bench agree.
from edge.bench.wer import normalize, word_errors  # noqa: E402,F401


def wer(ref: str, hyp: str) -> float:
    """Word error rate of one hypothesis (0.0 = perfect; can exceed 1.0 with many insertions)."""
    errors, words = word_errors(ref, hyp)
    return errors / max(words, 1)
