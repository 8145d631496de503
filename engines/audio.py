"""Sample-format and sample-rate helpers shared by the engines.

Engines speak two formats: float32 in [-1, 1] (what the VAD and Whisper want) and int16 (what Piper makes and
transports carry). Resampling goes through soxr because it is fast, has no Python loop, and its default quality
("HQ") is transparent for speech.
"""

from __future__ import annotations

import numpy as np
import soxr


def int16_to_float32(pcm: np.ndarray | bytes) -> np.ndarray:
    """int16 samples (array or little-endian bytes) -> float32 in [-1, 1)."""
    if isinstance(pcm, (bytes, bytearray, memoryview)):
        pcm = np.frombuffer(pcm, dtype="<i2")
    return np.asarray(pcm, dtype=np.int16).astype(np.float32) / 32768.0


def float32_to_int16(audio: np.ndarray) -> np.ndarray:
    """float32 in [-1, 1] -> int16, clipping rather than wrapping around on overshoot."""
    scaled = np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0) * 32767.0
    return np.rint(scaled).astype(np.int16)


def resample(pcm: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Resample mono audio, keeping its dtype (int16 or float32).

    Raises ValueError on a non-positive rate or a non-mono array, so a wrong transport setting fails loudly
    instead of producing chipmunk audio.
    """
    if from_hz <= 0 or to_hz <= 0:
        raise ValueError(f"sample rates must be positive, got {from_hz} Hz -> {to_hz} Hz")
    pcm = np.asarray(pcm)
    if pcm.ndim != 1:
        raise ValueError(f"expected mono audio (a 1-D array), got shape {pcm.shape}")
    if from_hz == to_hz or pcm.size == 0:
        return pcm.copy()
    if pcm.dtype == np.int16:
        return soxr.resample(pcm, from_hz, to_hz)
    return soxr.resample(pcm.astype(np.float32, copy=False), from_hz, to_hz).astype(np.float32, copy=False)


def leading_silence(pcm: np.ndarray, sample_rate_hz: int, *, threshold_dbfs: float = -40.0,
                    keep_ms: float = 10.0) -> int:
    """How many samples at the start of `pcm` are silence that can be cut, keeping `keep_ms` before the onset.

    Piper starts every utterance with 40-50 ms of near-digital silence: cut from a reply's first chunk, the
    user hears the answer that much sooner. Returns 0 when the audio never rises above the threshold.
    """
    pcm = np.asarray(pcm)
    full_scale = 32768.0 if pcm.dtype == np.int16 else 1.0
    level = full_scale * 10 ** (threshold_dbfs / 20)
    loud = np.flatnonzero(np.abs(pcm.astype(np.float32)) > level)
    if loud.size == 0:
        return 0
    return max(0, int(loud[0]) - int(keep_ms * sample_rate_hz / 1000))


def trim_silence(pcm: np.ndarray, sample_rate_hz: int, *, keep_ms: float = 10.0, tail_keep_ms: float = 60.0,
                 threshold_dbfs: float = -40.0) -> np.ndarray:
    """`pcm` without its lead-in and trailing silence (a little of each kept so nothing clicks)."""
    start = leading_silence(pcm, sample_rate_hz, threshold_dbfs=threshold_dbfs, keep_ms=keep_ms)
    tail = leading_silence(pcm[::-1], sample_rate_hz, threshold_dbfs=threshold_dbfs, keep_ms=tail_keep_ms)
    return pcm[start:pcm.size - tail]
