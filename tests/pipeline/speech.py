"""Spoken test phrases in a voice that is not the assistant's (espeak-ng), as 16 kHz int16."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from edge.transports.wavfile import read_audio


@functools.lru_cache(maxsize=None)
def spoken(text: str, speed_wpm: int = 150) -> np.ndarray:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phrase.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(speed_wpm), "-w", str(path), text], check=True)
        return read_audio(path)
