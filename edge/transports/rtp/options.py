"""The `rtp:` option group: one UDP port, one fixed payload format, as Asterisk's ARI externalMedia expects."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal

from edge.configfile import opt

PAYLOAD_CLOCK_HZ = {"pcmu": 8000, "pcma": 8000, "l16": 16000}
"""RTP clock rate of each payload format (also its sample rate: all are mono)."""


@dataclass(frozen=True)
class RtpOptions:
    """How the RTP endpoint listens, which calls it accepts, and how it buffers their audio."""

    enabled: bool = opt(False, "Off unless asked for: it opens a UDP port that a PBX sends call audio to")
    bind_host: str = opt("127.0.0.1", "Loopback by default; set the address the PBX can reach (never 0.0.0.0 "
                                      "without an allowlist)")
    port: int = opt(40000, "UDP port for RTP in and out (symmetric RTP); 0 picks a free one (tests)")
    payload: Literal["pcmu", "pcma", "l16"] = opt(
        "pcmu", "One fixed format per endpoint, as externalMedia: pcmu/pcma (G.711, 8 kHz) or l16 (16 kHz slin16)")
    l16_payload_type: int = opt(118, "RTP payload type of L16 16 kHz: Asterisk sends slin16 as dynamic PT 118")
    dtmf_payload_type: int = opt(101, "RFC 4733 telephone-event payload type, 101 by near-universal convention")
    packet_ms: int = opt(20, "Audio per packet we send: 20 ms is what externalMedia and every PBX default use")
    max_calls: int = opt(4, "Concurrent calls; a new one past this is refused so running calls keep their CPU")
    idle_timeout_s: float = opt(5.0, "A call whose packets stop for this long has hung up; its session is freed")
    allow_cidrs: list[str] = opt(["127.0.0.0/8", "::1/128"],
                                 "Peers allowed to send audio (CIDRs); packets from anyone else are dropped")
    jitter_min_ms: int = opt(20, "Least time the jitter buffer waits for a missing packet before concealing it")
    jitter_start_ms: int = opt(60, "Wait for a missing packet at the start of a call, before jitter is measured")
    jitter_max_ms: int = opt(200, "Most it ever waits: beyond this a late packet costs more latency than it saves")
    max_packet_bytes: int = opt(1500, "Larger datagrams are dropped: one Ethernet MTU holds 60 ms of L16 16 kHz")
    send_silence: bool = opt(True, "Send silence packets while there is nothing to say: PBXs hang up calls whose "
                                   "RTP stops (rtptimeout) and the far jitter buffer stays locked to our clock")

    def __post_init__(self) -> None:
        for entry in self.allow_cidrs:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"allow_cidrs entry {entry!r} is not a CIDR: write an address or network such as "
                                 "'192.0.2.10/32' or '10.0.0.0/8'") from None
        if not self.allow_cidrs:
            raise ValueError("allow_cidrs is empty, so no peer could ever call: list the PBX's address, or "
                             "'0.0.0.0/0' to accept anyone")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port {self.port} is outside 0-65535: pick a free UDP port such as 40000")
        if self.packet_ms not in (10, 20, 30, 40, 60):
            raise ValueError(f"packet_ms {self.packet_ms} is not one of 10, 20, 30, 40, 60: use 20")
        if self.max_calls < 1:
            raise ValueError(f"max_calls {self.max_calls} must be at least 1")
        if self.idle_timeout_s <= 0:
            raise ValueError(f"idle_timeout_s {self.idle_timeout_s} must be above 0 seconds, e.g. 5")
        if not 0 < self.jitter_min_ms <= self.jitter_start_ms <= self.jitter_max_ms:
            raise ValueError(f"jitter bounds must satisfy 0 < jitter_min_ms <= jitter_start_ms <= jitter_max_ms, "
                             f"got {self.jitter_min_ms}, {self.jitter_start_ms}, {self.jitter_max_ms}")
        for name in ("l16_payload_type", "dtmf_payload_type"):
            value = getattr(self, name)
            if not 96 <= value <= 127:
                raise ValueError(f"{name} {value} is not a dynamic payload type: use 96-127")
        if self.l16_payload_type == self.dtmf_payload_type:
            raise ValueError("l16_payload_type and dtmf_payload_type are equal: give DTMF its own (101)")
        if self.max_packet_bytes < 12 + self.payload_bytes_per_packet:
            raise ValueError(f"max_packet_bytes {self.max_packet_bytes} cannot hold one {self.packet_ms} ms "
                             f"{self.payload} packet ({12 + self.payload_bytes_per_packet} bytes): raise it")

    @property
    def clock_rate_hz(self) -> int:
        """RTP clock (and sample) rate of the configured payload."""
        return PAYLOAD_CLOCK_HZ[self.payload]

    @property
    def payload_type(self) -> int:
        """RTP payload type number of the configured payload."""
        return {"pcmu": 0, "pcma": 8}.get(self.payload, self.l16_payload_type)

    @property
    def samples_per_packet(self) -> int:
        return self.clock_rate_hz * self.packet_ms // 1000

    @property
    def payload_bytes_per_packet(self) -> int:
        return self.samples_per_packet * (2 if self.payload == "l16" else 1)

    def allowed_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        return [ipaddress.ip_network(c, strict=False) for c in self.allow_cidrs]
