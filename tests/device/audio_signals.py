"""Test signals and the measurements made on them: what went in, what came out, how alike they are."""

from __future__ import annotations

import asyncio
import contextlib
import time
import wave
from pathlib import Path
from typing import AsyncIterator

import numpy as np

from edge.transports.base import PIPELINE_RATE_HZ
from edge.transports.device import AudioDeviceTransport

RATE = PIPELINE_RATE_HZ


def band_noise(seconds: float, seed: int = 7, level: float = 0.3) -> np.ndarray:
    """Reproducible int16 noise limited to 300-3400 Hz."""
    n = int(seconds * RATE)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    spectrum[(freqs < 300) | (freqs > 3400)] = 0
    x = np.fft.irfft(spectrum, n)
    return (x / np.abs(x).max() * level * 32767).astype(np.int16)


def write_wav(path: Path, pcm: np.ndarray, rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.astype("<i2").tobytes())
    return path


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")


def best_match(recorded: np.ndarray, source: np.ndarray) -> tuple[float, int]:
    """Peak normalised cross-correlation (1.0 = identical) of `source` inside `recorded`, and its offset."""
    r = recorded.astype(np.float64)
    s = source.astype(np.float64)
    n = 1 << int(np.ceil(np.log2(len(r) + len(s))))
    corr = np.fft.irfft(np.fft.rfft(r, n) * np.conj(np.fft.rfft(s, n)), n)[: len(r) - len(s) + 1]
    offset = int(np.argmax(corr))
    window = r[offset:offset + len(s)]
    return float(corr[offset] / (np.linalg.norm(window) * np.linalg.norm(s) + 1e-9)), offset


def matched_pieces(recorded: np.ndarray, source: np.ndarray, piece_s: float = 0.1) -> list[tuple[int, int]]:
    """(start in source, offset in recorded) of each 100 ms source piece found intact (correlation > 0.9), in order.

    Piecewise rather than whole, because a test recorder (parecord, paplay) on a loaded shared box sometimes
    drops or inserts a few ms; one such glitch must not hide that the rest of the audio came through exactly.
    """
    n = int(piece_s * RATE)
    found: list[tuple[int, int]] = []
    for start in range(0, len(source) - n + 1, n):
        similarity, offset = best_match(recorded, source[start:start + n])
        if similarity > 0.9 and (not found or offset > found[-1][1]):
            found.append((start, offset))
    return found


def fraction_found(recorded: np.ndarray, source: np.ndarray, piece_s: float = 0.1) -> float:
    """Share of the source's 100 ms pieces found intact and in order in `recorded` (see `matched_pieces`)."""
    return len(matched_pieces(recorded, source, piece_s)) / (len(source) // int(piece_s * RATE))


def active_seconds(pcm: np.ndarray, threshold: float = 0.02) -> float:
    """Seconds of 20 ms blocks whose RMS is above `threshold` of full scale."""
    blocks = pcm[: len(pcm) // 320 * 320].reshape(-1, 320).astype(np.float64) / 32768
    return float((np.sqrt((blocks ** 2).mean(axis=1)) > threshold).sum() * 0.02)


async def collect(call, seconds: float, until=None) -> list:
    """The call's frames for `seconds`; with `until` (an awaitable, e.g. the player finishing), for as long as
    it takes plus `seconds`, so a player that starts late on a loaded box is still heard whole."""
    frames = []

    async def take() -> None:
        async for frame in call.frames():
            frames.append(frame)

    task = asyncio.create_task(take())
    if until is not None:
        await until
    await asyncio.sleep(seconds)
    task.cancel()
    return frames


async def wait_until_running(transport, callbacks: int = 5, timeout_s: float = 5.0) -> None:
    """Return once the device's callbacks flow: on a loaded box a new stream can take a second to start, and a
    clip played before that would be half lost (a person speaks after the box is up, too)."""
    for _ in range(int(timeout_s / 0.02)):
        if transport.stats.callbacks >= callbacks:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the device stream did not start within {timeout_s} s ({transport.stats})")


@contextlib.asynccontextmanager
async def running_transport(*args, **kwargs) -> AsyncIterator[AudioDeviceTransport]:
    """An `AudioDeviceTransport(*args, **kwargs)`, started, its streams running; closed on the way out."""
    transport = AudioDeviceTransport(*args, **kwargs)
    await transport.start()
    try:
        await wait_until_running(transport)
        yield transport
    finally:
        await transport.close()


async def wait_for_quiet_mic(call, timeout_s: float = 6.0) -> None:
    """Return once the mic hears nothing for 0.3 s: audio an earlier test left playing into it (a reply still
    draining, a player finishing) would otherwise be counted as this test's."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        frames = await collect(call, 0.3)
        if active_seconds(np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2")) == 0:
            return
    raise AssertionError(f"the mic never went quiet for {timeout_s} s: something else is playing into it")
