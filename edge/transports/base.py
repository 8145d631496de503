"""What every transport gives the pipeline: calls, each with audio frames in and an output queue out.

A transport (the local audio device, an RTP endpoint, a WAV file) turns its medium into `Call`s. A call delivers
16 kHz mono int16 `AudioFrame`s stamped with the monotonic time they arrived, and owns an `OutputQueue` that the
pipeline pushes reply audio into. The queue counts every sample that actually leaves the transport and when, which
is what makes time-to-first-audio measurable and "what did the user really hear" exact after a barge-in.
"""

from __future__ import annotations

import asyncio
import collections
import threading
import time
from dataclasses import dataclass
from typing import AsyncIterator, Callable, Protocol

import numpy as np

PIPELINE_RATE_HZ = 16_000
"""Every transport delivers input at this rate: the VAD and Whisper both want 16 kHz."""


@dataclass(frozen=True)
class AudioFrame:
    """A short block of caller audio, as it arrived."""

    pcm: bytes
    """Signed 16-bit little-endian mono samples."""
    sample_rate_hz: int
    """Samples per second of `pcm`."""
    arrived_ns: int
    """`time.monotonic_ns()` when the transport received the block (its last sample)."""

    @property
    def samples(self) -> int:
        return len(self.pcm) // 2

    @property
    def duration_ms(self) -> float:
        return 1000.0 * self.samples / self.sample_rate_hz

    def as_float32(self) -> np.ndarray:
        return np.frombuffer(self.pcm, dtype="<i2").astype(np.float32) / 32768.0


@dataclass(frozen=True)
class DtmfDigit:
    """A key the caller pressed (RFC 4733 telephone-event), reported once when the key is released."""

    digit: str
    """One of 0-9, *, #, A-D."""
    duration_ms: int
    """How long the key was held."""


class TransportError(RuntimeError):
    """A transport cannot start or run; the message names the problem and the fix."""


class OutputQueue:
    """Reply audio waiting to leave a transport, and an exact count of what has left.

    Thread-safe: the pipeline pushes from the event loop, a sound-card callback or an RTP pacer pulls from its own
    thread or task. Sample indexes are absolute over the life of the call, so a reply fragment can remember "my
    audio is samples 48000..60000" and later ask whether (and when) they were played.
    """

    def __init__(self, sample_rate_hz: int, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.sample_rate_hz = sample_rate_hz
        self._lock = threading.Lock()
        self._chunks: collections.deque[np.ndarray] = collections.deque()
        self._queued_total = 0  # samples ever pushed (minus those cleared)
        self._played_total = 0  # samples that left the transport
        self._last_real_out_ns = 0
        self._pulls: collections.deque[tuple[int, int]] = collections.deque(maxlen=1024)
        """(samples played after the pull, its monotonic ns) for recent pulls with real audio: `played_at_ns`."""
        self._waiters: list[tuple[int, asyncio.Future[int]]] = []
        self._loop = loop
        self._paused = False
        self.on_pull: Callable[[np.ndarray, int], None] | None = None
        """Called with every block pulled (silence included) and its time: the echo canceller's reference."""

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def samples_played(self) -> int:
        """Real reply samples that have left the transport (silence padding is not counted)."""
        return self._played_total

    @property
    def samples_pushed(self) -> int:
        """The index the next pushed sample will get."""
        return self._queued_total

    @property
    def samples_pending(self) -> int:
        with self._lock:
            return self._queued_total - self._played_total

    @property
    def last_audio_out_ns(self) -> int:
        """Monotonic time the most recent real reply sample left (0 if none yet)."""
        return self._last_real_out_ns

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        """Hold playback where it is (silence goes out; nothing is dropped): the user may be interrupting."""
        self._paused = True

    def resume(self) -> None:
        """Continue playback from where `pause()` held it (the user only said "mm-hm")."""
        self._paused = False

    def push(self, pcm: np.ndarray) -> int:
        """Queue int16 mono samples at `sample_rate_hz`; returns the absolute index of the first one."""
        pcm = np.ascontiguousarray(pcm, dtype=np.int16).reshape(-1)
        with self._lock:
            start = self._queued_total
            if pcm.size:
                self._chunks.append(pcm)
                self._queued_total += pcm.size
            return start

    def pull(self, n: int) -> tuple[np.ndarray, int]:
        """Take the next `n` samples to send now, padded with silence; returns (samples, real_count)."""
        out = np.zeros(n, dtype=np.int16)
        filled = 0
        with self._lock:
            while filled < n and self._chunks and not self._paused:
                head = self._chunks[0]
                take = min(n - filled, head.size)
                out[filled:filled + take] = head[:take]
                filled += take
                if take == head.size:
                    self._chunks.popleft()
                else:
                    self._chunks[0] = head[take:]
            now = time.monotonic_ns()
            if filled:
                self._played_total += filled
                self._last_real_out_ns = now
                self._pulls.append((self._played_total, now))
            played = self._played_total
        if filled:
            self._wake(played, now)
        if self.on_pull is not None:
            self.on_pull(out, now)
        return out, filled

    def clear(self) -> int:
        """Drop everything not yet played (barge-in); returns how many samples were dropped."""
        with self._lock:
            dropped = self._queued_total - self._played_total
            self._chunks.clear()
            self._queued_total = self._played_total
            played = self._played_total
        self._wake(played, time.monotonic_ns(), cleared=True)
        return dropped

    def played_at_ns(self, index: int) -> int | None:
        """When sample `index` left the transport (monotonic ns), or None if it has not. For a sample older than
        the pulls remembered (~20 s of RTP) it is the oldest pull's time: later than the truth, still long ago."""
        with self._lock:
            if index >= self._played_total:
                return None
            for played_after, ns in self._pulls:
                if played_after > index:
                    return ns
        return None

    async def wait_played(self, index: int) -> int | None:
        """Wait until sample `index` has left; returns its monotonic ns, or None if it was cleared first."""
        loop = asyncio.get_running_loop()
        self._loop = self._loop or loop
        fut: asyncio.Future[int] = loop.create_future()
        with self._lock:
            if self._played_total > index:
                return self._last_real_out_ns
            if index >= self._queued_total:
                return None
            self._waiters.append((index, fut))
        return await fut

    def _wake(self, played: int, now_ns: int, cleared: bool = False) -> None:
        with self._lock:
            ready = [(i, f) for i, f in self._waiters if i < played or cleared]
            self._waiters = [(i, f) for i, f in self._waiters if not (i < played or cleared)]
        if not ready or self._loop is None:
            return
        for index, fut in ready:
            value = now_ns if index < played else None
            self._loop.call_soon_threadsafe(_resolve, fut, value)


def _resolve(fut: asyncio.Future, value: int | None) -> None:
    if not fut.done():
        fut.set_result(value)


class Call(Protocol):
    """One conversation's audio: frames in, an output queue out."""

    call_id: str
    """Stable for the call's life, e.g. "device" or "rtp:127.0.0.1:40000/0x1234abcd"."""
    output: OutputQueue
    hears_itself: bool
    """The microphone can pick up the reply from the speaker (a sound card in a room): speech heard as a reply
    begins may be its own echo. False on RTP, where the caller's phone cancels its own echo."""

    def frames(self) -> AsyncIterator[AudioFrame]:
        """16 kHz mono frames (20 ms for RTP and the device) until the call ends."""
        ...

    def dtmf(self) -> "asyncio.Queue[DtmfDigit]":
        """Keys the caller pressed (never filled on transports without DTMF)."""
        ...


class Transport(Protocol):
    """A source of calls. `start` fails fast with a TransportError naming the problem and the fix."""

    name: str

    async def start(self) -> None: ...

    def calls(self) -> AsyncIterator[Call]:
        """Each new conversation, as it begins."""
        ...

    async def close(self) -> None: ...
