"""Spoken test phrases in a voice that is not the assistant's (espeak-ng), as 16 kHz int16."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np

from edge.transports.wavfile import read_audio
from engines.protocols import ChatMessage

LONG_QUESTION = "Tell me a long story about a dragon who lives in a castle."
"""The barge-in tests' question: its answer runs long enough to be talked over. espeak pauses briefly after
"dragon", and on a fast box that pause can commit half of it; the reply to that half is dropped when the rest
follows (`interruption.continue_window_ms`), so the tests time from the answer to the whole question."""


def times_asked_whole(history: Sequence[ChatMessage]) -> int:
    """User turns in `history` that hold all of LONG_QUESTION (down to its last word)."""
    return sum("castle" in m.content.lower() for m in history if m.role == "user")


@functools.lru_cache(maxsize=None)
def spoken(text: str, speed_wpm: int = 150) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phrase.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(speed_wpm), "-w", str(path), text], check=True)
        return read_audio(path)
