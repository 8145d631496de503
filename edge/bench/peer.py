"""The bench's RTP peer: a separate process that plays the prompts as a PBX would and times the replies.

    python -m edge.bench.peer --target 127.0.0.1:PORT [--payload pcmu|l16]

It runs in its own process (not on the pipeline's event loop) so that its 20 ms send clock and its arrival stamps
are not delayed by the pipeline it measures: a stalled pipeline loop would otherwise delay both the packets it is
fed and the moment it notices its own reply, and hide its own cost. `time.monotonic_ns()` is CLOCK_MONOTONIC,
shared by every process on the machine, so its stamps compare directly with the pipeline's TurnMetrics.

Commands come on stdin, one JSON object per line; events go to stdout, one JSON object per line:

    -> {"cmd": "play", "turn": 3, "ssrc": 1234, "audio": "PATH", "speech_end": 2.41, "lead_s": 1.0}
       a new call (new SSRC, from socket `turn % 2`): `lead_s` of silence, then the clip, then silence until
       the turn after next reuses the socket
    <- {"event": "speech_end_sent", "turn": 3, "ns": ..., "voiced_before_end": N}   the packet holding the true
       speech end left; N non-silent reply packets had arrived before it (the assistant spoke into a pause of the
       caller's: a turn committed too early, heard for a moment, then reopened when the caller went on)
    <- {"event": "clip_sent", "turn": 3, "ns": ...}         the clip's last packet left
    <- {"event": "first_reply", "turn": 3, "ns": ..., "marker_ns": ...}  first non-silent reply packet arrived
    <- {"event": "reply_stats", "turn": 3, "voiced_packets": N}   sent when the next command (or EOF) comes
    -> {"cmd": "quit"}  (or EOF)

Silence packets flow between clips, as a PBX's do: the endpointer needs the silence after speech to end a turn.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from edge.bench.manifest import RATE_HZ, load_clip
from edge.transports.rtp.g711 import codec_for
from edge.transports.rtp.packet import RtpPacket, RtpPacketError

PACKET_MS = 20
VOICED_PEAK = 64
"""A reply packet whose peak sample reaches this (about -54 dBFS) is not silence: G.711's idle codes decode to
values under 10, Piper's leading hiss to a few tens."""


@dataclass
class _Turn:
    turn: int
    ssrc: int
    packets: list[np.ndarray]
    speech_end_packet: int
    sent: int = 0
    speech_end_ns: int = 0
    first_reply_ns: int = 0
    first_marker_ns: int = 0
    voiced_packets: int = 0
    voiced_before_end: int = 0
    seq: int = field(default_factory=lambda: random.getrandbits(16))
    ts: int = field(default_factory=lambda: random.getrandbits(32))


class Peer:
    """Two sockets, used by turns in turn: the previous call keeps its own source address (and keeps getting
    silence) while its reply plays out, so the next clip can start as soon as the engines are idle again."""

    def __init__(self, target: tuple[str, int], payload: str) -> None:
        self.target = target
        self.codec = codec_for(payload)
        self.samples = self.codec.clock_rate_hz * PACKET_MS // 1000
        self.socks = []
        for _ in range(2):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            sock.setblocking(False)
            self.socks.append(sock)
        self.turns: list[_Turn | None] = [None, None]
        self.silence = np.zeros(self.samples, dtype=np.int16)

    def emit(self, **event) -> None:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()

    def prepare(self, cmd: dict) -> _Turn:
        from engines.audio import float32_to_int16, resample

        clip = load_clip(cmd["audio"])
        pcm = float32_to_int16(resample(clip, RATE_HZ, self.codec.clock_rate_hz))
        lead = int(cmd.get("lead_s", 1.0) * 1000 / PACKET_MS)
        body = [pcm[i:i + self.samples] for i in range(0, pcm.size, self.samples)]
        body[-1] = np.pad(body[-1], (0, self.samples - body[-1].size))
        end_sample = int(float(cmd["speech_end"]) * self.codec.clock_rate_hz)
        end_packet = lead + min(len(body) - 1, max(0, end_sample - 1) // self.samples)
        return _Turn(int(cmd["turn"]), int(cmd["ssrc"]), [self.silence] * lead + body, end_packet)

    async def send_loop(self) -> None:
        """One packet per 20 ms on an absolute schedule (never sleep-after-send, which drifts)."""
        loop = asyncio.get_running_loop()
        start, slot = loop.time(), 0
        while True:
            delay = start + slot * PACKET_MS / 1000 - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            slot += 1
            for sock, turn in zip(self.socks, self.turns):
                if turn is not None:
                    self._send(sock, turn)

    def _send(self, sock: socket.socket, turn: _Turn) -> None:
        index = turn.sent
        samples = turn.packets[index] if index < len(turn.packets) else self.silence
        packet = RtpPacket(self.codec.payload_type, turn.seq, turn.ts, turn.ssrc, self.codec.encode(samples),
                           marker=index == 0)
        try:
            sock.sendto(packet.serialise(), self.target)
        except OSError:
            pass  # the endpoint is not up (yet, or any more): a PBX keeps sending too
        now = time.monotonic_ns()
        turn.seq, turn.ts, turn.sent = (turn.seq + 1) & 0xFFFF, (turn.ts + self.samples) & 0xFFFFFFFF, index + 1
        if index == turn.speech_end_packet:
            turn.speech_end_ns = now
            self.emit(event="speech_end_sent", turn=turn.turn, ns=now, voiced_before_end=turn.voiced_before_end)
        if index == len(turn.packets) - 1:
            self.emit(event="clip_sent", turn=turn.turn, ns=now)

    def on_datagram(self, data: bytes, turn: _Turn | None) -> None:
        now = time.monotonic_ns()
        if turn is None:
            return
        try:
            packet = RtpPacket.parse(data)
        except RtpPacketError:
            return
        if packet.payload_type != self.codec.payload_type:
            return
        voiced = int(np.abs(self.codec.decode(packet.payload).astype(np.int32)).max(initial=0)) >= VOICED_PEAK
        if not turn.speech_end_ns:
            # A reply to audio before the true end of speech answers no question: it talked over the caller.
            turn.voiced_before_end += voiced
            return
        if packet.marker and not turn.first_marker_ns and turn.first_reply_ns == 0:
            turn.first_marker_ns = now
        if voiced:
            turn.voiced_packets += 1
            if not turn.first_reply_ns:
                turn.first_reply_ns = now
                self.emit(event="first_reply", turn=turn.turn, ns=now, marker_ns=turn.first_marker_ns or None)

    def finish_turn(self, turn: _Turn | None) -> None:
        if turn is not None:
            self.emit(event="reply_stats", turn=turn.turn, voiced_packets=turn.voiced_packets)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for i, sock in enumerate(self.socks):
            loop.add_reader(sock.fileno(), self._read, i)
        sender = asyncio.create_task(self.send_loop())
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        self.emit(event="ready")
        try:
            while line := await reader.readline():
                cmd = json.loads(line)
                if cmd.get("cmd") == "quit":
                    break
                if cmd.get("cmd") == "play":
                    turn = await asyncio.to_thread(self.prepare, cmd)
                    slot = turn.turn % 2
                    self.finish_turn(self.turns[slot])
                    self.turns[slot] = turn
        finally:
            for turn in self.turns:
                self.finish_turn(turn)
            sender.cancel()
            for sock in self.socks:
                loop.remove_reader(sock.fileno())
                sock.close()

    def _read(self, slot: int) -> None:
        while True:
            try:
                data, _ = self.socks[slot].recvfrom(4096)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return  # ICMP unreachable while the endpoint restarts
            self.on_datagram(data, self.turns[slot])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edge.bench.peer")
    parser.add_argument("--target", required=True, help="HOST:PORT of the RTP endpoint")
    parser.add_argument("--payload", choices=["pcmu", "l16"], default="pcmu")
    args = parser.parse_args(argv)
    host, port = args.target.rsplit(":", 1)
    asyncio.run(Peer((host, int(port)), args.payload).run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
