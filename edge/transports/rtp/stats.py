"""The RTP endpoint's counters: everything it received, dropped, concealed and sent, for logs and tests."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class RtpStats:
    """Counts since the endpoint started (packets unless the name says otherwise)."""

    received: int = 0
    """Datagrams that reached the socket, good or bad."""
    dropped_unknown_peer: int = 0
    """From an address outside `allow_cidrs`."""
    dropped_oversized: int = 0
    """Larger than `max_packet_bytes`."""
    dropped_malformed: int = 0
    """Not parseable as RTP (truncated, wrong version, bad padding/CSRC/extension) or a payload of impossible size."""
    dropped_payload_type: int = 0
    """A payload type other than the configured codec, DTMF or comfort noise."""
    dropped_calls_full: int = 0
    """Packets of a new call refused because `max_calls` calls were running."""
    dropped_stale_ssrc: int = 0
    """Stragglers of a stream that an SSRC change already ended."""
    duplicates: int = 0
    reordered: int = 0
    """Arrived after a packet with a higher sequence number (still used if not too late)."""
    late_dropped: int = 0
    """Arrived after their audio had already been concealed."""
    lost_concealed: int = 0
    """20 ms frames with a hole in the middle of the stream, filled with silence."""
    silence_frames: int = 0
    """20 ms frames of silence emitted on the clock while a call sent nothing."""
    resyncs: int = 0
    """Times a call's playout jumped to a packet's timestamp (new talk spurt, timestamp jump, catch-up after a
    stall, when the silence already played stays and the delayed audio follows it)."""
    dtmf: int = 0
    """Key presses surfaced (one per key, not per packet)."""
    comfort_noise: int = 0
    """Comfort-noise packets (PT 13), ignored: our own silence fill stands in for them."""
    calls_started: int = 0
    calls_ended: int = 0
    sent_packets: int = 0
    internal_errors: int = 0
    """Exceptions caught at the socket boundary: always a bug, but never a crash."""

    @property
    def dropped(self) -> int:
        """Every packet dropped before reaching a call."""
        return sum(getattr(self, f.name) for f in fields(self) if f.name.startswith("dropped_"))
