"""The jitter buffer and the sequence/timestamp unwrapping, driven with synthetic arrival times (no sockets)."""

from __future__ import annotations

import numpy as np
import pytest

from edge.transports.rtp.dtmf import DtmfDetector, TelephoneEvent
from edge.transports.rtp.jitter import JitterBuffer, SequenceTracker, TimestampUnwrapper

FRAME = 160  # 20 ms at 8 kHz
MS = 1_000_000


def chunk(i: int) -> np.ndarray:
    """Packet i's audio: every sample holds i + 1, so the output says which packet each frame came from."""
    return np.full(FRAME, i + 1, dtype=np.int16)


class Stream:
    """Feeds a buffer the way the call does: sequence and timestamp unwrapped, duplicates dropped."""

    def __init__(self, seq0: int = 0, ts0: int = 0) -> None:
        self.buf = JitterBuffer(8000, FRAME, min_ms=20, start_ms=60, max_ms=200)
        self.seq, self.ts = SequenceTracker(), TimestampUnwrapper()
        self.seq0, self.ts0 = seq0, ts0
        self.out: list[int] = []  # packet index per frame, 0 for concealment

    def push(self, i: int, at_ms: float, marker: bool = False, ts_offset: int = 0) -> bool:
        verdict = self.seq.track((self.seq0 + i) & 0xFFFF)
        if verdict.duplicate:
            return False
        ext = self.ts.unwrap((self.ts0 + i * FRAME + ts_offset) & 0xFFFFFFFF)
        return self.buf.push(ext, chunk(i), int(at_ms * MS), marker, verdict.in_order)

    def pop(self, at_ms: float) -> list[int]:
        frames = self.buf.pop(int(at_ms * MS))
        got = [int(f.samples[0]) if f.real_samples else 0 for f in frames]
        self.out.extend(got)
        return got


def test_in_order_packets_come_out_at_once() -> None:
    s = Stream()
    for i in range(5):
        s.push(i, at_ms=20 * i)
        assert s.pop(at_ms=20 * i) == [i + 1]  # no playout delay when nothing is missing
    assert s.buf.stats.concealed_frames == 0


def test_reordered_packet_within_the_wait_is_put_back_in_place() -> None:
    s = Stream()
    s.push(0, 0)
    s.pop(0)
    s.push(2, 40)             # packet 1 is late
    assert s.pop(40) == []    # waiting for it, not concealing yet
    s.push(1, 55)
    assert s.pop(55) == [2, 3]
    assert s.buf.stats.concealed_frames == 0


def test_duplicates_are_dropped() -> None:
    s = Stream()
    assert s.push(0, 0) and s.push(1, 20)
    assert not s.push(1, 21)
    assert s.pop(30) == [1, 2]


def test_loss_is_concealed_with_silence_once_the_wait_is_over_and_a_late_copy_is_dropped() -> None:
    s = Stream()
    s.push(0, 0)
    s.push(2, 40)
    s.push(3, 60)
    assert s.pop(41) == [1]
    wait = s.buf.wait_ms
    assert s.pop(20 + wait - 1) == []             # packet 1 was due at 20 ms
    assert s.pop(20 + wait + 1) == [0, 3, 4]     # packet 1 concealed, then the rest flows
    assert s.buf.stats.concealed_frames == 1
    assert not s.push(1, 200)                      # too late now
    assert s.buf.stats.late_dropped == 1


def test_silence_frames_keep_coming_on_the_clock_when_packets_stop() -> None:
    s = Stream()
    for i in range(3):
        s.push(i, 20 * i)
    s.pop(40)
    got = s.pop(40 + s.buf.wait_ms + 200)
    assert len(got) == 10 and set(got) == {0}     # 200 ms -> ten 20 ms frames of silence
    assert s.buf.stats.silence_frames == 10 and s.buf.stats.concealed_frames == 0


def test_wait_adapts_to_lateness_within_bounds() -> None:
    s = Stream()
    for i in range(60):                            # steady stream: settles at the floor after warm-up
        s.push(i, 20 * i)
        s.pop(20 * i)
    assert s.buf.wait_ms == pytest.approx(20, abs=1)
    s.push(61, 20 * 61)                            # 61 comes 20 ms early (sets the clock), 60 is missing...
    s.pop(20 * 61)
    s.push(60, 20 * 61 + 10)                       # ...and comes 30 ms behind that clock: past the 20 ms wait
    assert s.out[-2:] == [0, 62] and s.buf.stats.late_dropped == 1
    assert s.buf.wait_ms >= 40                     # the buffer learned the lateness (30 ms + headroom)
    for i in range(62, 80):
        s.push(i, 20 * i + 500)                    # a huge delay: clamped at max
        s.pop(20 * i + 500)
    assert s.buf.wait_ms <= 200


@pytest.mark.parametrize("seq0, ts0", [(65530, 0), (0, 2**32 - 3 * FRAME), (65533, 2**32 - 2 * FRAME)])
def test_sequence_and_timestamp_wrap_around(seq0: int, ts0: int) -> None:
    s = Stream(seq0, ts0)
    order = [0, 1, 3, 2, 4, 5, 6, 7, 8, 9]         # one reorder right across the wrap
    for k, i in enumerate(order):
        s.push(i, 20 * k)
        s.pop(20 * k)
    s.pop(1000)
    assert s.out[:10] == [i + 1 for i in range(10)]
    assert s.buf.stats.concealed_frames == 0 and s.buf.stats.resyncs == 0


def test_marker_bit_after_silence_suppression_resynchronises() -> None:
    s = Stream()
    for i in range(3):
        s.push(i, 20 * i)
    s.pop(40)
    # The phone stopped sending for 1 s (silence suppression) and resumes with the marker bit; its timestamps
    # say 3 s passed (some phones count differently): playout follows the marker, not the timestamp.
    s.pop(1040)
    s.push(3, 1060, marker=True, ts_offset=3 * 8000)
    s.push(4, 1080, ts_offset=3 * 8000)
    assert s.pop(1080)[-2:] == [4, 5]
    assert s.buf.stats.resyncs == 1


def test_stall_delays_the_stream_without_losing_audio() -> None:
    s = Stream()
    for i in range(3):
        s.push(i, 20 * i)
    s.pop(40)
    s.pop(300)                                     # 260 ms of nothing: concealed as silence
    for i in range(3, 6):                          # then the delayed packets arrive in a burst, in order
        s.push(i, 301 + i)
    assert s.pop(310)[-3:] == [4, 5, 6]            # played after the silence, not thrown away
    assert s.buf.stats.late_dropped == 0


def test_timestamp_jump_without_marker_resynchronises_instead_of_bursting_silence() -> None:
    s = Stream()
    s.push(0, 0)
    s.pop(0)
    s.push(1, 20, ts_offset=10 * 60 * 8000)        # ten minutes ahead
    assert s.pop(20) == [2]
    assert s.buf.stats.resyncs == 1


def test_flush_delivers_what_is_left_with_holes_filled() -> None:
    s = Stream()
    s.push(0, 0)
    s.push(2, 40)
    frames = s.buf.flush(50 * MS)
    assert [int(f.samples[0]) if f.real_samples else 0 for f in frames] == [1, 0, 3]


def test_sequence_tracker_flags_duplicates_and_reordering() -> None:
    t = SequenceTracker()
    a, b, c, d = t.track(65535), t.track(1), t.track(0), t.track(1)
    assert (a.extended, b.extended, c.extended) == (65535, 65537, 65536)
    assert b.in_order and not c.in_order and not c.duplicate and d.duplicate


def test_dtmf_key_is_reported_once_despite_repeats_and_triple_end() -> None:
    det = DtmfDetector(8000)
    got = []
    for duration in (400, 800, 1200):
        got += det.feed(16000, TelephoneEvent(5, False, 10, duration))
    for _ in range(3):
        got += det.feed(16000, TelephoneEvent(5, True, 10, 1600))
    assert [(d.digit, d.duration_ms) for d in got] == [("5", 200)]


def test_dtmf_key_whose_end_packets_were_lost_is_reported_when_the_next_starts() -> None:
    det = DtmfDetector(8000)
    assert det.feed(100, TelephoneEvent(11, False, 10, 800)) == []
    got = det.feed(5000, TelephoneEvent(10, False, 10, 400)) + det.finish()
    assert [d.digit for d in got] == ["#", "*"]
    assert TelephoneEvent.parse(TelephoneEvent(11, True, 10, 800).serialise()) == TelephoneEvent(11, True, 10, 800)
