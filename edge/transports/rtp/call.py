"""One RTP call: the packets of one (source address, SSRC) in, 20 ms 16 kHz frames out, reply audio paced back.

The endpoint hands every checked packet of the call to `receive`. A playout task, owned by the call, releases
frames from the jitter buffer on the clock (complete frames at once, missing ones concealed once their wait is
over, silence while nothing comes) into a queue that `frames()` reads, and ends the call after `idle_timeout_s`
without packets. A pacer task sends `output` back to where the packets come from (symmetric RTP).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import fields
from typing import AsyncIterator, Callable, Literal


from edge.transports.base import PIPELINE_RATE_HZ, AudioFrame, DtmfDigit, OutputQueue
from edge.transports.rtp.dtmf import DtmfDetector, TelephoneEvent
from edge.transports.rtp.g711 import Codec
from edge.transports.rtp.jitter import JitterBuffer, JitterStats, PlayoutFrame, SequenceTracker, TimestampUnwrapper
from edge.transports.rtp.options import RtpOptions
from edge.transports.rtp.pacer import RtpPacer
from edge.transports.rtp.packet import RtpPacket
from edge.transports.rtp.stats import RtpStats
from edge.transports.rtp.upsample import Upsampler2x

log = logging.getLogger(__name__)

FRAME_MS = 20
"""Frames handed to the pipeline are 20 ms, whatever the sender's packet size."""
MAX_QUEUED_FRAMES = 500
"""10 s of frames waiting for a consumer that stalled; older ones are dropped past this."""

PacketKind = Literal["audio", "dtmf", "comfort_noise"]
Address = tuple[str, int]


class RtpCall:
    """A `Call` carried over RTP (see edge.transports.base.Call)."""

    def __init__(self, options: RtpOptions, codec: Codec, remote: Address, ssrc: int, stats: RtpStats,
                 send: Callable[[bytes, Address], None], on_end: Callable[["RtpCall"], None],
                 loop: asyncio.AbstractEventLoop, now_ns: int) -> None:
        self.remote = remote
        """(host, port) the caller's packets come from, and where the reply goes."""
        self.ssrc = ssrc
        """The caller's SSRC; a different one from the same address is a new call."""
        self.call_id = f"rtp:{remote[0]}:{remote[1]}/0x{ssrc:08x}"
        self.codec = codec
        self.output = OutputQueue(codec.clock_rate_hz, loop)
        self.hears_itself = False  # the phone at the far end cancels its own echo
        self.end_reason: str | None = None
        """Why the call ended: "idle", "ssrc_change" or "closed" (None while it runs)."""
        self._options = options
        self._stats = stats
        self._on_end = on_end
        self._loop = loop
        self._idle_ns = int(options.idle_timeout_s * 1e9)
        self._last_packet_ns = now_ns
        self._packets_received = 0
        self._seq = SequenceTracker()
        self._ts = TimestampUnwrapper()
        self._jitter = JitterBuffer(codec.clock_rate_hz, codec.clock_rate_hz * FRAME_MS // 1000,
                                    options.jitter_min_ms, options.jitter_start_ms, options.jitter_max_ms)
        self._jitter_seen = JitterStats()
        self._upsampler = Upsampler2x() if codec.clock_rate_hz * 2 == PIPELINE_RATE_HZ else None
        self._detector = DtmfDetector(codec.clock_rate_hz)
        self._dtmf: asyncio.Queue[DtmfDigit] = asyncio.Queue()
        self._frames: asyncio.Queue[AudioFrame | None] = asyncio.Queue()
        self._wake = asyncio.Event()
        self._ended = asyncio.Event()
        self._ending = False
        self.pacer = RtpPacer(self.output, codec, options.packet_ms, lambda data: send(data, self.remote),
                              options.send_silence, random.Random())
        self._tasks = [loop.create_task(self._playout(), name=f"{self.call_id} playout"),
                       loop.create_task(self.pacer.run(), name=f"{self.call_id} pacer")]

    # -- the Call protocol -------------------------------------------------------------------------------------

    async def frames(self) -> AsyncIterator[AudioFrame]:
        """20 ms 16 kHz int16 frames in order, loss concealed with silence, until the call ends."""
        while True:
            frame = await self._frames.get()
            if frame is None:
                self._frames.put_nowait(None)  # a second reader also ends
                return
            yield frame

    def dtmf(self) -> "asyncio.Queue[DtmfDigit]":
        return self._dtmf

    # -- fed by the endpoint -----------------------------------------------------------------------------------

    def receive(self, packet: RtpPacket, kind: PacketKind, arrival_ns: int) -> None:
        """One packet of this call, already checked by the endpoint (right SSRC, payload type and length)."""
        if self._ending:
            return
        self._last_packet_ns = arrival_ns
        self._packets_received += 1
        verdict = self._seq.track(packet.sequence)
        if verdict.duplicate:
            self._stats.duplicates += 1
            return
        if not verdict.in_order:
            self._stats.reordered += 1
        ext_ts = self._ts.unwrap(packet.timestamp)
        if kind == "comfort_noise":
            self._stats.comfort_noise += 1
        elif kind == "dtmf":
            for digit in self._detector.feed(ext_ts, TelephoneEvent.parse(packet.payload)):
                self._report_dtmf(digit)
        else:
            samples = self.codec.decode(packet.payload)
            self._jitter.push(ext_ts, samples, arrival_ns, packet.marker, verdict.in_order)
            self._wake.set()

    def end(self, reason: str) -> None:
        """Stop the call: what is buffered is still delivered, then `frames()` ends."""
        if not self._ending:
            self._ending = True
            self.end_reason = reason
            self._wake.set()

    async def wait_ended(self) -> None:
        await self._ended.wait()

    @property
    def ended(self) -> bool:
        return self._ended.is_set()

    @property
    def jitter_wait_ms(self) -> float:
        """How long the jitter buffer currently waits for a missing packet."""
        return self._jitter.wait_ms

    # -- internals ---------------------------------------------------------------------------------------------

    def _report_dtmf(self, digit: DtmfDigit) -> None:
        self._stats.dtmf += 1
        self._dtmf.put_nowait(digit)
        log.info("%s: DTMF %s (%d ms)", self.call_id, digit.digit, digit.duration_ms)

    async def _playout(self) -> None:
        try:
            while True:
                now = time.monotonic_ns()
                idle = now - self._last_packet_ns >= self._idle_ns
                if not self._ending and (idle or self._jitter.concealment_due(now)):
                    now = await self._drain_socket_backlog()
                    if now - self._last_packet_ns >= self._idle_ns:
                        self.end("idle")
                if self._ending:
                    self._deliver(self._jitter.flush(now))
                    break
                self._deliver(self._jitter.pop(now))
                deadline = self._last_packet_ns + self._idle_ns
                due = self._jitter.next_due_ns()
                if due is not None:
                    deadline = min(deadline, due)
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), max(0, deadline - now) / 1e9)
                except TimeoutError:
                    pass
        finally:
            self._finish()

    async def _drain_socket_backlog(self) -> int:
        """Let datagrams already waiting in the socket reach us before anything is concealed.

        After our own event loop stalled (a busy box, the GIL held by an engine thread), packets that arrived on
        time are still queued in the kernel while our timer has already expired. asyncio reads one datagram per
        loop iteration and runs a task's step before the reads of that iteration, so yield twice per round and go
        on while rounds bring packets. Only the network's losses and delays are then concealed, not ours.
        """
        for _ in range(64):
            before = self._packets_received
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            if self._packets_received == before:
                break
        return time.monotonic_ns()

    def _finish(self) -> None:
        for digit in self._detector.finish():
            self._report_dtmf(digit)
        self._frames.put_nowait(None)
        self._tasks[1].cancel()
        self._sync_jitter_stats()
        self._stats.calls_ended += 1
        self._ended.set()
        log.info("%s: call ended (%s)", self.call_id, self.end_reason)
        self._on_end(self)

    def _deliver(self, frames: list[PlayoutFrame]) -> None:
        for frame in frames:
            pcm = frame.samples if self._upsampler is None else self._upsampler.process(frame.samples)
            if self._frames.qsize() >= MAX_QUEUED_FRAMES:
                self._frames.get_nowait()  # nobody is reading: keep the newest audio
            self._frames.put_nowait(AudioFrame(pcm.astype("<i2").tobytes(), PIPELINE_RATE_HZ, frame.arrived_ns))
        if frames:
            self._sync_jitter_stats()

    def _sync_jitter_stats(self) -> None:
        """Fold the buffer's new counts into the endpoint's totals."""
        now = self._jitter.stats
        for name, total in (("late_dropped", "late_dropped"), ("concealed_frames", "lost_concealed"),
                            ("silence_frames", "silence_frames"), ("resyncs", "resyncs")):
            delta = getattr(now, name) - getattr(self._jitter_seen, name)
            setattr(self._stats, total, getattr(self._stats, total) + delta)
        self._jitter_seen = JitterStats(**{f.name: getattr(now, f.name) for f in fields(now)})

    async def stop_tasks(self) -> None:
        """Cancel the pacer and wait for both tasks (endpoint close)."""
        self.end(self.end_reason or "closed")
        self._tasks[1].cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
