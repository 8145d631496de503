"""A test caller that behaves like a PBX leg: a continuous, clock-paced RTP stream out, every reply packet recorded.

It runs on its own two threads, not on the pipeline's event loop, so that its 20 ms send clock and its arrival
stamps are not delayed by the pipeline under test: a stalled pipeline loop would otherwise both slow the audio it
is fed and hide how late its own reply packets really were. `time.monotonic_ns()` is the clock the pipeline
stamps its events with, so the caller's stamps compare directly with `AgentResponseCorrection.detected_ns`.

    caller = RtpCaller(("127.0.0.1", port), "pcmu").start()
    question = caller.say(pcm16k)          # queued behind what is already being said; silence otherwise
    ...                                    # caller.replies fills with ReplyPacket as they arrive
    caller.stop()
"""

from __future__ import annotations

import heapq
import random
import socket
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from edge.transports.rtp.g711 import Codec, codec_for
from edge.transports.rtp.packet import RtpPacket, RtpPacketError

PACKET_MS = 20
VOICED_PEAK = 64
"""A reply packet whose peak sample reaches this (about -54 dBFS) is speech, not silence: G.711's idle codes
decode to values under 10, Piper's leading hiss to a few tens (the bench peer uses the same rule)."""
ONSET_PEAK = 500
"""A question packet whose peak reaches this holds the start of the caller's speech (espeak-ng's output is clean
silence around the words, so the first such packet is the true speech onset)."""


@dataclass(frozen=True)
class ReplyPacket:
    """One RTP packet the endpoint sent back to us."""

    arrived_ns: int
    """`time.monotonic_ns()` when our receive thread got it."""
    sequence: int
    timestamp: int
    """RTP timestamp, in samples of the codec's clock."""
    ssrc: int
    marker: bool
    pcm: np.ndarray
    """Decoded int16 samples at the codec's rate."""

    @property
    def voiced(self) -> bool:
        return bool(self.pcm.size) and int(np.abs(self.pcm.astype(np.int32)).max()) >= VOICED_PEAK


@dataclass(frozen=True)
class Impairment:
    """A bad network on the caller's side of one utterance (a fixed seed makes it repeatable)."""

    drop: float = 0.05
    """Share of packets never sent."""
    duplicate: float = 0.05
    """Share of packets sent twice."""
    max_extra_delay_ms: float = 50.0
    """Each packet leaves up to this much late, which reorders neighbours."""
    seed: int = 1234


@dataclass
class Utterance:
    """Audio the caller speaks, and when each of its packets left (filled in by the send thread)."""

    pcm: np.ndarray
    """int16 at the codec's rate."""
    samples_per_packet: int
    impairment: Impairment | None = None
    sent_ns: list[int] = field(default_factory=list)
    """When packet i's 20 ms slot came (an impaired packet may leave up to `max_extra_delay_ms` later, or never)."""
    dropped: int = 0
    duplicated: int = 0
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def packets(self) -> int:
        return -(-self.pcm.size // self.samples_per_packet)

    @property
    def onset_packet(self) -> int:
        """Index of the first packet holding speech."""
        n = self.samples_per_packet
        peaks = [int(np.abs(self.pcm[i * n:(i + 1) * n].astype(np.int32)).max(initial=0))
                 for i in range(self.packets)]
        return next((i for i, p in enumerate(peaks) if p >= ONSET_PEAK), 0)

    @property
    def onset_sent_ns(self) -> int:
        """When the packet holding the start of the speech left (0 until it has)."""
        i = self.onset_packet
        return self.sent_ns[i] if i < len(self.sent_ns) else 0


class RtpCaller:
    """One call: a UDP socket on loopback sending a paced RTP stream and recording the symmetric reply."""

    def __init__(self, target: tuple[str, int], payload: str = "pcmu", ssrc: int | None = None,
                 bind_port: int = 0, listen_only: bool = False) -> None:
        """`listen_only` with `bind_port`: only receive, on the port another sender (ffmpeg, GStreamer) sends
        from. Our socket binds it after theirs with SO_REUSEADDR, so the kernel hands the replies to us."""
        self.target = target
        self.codec: Codec = codec_for(payload)
        self.samples_per_packet = self.codec.clock_rate_hz * PACKET_MS // 1000
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if listen_only:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", bind_port))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        """Our UDP port: where the endpoint must send its reply."""
        rng = random.Random()
        self.ssrc = rng.getrandbits(32) if ssrc is None else ssrc
        self._seq = rng.getrandbits(16)
        self._ts = rng.getrandbits(32)
        self.replies: list[ReplyPacket] = []
        self.foreign_packets = 0
        """Datagrams that were not RTP or not of our payload type (must stay 0)."""
        self.max_send_lateness_ms = 0.0
        """Worst delay of a slot's packet behind its 20 ms schedule: how much jitter this machine added to ours."""
        self._queue: list[Utterance] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._receive_loop, daemon=True, name=f"caller {self.port} recv")]
        if not listen_only:
            self._threads.append(threading.Thread(target=self._send_loop, daemon=True,
                                                  name=f"caller {self.port} send"))

    def start(self) -> "RtpCaller":
        for thread in self._threads:
            thread.start()
        return self

    def say(self, pcm16k: np.ndarray, impairment: Impairment | None = None) -> Utterance:
        """Queue 16 kHz int16 speech; it is sent at the codec's rate after whatever is queued already."""
        pcm = to_rate(pcm16k, self.codec.clock_rate_hz)
        utterance = Utterance(pcm, self.samples_per_packet, impairment)
        with self._lock:
            self._queue.append(utterance)
        return utterance

    def stop(self) -> None:
        """Stop sending (the endpoint then ends the call at its idle timeout) and close the socket."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self.sock.close()

    # -- what came back ----------------------------------------------------------------------------------------

    def voiced(self, after_ns: int = 0) -> list[ReplyPacket]:
        return [p for p in list(self.replies) if p.voiced and p.arrived_ns >= after_ns]

    def talk_spurt_at(self, t_ns: int, gap_ms: float = 200.0) -> list[ReplyPacket]:
        """The voiced packets of the stretch of reply that was playing at `t_ns`: from the last voiced packet at or
        before it (no more than `gap_ms` before), on while each next voiced packet follows within `gap_ms`.

        Its last packet is when that reply stopped being heard. Audio that starts again after a longer silence is
        something else (a filler or answer for a later turn), not a reply that failed to stop; Piper's own pauses
        inside a reply are shorter than 200 ms, so a reply that went on talking stays in the stretch.
        """
        voiced = sorted(self.voiced(), key=lambda p: p.arrived_ns)
        gap_ns = gap_ms * 1e6
        start = max((i for i, p in enumerate(voiced) if p.arrived_ns <= t_ns), default=None)
        if start is None or t_ns - voiced[start].arrived_ns > gap_ns:
            return []
        end = start
        while end + 1 < len(voiced) and voiced[end + 1].arrived_ns - voiced[end].arrived_ns <= gap_ns:
            end += 1
        while start > 0 and voiced[start].arrived_ns - voiced[start - 1].arrived_ns <= gap_ns:
            start -= 1
        return voiced[start:end + 1]

    def reply_audio_16k(self, after_ns: int = 0, before_ns: int | None = None) -> np.ndarray:
        """What was received from the first to the last voiced packet in [after_ns, before_ns), silence packets
        between them included, as float32 at 16 kHz (what a listener on the line heard of the reply)."""
        packets = sorted(list(self.replies), key=lambda p: p.arrived_ns)
        span = [i for i, p in enumerate(packets)
                if p.voiced and p.arrived_ns >= after_ns and (before_ns is None or p.arrived_ns < before_ns)]
        if not span:
            return np.zeros(0, dtype=np.float32)
        pcm = np.concatenate([p.pcm for p in packets[span[0]:span[-1] + 1]])
        return to_rate(pcm, 16_000, self.codec.clock_rate_hz).astype(np.float32) / 32768.0

    def wait_voiced(self, count: int = 1, after_ns: int = 0, timeout_s: float = 30.0) -> list[ReplyPacket]:
        """Block until `count` voiced reply packets have arrived (after `after_ns`)."""
        deadline = time.monotonic() + timeout_s
        while len(voiced := self.voiced(after_ns)) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"caller {self.port}: {len(voiced)} of {count} voiced reply packets in "
                                   f"{timeout_s} s ({len(self.replies)} packets in all)")
            time.sleep(0.01)
        return voiced

    def wait_quiet(self, quiet_s: float, timeout_s: float = 30.0) -> None:
        """Block until no voiced packet has arrived for `quiet_s` (the reply is over)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            voiced = self.voiced()
            last = voiced[-1].arrived_ns if voiced else 0
            if voiced and time.monotonic_ns() - last >= quiet_s * 1e9:
                return
            time.sleep(0.05)
        raise TimeoutError(f"caller {self.port}: the reply never ended within {timeout_s} s")

    # -- threads -----------------------------------------------------------------------------------------------

    def _send_loop(self) -> None:
        """One packet per 20 ms slot on an absolute schedule (no drift), silence when nothing is queued."""
        period_ns = PACKET_MS * 1_000_000
        start = time.monotonic_ns()
        slot = 0
        late: list[tuple[int, int, bytes]] = []  # (send at ns, tie-break, datagram) of delayed packets
        silence = np.zeros(self.samples_per_packet, dtype=np.int16)
        current: Utterance | None = None
        index = 0
        rng = random.Random()
        while not self._stop.is_set():
            due = start + slot * period_ns
            next_late = late[0][0] if late else due
            wake = min(due, next_late)
            delay = (wake - time.monotonic_ns()) / 1e9
            if delay > 0:
                time.sleep(delay)
            now = time.monotonic_ns()
            while late and late[0][0] <= now:
                self._send(heapq.heappop(late)[2])
            if now < due:
                continue
            self.max_send_lateness_ms = max(self.max_send_lateness_ms, (now - due) / 1e6)
            if current is None:
                with self._lock:
                    current = self._queue.pop(0) if self._queue else None
                index = 0
                if current is not None and current.impairment is not None:
                    rng = random.Random(current.impairment.seed)
            if current is not None:
                n = self.samples_per_packet
                chunk = current.pcm[index * n:(index + 1) * n]
                chunk = np.pad(chunk, (0, n - chunk.size))
                datagram = self._packet(chunk, marker=index == 0)
                current.sent_ns.append(now)
                self._send_impaired(current, datagram, due, late, rng, slot)
                index += 1
                if index >= current.packets:
                    current.done.set()
                    current = None
            else:
                self._send(self._packet(silence, marker=False))
            self._seq = (self._seq + 1) & 0xFFFF
            self._ts = (self._ts + self.samples_per_packet) & 0xFFFFFFFF
            slot += 1
        for _, _, datagram in sorted(late):
            self._send(datagram)

    def _send_impaired(self, utterance: Utterance, datagram: bytes, due_ns: int, late: list, rng: random.Random,
                       slot: int) -> None:
        impairment = utterance.impairment
        if impairment is None:
            self._send(datagram)
            return
        if rng.random() < impairment.drop:
            utterance.dropped += 1
            return
        copies = 2 if rng.random() < impairment.duplicate else 1
        utterance.duplicated += copies - 1
        for copy in range(copies):
            extra_ns = int(rng.uniform(0, impairment.max_extra_delay_ms) * 1e6)
            heapq.heappush(late, (due_ns + extra_ns, slot * 2 + copy, datagram))

    def _packet(self, pcm: np.ndarray, marker: bool) -> bytes:
        return RtpPacket(payload_type=self.codec.payload_type, sequence=self._seq, timestamp=self._ts,
                         ssrc=self.ssrc, payload=self.codec.encode(pcm), marker=marker).serialise()

    def _send(self, datagram: bytes) -> None:
        try:
            self.sock.sendto(datagram, self.target)
        except OSError:
            pass  # the endpoint's port is gone (test teardown): a PBX would keep sending into the void too

    def _receive_loop(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            arrived = time.monotonic_ns()
            try:
                packet = RtpPacket.parse(data)
            except RtpPacketError:
                self.foreign_packets += 1
                continue
            if packet.payload_type != self.codec.payload_type:
                self.foreign_packets += 1
                continue
            self.replies.append(ReplyPacket(arrived, packet.sequence, packet.timestamp, packet.ssrc, packet.marker,
                                            self.codec.decode(packet.payload)))


def to_rate(pcm: np.ndarray, rate_hz: int, from_hz: int = 16_000) -> np.ndarray:
    """int16 resampled between the pipeline's 16 kHz and a codec's rate (what a PBX's own resampler does)."""
    if rate_hz == from_hz:
        return np.asarray(pcm, dtype=np.int16)
    import soxr

    out = soxr.resample(np.asarray(pcm, dtype=np.int16), from_hz, rate_hz)
    return np.clip(out, -32768, 32767).astype(np.int16)


def silence_s(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * 16_000), dtype=np.int16)
