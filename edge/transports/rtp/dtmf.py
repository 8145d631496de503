"""RFC 4733 telephone-events: turn the stream of event packets into one `DtmfDigit` per key press.

A sender repeats an event's packets every 50 ms or so while the key is held (same RTP timestamp, growing
duration) and sends the final one, with the E bit, three times. We report a key once: at its first end packet,
or, if every end packet was lost, when the next event starts or the call ends.

    0                   1                   2                   3
   |     event     |E|R| volume    |          duration             |
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from edge.transports.base import DtmfDigit

EVENT_DIGITS = "0123456789*#ABCD"
"""Event codes 0-15 are the DTMF keys in this order; higher codes (tones, flash) are not keys."""

_EVENT = struct.Struct("!BBH")


@dataclass(frozen=True)
class TelephoneEvent:
    """One RFC 4733 event payload."""

    event: int
    end: bool
    volume_dbm0: int
    """Power level, as -dBm0 (0-63)."""
    duration: int
    """Event duration so far, in RTP clock units."""

    @classmethod
    def parse(cls, payload: bytes) -> "TelephoneEvent":
        if len(payload) < _EVENT.size:
            raise ValueError(f"telephone-event payload of {len(payload)} bytes, needs 4")
        event, flags, duration = _EVENT.unpack_from(payload)
        return cls(event=event, end=bool(flags & 0x80), volume_dbm0=flags & 0x3F, duration=duration)

    def serialise(self) -> bytes:
        return _EVENT.pack(self.event, (0x80 if self.end else 0) | (self.volume_dbm0 & 0x3F), self.duration)


class DtmfDetector:
    """Collapses an event's repeated packets into one digit per key press."""

    def __init__(self, clock_rate_hz: int) -> None:
        self._clock_rate_hz = clock_rate_hz
        self._current: tuple[int, int] | None = None  # (event timestamp, event code) not reported yet
        self._current_duration = 0
        self._reported: set[int] = set()  # event timestamps already reported (end packets come thrice)

    def feed(self, ext_ts: int, event: TelephoneEvent) -> list[DtmfDigit]:
        """Take one event packet (its unwrapped RTP timestamp); returns the digits it completes."""
        out: list[DtmfDigit] = []
        if event.event >= len(EVENT_DIGITS) or ext_ts in self._reported:
            return out
        if self._current is not None and self._current[0] != ext_ts:
            out.extend(self.finish())  # the previous key's end packets were all lost
        self._current = (ext_ts, event.event)
        self._current_duration = max(self._current_duration, event.duration)
        if event.end:
            out.extend(self.finish())
        return out

    def finish(self) -> list[DtmfDigit]:
        """Report the key in progress, if any (call end, or a new key began)."""
        if self._current is None:
            return []
        ts, code = self._current
        self._reported.add(ts)
        if len(self._reported) > 64:
            self._reported.discard(min(self._reported))
        digit = DtmfDigit(EVENT_DIGITS[code], self._current_duration * 1000 // self._clock_rate_hz)
        self._current, self._current_duration = None, 0
        return [digit]
