"""RTP packets (RFC 3550 section 5.1): the only code that reads or writes header bytes.

    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
   |                           timestamp                           |
   |           synchronization source (SSRC) identifier            |
   |            contributing source (CSRC) identifiers (CC x 32)   |
   | [extension: profile (16) | length in 32-bit words (16) | data] |
   | payload ... [padding ... | padding count (8, counts itself)]   |
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

RTP_VERSION = 2
HEADER_BYTES = 12
_HEADER = struct.Struct("!BBHII")
_EXT_HEADER = struct.Struct("!HH")


class RtpPacketError(ValueError):
    """A datagram is not a well-formed RTP packet; `reason` is a short tag the endpoint counts by."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(f"malformed RTP packet ({reason}): {detail}")


@dataclass(frozen=True)
class RtpExtension:
    """An RFC 3550 header extension, kept opaque (we neither need nor trust its contents)."""

    profile: int
    """16-bit profile-defined identifier (0xBEDE for RFC 8285 one-byte headers)."""
    data: bytes
    """The extension body; its length is a multiple of 4 bytes."""


@dataclass(frozen=True)
class RtpPacket:
    """One RTP packet, parsed or to be sent."""

    payload_type: int
    """7-bit payload type (0 PCMU, 8 PCMA, 13 comfort noise, dynamic 96-127)."""
    sequence: int
    """16-bit sequence number; wraps at 65536."""
    timestamp: int
    """32-bit media timestamp in clock-rate units (samples for our mono codecs); wraps at 2**32."""
    ssrc: int
    """32-bit synchronisation source: one per stream, a new one means a new call."""
    payload: bytes = b""
    """Media bytes, padding removed."""
    marker: bool = False
    """First packet of a talk spurt (audio), or profile-defined."""
    csrcs: tuple[int, ...] = field(default=())
    """Contributing sources (at most 15)."""
    extension: RtpExtension | None = None
    padding_bytes: int = 0
    """Bytes of padding after the payload when serialised (counting the final count byte); 0 for none."""

    def __post_init__(self) -> None:
        if not 0 <= self.payload_type <= 127:
            raise ValueError(f"payload_type {self.payload_type} is outside 0-127")
        if not 0 <= self.sequence <= 0xFFFF:
            raise ValueError(f"sequence {self.sequence} is outside 0-65535")
        if not 0 <= self.timestamp <= 0xFFFFFFFF or not 0 <= self.ssrc <= 0xFFFFFFFF:
            raise ValueError("timestamp and ssrc are 32-bit unsigned")
        if len(self.csrcs) > 15:
            raise ValueError(f"{len(self.csrcs)} CSRCs: the header holds at most 15")
        if not 0 <= self.padding_bytes <= 255:
            raise ValueError(f"padding_bytes {self.padding_bytes} is outside 0-255")
        if self.extension is not None and len(self.extension.data) % 4:
            raise ValueError("extension data must be a multiple of 4 bytes")

    @classmethod
    def parse(cls, data: bytes) -> "RtpPacket":
        """Parse one datagram; raises RtpPacketError naming what is wrong with it."""
        if len(data) < HEADER_BYTES:
            raise RtpPacketError("truncated", f"{len(data)} bytes, a header needs {HEADER_BYTES}")
        b0, b1, sequence, timestamp, ssrc = _HEADER.unpack_from(data)
        version = b0 >> 6
        if version != RTP_VERSION:
            raise RtpPacketError("version", f"version {version}, expected {RTP_VERSION}")
        has_padding, has_extension, csrc_count = bool(b0 & 0x20), bool(b0 & 0x10), b0 & 0x0F
        end = len(data)
        if has_padding:
            pad = data[-1]
            if pad == 0:
                raise RtpPacketError("padding", "padding count is 0 (it counts itself, so at least 1)")
            end -= pad
        offset = HEADER_BYTES + 4 * csrc_count
        if offset > end:
            raise RtpPacketError("truncated", f"{csrc_count} CSRCs do not fit in {len(data)} bytes")
        csrcs = struct.unpack_from(f"!{csrc_count}I", data, HEADER_BYTES) if csrc_count else ()
        extension = None
        if has_extension:
            if offset + _EXT_HEADER.size > end:
                raise RtpPacketError("truncated", "extension header does not fit")
            profile, words = _EXT_HEADER.unpack_from(data, offset)
            offset += _EXT_HEADER.size
            if offset + 4 * words > end:
                raise RtpPacketError("truncated", f"extension of {words} words does not fit")
            extension = RtpExtension(profile, bytes(data[offset:offset + 4 * words]))
            offset += 4 * words
        if offset > end:
            raise RtpPacketError("padding", "padding count runs into the header")
        return cls(payload_type=b1 & 0x7F, sequence=sequence, timestamp=timestamp, ssrc=ssrc,
                   payload=bytes(data[offset:end]), marker=bool(b1 & 0x80), csrcs=tuple(csrcs),
                   extension=extension, padding_bytes=len(data) - end)

    def serialise(self) -> bytes:
        """The packet's wire form."""
        b0 = (RTP_VERSION << 6) | (0x20 if self.padding_bytes else 0) | (0x10 if self.extension else 0) \
            | len(self.csrcs)
        b1 = (0x80 if self.marker else 0) | self.payload_type
        parts = [_HEADER.pack(b0, b1, self.sequence, self.timestamp, self.ssrc)]
        if self.csrcs:
            parts.append(struct.pack(f"!{len(self.csrcs)}I", *self.csrcs))
        if self.extension is not None:
            parts.append(_EXT_HEADER.pack(self.extension.profile, len(self.extension.data) // 4))
            parts.append(self.extension.data)
        parts.append(self.payload)
        if self.padding_bytes:
            parts.append(bytes(self.padding_bytes - 1) + bytes([self.padding_bytes]))
        return b"".join(parts)
