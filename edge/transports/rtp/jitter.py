"""Receive-side ordering and timing for one RTP stream: sequence/timestamp unwrapping and an adaptive jitter buffer.

Why this shape: our listener is a VAD and a speech recogniser, not a loudspeaker, so a frame whose packet is
already here is released at once (a fixed playout delay would add straight to time-to-first-audio). The buffer
waits only when a packet is missing, and for no longer than the lateness it has recently seen (adaptive, between
`min_ms` and `max_ms`); then it conceals the gap with silence. When packets stop altogether (the caller's
phone suppresses silence, or the network stalls) it keeps emitting silent frames at the pace of the clock, so the
end-of-turn detector downstream still hears time pass.

Everything here is plain computation with the time passed in, so it is tested without sockets or sleeps.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np

DRIFT_ALLOWANCE = 500e-6
"""How far the sender's clock may run slow against ours (500 ppm) before its packets look late."""


@dataclass(frozen=True)
class SeqVerdict:
    """What one sequence number says about its packet."""

    extended: int
    """Sequence number unwrapped past 65535 (monotonic over the stream)."""
    duplicate: bool
    """Seen before: drop it."""
    in_order: bool
    """The highest sequence so far (gaps allowed): it moves the stream forward."""


class SequenceTracker:
    """Unwraps 16-bit sequence numbers (RFC 3550 appendix A.1) and spots duplicates and reordering."""

    def __init__(self, window: int = 1024) -> None:
        self._highest: int | None = None
        self._seen: set[int] = set()
        self._order: collections.deque[int] = collections.deque()
        self._window = window

    def track(self, sequence: int) -> SeqVerdict:
        if self._highest is None:
            ext = sequence
        else:
            delta = (sequence - self._highest) & 0xFFFF
            ext = self._highest + (delta - 0x10000 if delta >= 0x8000 else delta)
        if ext in self._seen or (self._highest is not None and ext <= self._highest - self._window):
            return SeqVerdict(ext, duplicate=True, in_order=False)
        self._seen.add(ext)
        self._order.append(ext)
        if len(self._order) > self._window:
            self._seen.discard(self._order.popleft())
        in_order = self._highest is None or ext > self._highest
        if in_order:
            self._highest = ext
        return SeqVerdict(ext, duplicate=False, in_order=in_order)


class TimestampUnwrapper:
    """Unwraps 32-bit RTP timestamps into a monotonic sample count (a jump back of under 2**31 is reordering)."""

    def __init__(self) -> None:
        self._highest: int | None = None

    def unwrap(self, timestamp: int) -> int:
        if self._highest is None:
            self._highest = timestamp
            return timestamp
        delta = (timestamp - self._highest) & 0xFFFFFFFF
        ext = self._highest + (delta - 0x100000000 if delta >= 0x80000000 else delta)
        self._highest = max(self._highest, ext)
        return ext


@dataclass(frozen=True)
class PlayoutFrame:
    """One frame out of the jitter buffer, at the codec's rate."""

    samples: np.ndarray
    """int16 mono, exactly `frame_samples` long."""
    real_samples: int
    """How many of them came from packets; the rest is concealment silence."""
    arrived_ns: int
    """Monotonic time the newest packet in it arrived, or when it was concealed."""


@dataclass
class JitterStats:
    """Counters of one stream's buffer."""

    stored: int = 0
    late_dropped: int = 0
    """Packets that came after their audio had been played (concealed)."""
    concealed_frames: int = 0
    """Frames with a hole in the middle of the stream: lost or too-late packets."""
    silence_frames: int = 0
    """Frames emitted on the clock while no packet came at all (silence suppression, a stall, hang-up)."""
    resyncs: int = 0
    """Times playout jumped to a packet's timestamp (new talk spurt, timestamp jump, stall catch-up)."""
    overflow_dropped: int = 0


class JitterBuffer:
    """Orders one stream's audio by timestamp and releases it in fixed frames, concealing loss with silence."""

    def __init__(self, clock_rate_hz: int, frame_samples: int, min_ms: int, start_ms: int, max_ms: int,
                 max_packets: int = 256, warmup_packets: int = 50, window_packets: int = 100) -> None:
        self.clock_rate_hz = clock_rate_hz
        self.frame_samples = frame_samples
        self._min_ms, self._start_ms, self._max_ms = min_ms, start_ms, max_ms
        self._max_packets = max_packets
        self._warmup_packets = warmup_packets
        self._resync_samples = clock_rate_hz * max(1000, 2 * max_ms) // 1000
        self._lateness_ms: collections.deque[float] = collections.deque(maxlen=window_packets)
        self._packets_seen = 0
        self._store: dict[int, tuple[np.ndarray, int]] = {}  # start timestamp -> (samples, arrival ns)
        self._next_ts: int | None = None
        self._base_ts = 0  # clock mapping: the stream's samples up to `_base_ts` were due to arrive at `_base_ns`
        self._base_ns = 0
        self.wait_ms: float = float(start_ms)
        """How long a missing packet is currently waited for (adaptive)."""
        self.stats = JitterStats()

    # -- input -------------------------------------------------------------------------------------------------

    def push(self, ext_ts: int, samples: np.ndarray, arrival_ns: int, marker: bool, in_order: bool) -> bool:
        """Add one packet's decoded audio (already checked not to be a duplicate); False if it came too late."""
        end = ext_ts + samples.size
        if samples.size == 0:
            return True
        if self._next_ts is None:
            self._resync(ext_ts, end, arrival_ns, count=False)
        elif self._should_resync(ext_ts, end, marker, in_order):
            self._resync(ext_ts, end, arrival_ns)
        elif end <= self._next_ts:
            self._note_lateness(arrival_ns - self._expected_ns(end))
            self.stats.late_dropped += 1
            return False
        self._update_clock(end, arrival_ns)
        if ext_ts in self._store:
            return True  # the same audio again under a new sequence number: keep the first copy
        if len(self._store) >= self._max_packets:
            self.stats.overflow_dropped += 1
            return False
        self._store[ext_ts] = (samples, arrival_ns)
        self.stats.stored += 1
        return True

    def _should_resync(self, ext_ts: int, end: int, marker: bool, in_order: bool) -> bool:
        assert self._next_ts is not None
        if marker and not self._store and ext_ts != self._next_ts:
            return True  # a new talk spurt after silence suppression: play it now, whatever its timestamp says
        if ext_ts - self._next_ts > self._resync_samples or self._next_ts - end > self._resync_samples:
            return True  # the sender's timestamps jumped
        # The newest packet of the stream arrived after we concealed its slot: the whole stream was delayed
        # (a stall), not reordered. Play on from it rather than dropping everything that follows.
        return in_order and end <= self._next_ts

    def _resync(self, ext_ts: int, end: int, arrival_ns: int, count: bool = True) -> None:
        self._store.clear()
        self._next_ts = ext_ts
        self._base_ts, self._base_ns = end, arrival_ns
        if count:
            self.stats.resyncs += 1

    def _expected_ns(self, ts: int) -> int:
        return self._base_ns + (ts - self._base_ts) * 1_000_000_000 // self.clock_rate_hz

    def _update_clock(self, end: int, arrival_ns: int) -> None:
        """Track the earliest-arrival clock mapping and how late packets come relative to it."""
        expected = self._expected_ns(end)
        self._note_lateness(arrival_ns - expected)
        if end >= self._base_ts:
            drift_ns = int((end - self._base_ts) * 1e9 / self.clock_rate_hz * DRIFT_ALLOWANCE)
            self._base_ns = min(arrival_ns, expected + drift_ns)
            self._base_ts = end
        elif arrival_ns < expected:
            self._base_ns -= expected - arrival_ns

    def _note_lateness(self, late_ns: int) -> None:
        self._packets_seen += 1
        self._lateness_ms.append(max(0.0, late_ns / 1e6))
        target = max(self._lateness_ms) + 10.0  # headroom: scheduling noise on a busy 2-core box
        if self._packets_seen < self._warmup_packets:
            target = max(target, self._start_ms)
        self.wait_ms = float(min(self._max_ms, max(self._min_ms, target)))

    # -- output ------------------------------------------------------------------------------------------------

    def next_due_ns(self) -> int | None:
        """When the next frame must be released even if its packet has not come (None before any packet)."""
        if self._next_ts is None:
            return None
        return self._expected_ns(self._next_ts + self.frame_samples) + int(self.wait_ms * 1e6)

    def concealment_due(self, now_ns: int) -> bool:
        """Whether `pop(now_ns)` would conceal a frame (its audio is missing and its wait is over)."""
        due = self.next_due_ns()
        if due is None or now_ns < due:
            return False
        assert self._next_ts is not None
        return self._first_gap_offset(self._next_ts) < self.frame_samples

    def pop(self, now_ns: int) -> list[PlayoutFrame]:
        """Every frame that is ready now: complete ones at once, missing ones once their wait is over."""
        frames: list[PlayoutFrame] = []
        while self._next_ts is not None:
            frame = self._gather(self._next_ts, allow_gaps=False, now_ns=now_ns)
            if frame is None:
                due = self.next_due_ns()
                if due is None or now_ns < due:
                    break
                frame = self._conceal(now_ns)
            frames.append(frame)
            self._advance()
        return frames

    def flush(self, now_ns: int) -> list[PlayoutFrame]:
        """Everything still buffered, holes concealed, without waiting (the call is ending)."""
        frames: list[PlayoutFrame] = []
        while self._next_ts is not None and self._has_data_after(self._next_ts - 1):
            frames.append(self._conceal(now_ns))
            self._advance()
        return frames

    def _conceal(self, now_ns: int) -> PlayoutFrame:
        """The frame at the playout point with its missing samples as silence, counted as loss only when audio
        follows the hole (a sender's short last packet, or a pause, is not loss)."""
        assert self._next_ts is not None
        frame = self._gather(self._next_ts, allow_gaps=True, now_ns=now_ns)
        assert frame is not None
        first_gap = self._next_ts + self._first_gap_offset(self._next_ts)
        if self._has_data_after(first_gap):
            self.stats.concealed_frames += 1
        elif frame.real_samples == 0:
            self.stats.silence_frames += 1
        return frame

    def _first_gap_offset(self, start: int) -> int:
        pos = start
        while pos < start + self.frame_samples:
            hit = self._find(pos)
            if hit is None:
                return pos - start
            pos = hit[0] + hit[1].size
        return self.frame_samples

    def _advance(self) -> None:
        assert self._next_ts is not None
        self._next_ts += self.frame_samples
        for ts in [ts for ts, (s, _) in self._store.items() if ts + s.size <= self._next_ts]:
            del self._store[ts]

    def _has_data_after(self, ts: int) -> bool:
        return any(start + s.size > ts for start, (s, _) in self._store.items())

    def _find(self, pos: int) -> tuple[int, np.ndarray, int] | None:
        hit = self._store.get(pos)
        if hit is not None:
            return pos, hit[0], hit[1]
        for start, (samples, arrival) in self._store.items():
            if start <= pos < start + samples.size:
                return start, samples, arrival
        return None

    def _gather(self, start: int, allow_gaps: bool, now_ns: int) -> PlayoutFrame | None:
        n = self.frame_samples
        out = np.zeros(n, dtype=np.int16)
        real, newest, pos = 0, 0, start
        while pos < start + n:
            hit = self._find(pos)
            if hit is None:
                if not allow_gaps:
                    return None
                later = [s for s in self._store if s > pos]
                pos = min([start + n, *later])
                continue
            pkt_start, samples, arrival = hit
            take = min(pkt_start + samples.size - pos, start + n - pos)
            out[pos - start:pos - start + take] = samples[pos - pkt_start:pos - pkt_start + take]
            real += take
            newest = max(newest, arrival)
            pos += take
        return PlayoutFrame(out, real, newest if real == n else now_ns)
