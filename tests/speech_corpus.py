"""Real recorded speech for tests: the Asterisk core prompts (Debian asterisk-core-sounds-en-g722) and their text.

568 professionally recorded prompts, 16 kHz G.722, one speaker, with transcripts in `core-sounds-en.txt(.gz)`
(lines `name: transcript`). PyAV (a faster-whisper dependency) decodes G.722. Clips come back as 16 kHz mono
float32, the rate the VAD and Whisper want. `wer` is a plain word error rate with light normalisation (case,
punctuation, and the few spellings Whisper and the transcripts disagree on) so it measures recognition, not style.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

SOUNDS_DIR = Path("/usr/share/asterisk/sounds/en")
TRANSCRIPT_CANDIDATES = (
    SOUNDS_DIR / "core-sounds-en.txt",
    Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz"),
    Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt"),
)
RATE_HZ = 16_000
MISSING_FIX = "apt-get install -y asterisk-core-sounds-en-g722 asterisk-core-sounds-en"


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


def transcripts() -> dict[str, str]:
    """name -> transcript, for every prompt the transcript file lists. Raises FileNotFoundError with the fix."""
    for path in TRANSCRIPT_CANDIDATES:
        if path.is_file():
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            break
    else:
        raise FileNotFoundError(f"no Asterisk prompt transcripts at {', '.join(map(str, TRANSCRIPT_CANDIDATES))}. "
                                f"Fix: {MISSING_FIX}")
    result = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if line.startswith(";") or ":" not in line:
            continue
        name, text = line.split(":", 1)
        result[name.strip()] = text.strip()
    return result


def decode_g722(path: Path) -> np.ndarray:
    """A G.722 file -> 16 kHz mono float32."""
    import av  # imported here: only tests that use real speech pay for it

    from engines.audio import resample

    chunks, rate = [], RATE_HZ
    with av.open(str(path), format="g722") as container:
        for frame in container.decode(audio=0):
            rate = frame.sample_rate
            data = frame.to_ndarray()
            data = data.astype(np.float32) / 32768.0 if data.dtype == np.int16 else data.astype(np.float32)
            chunks.append(data.mean(axis=0) if data.ndim == 2 and data.shape[0] > 1 else data.reshape(-1))
    audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return resample(audio, rate, RATE_HZ)


def _usable(text: str) -> bool:
    # Bracketed lines describe tones, not speech; symbols like "*" and "#" are read out in words by the speaker.
    return bool(text) and "[" not in text and not re.search(r"[*#@0-9]", text)


@lru_cache(maxsize=8)
def load_prompts(count: int = 24, min_s: float = 1.5, max_s: float = 6.0) -> tuple[Prompt, ...]:
    """`count` spoken prompts between `min_s` and `max_s` seconds, the same ones every run (sorted by name)."""
    texts = transcripts()
    prompts = []
    for name in sorted(texts):
        path = SOUNDS_DIR / f"{name}.g722"
        if not _usable(texts[name]) or not path.is_file():
            continue
        audio = decode_g722(path)
        if min_s <= audio.size / RATE_HZ <= max_s:
            prompts.append(Prompt(name, texts[name], audio))
        if len(prompts) == count:
            break
    if len(prompts) < count:
        raise FileNotFoundError(f"only {len(prompts)} usable Asterisk prompts found under {SOUNDS_DIR}. "
                                f"Fix: {MISSING_FIX}")
    return tuple(prompts)


# The same normalisation and edit distance `edge bench` reports WER with, so tests and the bench agree.
from edge.bench.wer import normalize, word_errors  # noqa: E402,F401


def wer(ref: str, hyp: str) -> float:
    """Word error rate of one hypothesis (0.0 = perfect; can exceed 1.0 with many insertions)."""
    errors, words = word_errors(ref, hyp)
    return errors / max(words, 1)
