"""The three payload formats: G.711 mu-law and A-law (ITU-T G.711) at 8 kHz, and L16 big-endian at 16 kHz.

G.711 goes through 256- and 65536-entry lookup tables built once per process (pure functions of the standard,
so caching them is not state): a 20 ms packet is then one numpy indexing operation each way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import numpy as np

_ULAW_BIAS = 0x84
_ULAW_CLIP_14 = 8159
_ULAW_SEG_ENDS = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF], dtype=np.int32)
_ALAW_SEG_ENDS = np.array([0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF], dtype=np.int32)


def _ulaw_encode_all() -> np.ndarray:
    """mu-law byte for every int16 value, bit-exact with the Sun reference coder that audioop uses."""
    pcm = np.arange(-32768, 32768, dtype=np.int32) >> 2  # the reference works on 14-bit samples
    mask = np.where(pcm < 0, 0x7F, 0xFF)
    mag = np.minimum(np.abs(pcm), _ULAW_CLIP_14) + (_ULAW_BIAS >> 2)
    seg = np.searchsorted(_ULAW_SEG_ENDS, mag)  # first segment whose end >= magnitude
    uval = np.where(seg >= 8, 0x7F, (seg << 4) | ((mag >> (seg + 1)) & 0x0F))
    return ((uval ^ mask) & 0xFF).astype(np.uint8)


def _ulaw_decode_all() -> np.ndarray:
    u = ~np.arange(256, dtype=np.int32) & 0xFF
    t = (((u & 0x0F) << 3) + _ULAW_BIAS) << ((u & 0x70) >> 4)
    return np.where(u & 0x80, _ULAW_BIAS - t, t - _ULAW_BIAS).astype(np.int16)


def _alaw_encode_all() -> np.ndarray:
    """A-law byte for every int16 value, bit-exact with the Sun reference coder that audioop uses."""
    pcm = np.arange(-32768, 32768, dtype=np.int32) >> 3  # A-law works on 13-bit samples
    mask = np.where(pcm >= 0, 0xD5, 0x55)
    mag = np.where(pcm >= 0, pcm, -pcm - 1)
    seg = np.searchsorted(_ALAW_SEG_ENDS, mag)
    quant = np.where(seg < 2, mag >> 1, mag >> np.minimum(seg, 7)) & 0x0F
    aval = np.where(seg >= 8, 0x7F, (seg << 4) | quant)
    return ((aval ^ mask) & 0xFF).astype(np.uint8)


def _alaw_decode_all() -> np.ndarray:
    a = np.arange(256, dtype=np.int32) ^ 0x55
    t = (a & 0x0F) << 4
    seg = (a & 0x70) >> 4
    t = np.where(seg == 0, t + 8, np.where(seg == 1, t + 0x108, (t + 0x108) << np.maximum(seg - 1, 0)))
    return np.where(a & 0x80, t, -t).astype(np.int16)


@functools.cache
def _tables() -> dict[str, np.ndarray]:
    return {"ulaw_enc": _ulaw_encode_all(), "ulaw_dec": _ulaw_decode_all(),
            "alaw_enc": _alaw_encode_all(), "alaw_dec": _alaw_decode_all()}


def ulaw_encode(pcm: np.ndarray) -> bytes:
    return _tables()["ulaw_enc"][pcm.astype(np.int32) + 32768].tobytes()


def ulaw_decode(data: bytes) -> np.ndarray:
    return _tables()["ulaw_dec"][np.frombuffer(data, dtype=np.uint8)]


def alaw_encode(pcm: np.ndarray) -> bytes:
    return _tables()["alaw_enc"][pcm.astype(np.int32) + 32768].tobytes()


def alaw_decode(data: bytes) -> np.ndarray:
    return _tables()["alaw_dec"][np.frombuffer(data, dtype=np.uint8)]


def l16_encode(pcm: np.ndarray) -> bytes:
    return np.asarray(pcm, dtype=np.int16).astype(">i2").tobytes()


def l16_decode(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=">i2").astype(np.int16)


@dataclass(frozen=True)
class Codec:
    """One payload format: its RTP numbers and its two conversions."""

    name: str
    payload_type: int
    clock_rate_hz: int
    """RTP clock rate, equal to the sample rate (mono)."""
    bytes_per_sample: int
    encode: Callable[[np.ndarray], bytes]
    """int16 mono samples -> payload bytes."""
    decode: Callable[[bytes], np.ndarray]
    """Payload bytes -> int16 mono samples; the payload length must be a multiple of `bytes_per_sample`."""

    def samples_in(self, payload: bytes) -> int:
        return len(payload) // self.bytes_per_sample


def codec_for(name: str, l16_payload_type: int = 118) -> Codec:
    """The codec of an `rtp.payload` option value."""
    if name == "pcmu":
        return Codec("pcmu", 0, 8000, 1, ulaw_encode, ulaw_decode)
    if name == "pcma":
        return Codec("pcma", 8, 8000, 1, alaw_encode, alaw_decode)
    if name == "l16":
        return Codec("l16", l16_payload_type, 16000, 2, l16_encode, l16_decode)
    raise ValueError(f"unknown RTP payload {name!r}: use pcmu, pcma or l16")
