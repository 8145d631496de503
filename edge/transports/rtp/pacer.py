"""The send side of one call: one RTP packet per `packet_ms`, on an absolute clock schedule.

Packet k is sent at start + k * packet_ms (never "sleep packet_ms after the last one", which drifts by the
scheduling delay every time). Its audio comes from the call's `OutputQueue`, which pads with silence.

Silence: with `send_silence` (the default) a packet goes out every slot even when nothing is queued. A PBX wants a
continuous stream: Asterisk and most SBCs hang up a call whose RTP stops (rtptimeout), NAT bindings expire, and
the far jitter buffer stays locked to our clock instead of resynchronising at every reply. Without it, slots with
nothing to say are skipped (the timestamp still advances, as RFC 3550 silence suppression requires).
The marker bit is set on the stream's first packet and on the first packet of each reply talk spurt (real audio
after a packet without any), so a receiver may re-align its playout there.
"""

from __future__ import annotations

import asyncio
import random
from typing import Callable

from edge.transports.base import OutputQueue
from edge.transports.rtp.g711 import Codec
from edge.transports.rtp.packet import RtpPacket

MAX_BEHIND_S = 0.2
"""If the event loop stalled for longer than this, skip the missed slots instead of bursting them out."""


class RtpPacer:
    """Sends a call's reply audio as paced RTP with its own SSRC, sequence and timestamps."""

    def __init__(self, output: OutputQueue, codec: Codec, packet_ms: int, send: Callable[[bytes], None],
                 send_silence: bool, rng: random.Random) -> None:
        self._output = output
        self._codec = codec
        self._period_s = packet_ms / 1000
        self._samples = codec.clock_rate_hz * packet_ms // 1000
        self._send = send
        self._send_silence = send_silence
        # RFC 3550 wants random initial values, so streams of successive calls cannot be confused.
        self.ssrc = rng.getrandbits(32)
        self._seq = rng.getrandbits(16)
        self._ts = rng.getrandbits(32)
        self.packets_sent = 0
        self.slots_skipped = 0

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        slot = 0
        talking = False
        while True:
            delay = start + slot * self._period_s - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif -delay > MAX_BEHIND_S:
                missed = int(-delay / self._period_s)
                slot += missed
                self._ts = (self._ts + missed * self._samples) & 0xFFFFFFFF
                self.slots_skipped += missed
                continue
            samples, real = self._output.pull(self._samples)
            if real or self._send_silence:
                marker = self.packets_sent == 0 or (real > 0 and not talking)
                packet = RtpPacket(payload_type=self._codec.payload_type, sequence=self._seq, timestamp=self._ts,
                                   ssrc=self.ssrc, payload=self._codec.encode(samples), marker=marker)
                self._send(packet.serialise())
                self._seq = (self._seq + 1) & 0xFFFF
                self.packets_sent += 1
            talking = real > 0
            self._ts = (self._ts + self._samples) & 0xFFFFFFFF
            slot += 1
