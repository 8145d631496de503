"""RTP packets, the three codecs, the upsampler and the option group, checked against references."""

from __future__ import annotations

import struct
import warnings

import numpy as np
import pytest

from edge.configfile import ConfigError, build, describe
from edge.transports.rtp.g711 import codec_for, ulaw_decode, ulaw_encode
from edge.transports.rtp.options import RtpOptions
from edge.transports.rtp.packet import RtpExtension, RtpPacket, RtpPacketError
from edge.transports.rtp.upsample import Upsampler2x

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop  # the reference G.711 coder (Sun's g711.c); in the standard library up to Python 3.12


# -- packets ---------------------------------------------------------------------------------------------------

def test_plain_packet_matches_hand_built_bytes() -> None:
    wire = bytes([0x80, 0x80 | 0, 0x12, 0x34]) + struct.pack("!II", 0xDEADBEEF, 0x01020304) + b"\xff" * 160
    packet = RtpPacket.parse(wire)
    assert (packet.payload_type, packet.sequence, packet.timestamp, packet.ssrc) == (0, 0x1234, 0xDEADBEEF, 0x01020304)
    assert packet.marker and packet.payload == b"\xff" * 160 and packet.csrcs == () and packet.extension is None
    assert packet.serialise() == wire


@pytest.mark.parametrize("csrcs", [(), (1,), tuple(range(1, 16))])
@pytest.mark.parametrize("extension", [None, RtpExtension(0xBEDE, b""), RtpExtension(0x1000, bytes(range(12)))])
@pytest.mark.parametrize("padding", [0, 1, 4, 255])
def test_round_trip_with_csrc_extension_and_padding(csrcs, extension, padding) -> None:
    packet = RtpPacket(payload_type=118, sequence=65535, timestamp=2**32 - 1, ssrc=7, payload=b"\x01\x02" * 320,
                       marker=False, csrcs=csrcs, extension=extension, padding_bytes=padding)
    wire = packet.serialise()
    assert len(wire) == 12 + 4 * len(csrcs) + (4 + len(extension.data) if extension else 0) + 640 + padding
    assert wire[0] >> 6 == 2 and bool(wire[0] & 0x20) == bool(padding) and wire[0] & 0x0F == len(csrcs)
    assert RtpPacket.parse(wire) == packet


def test_padding_is_removed_from_the_payload() -> None:
    wire = bytes([0xA0, 8, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]) + b"abcd" + b"\x00\x00\x03"
    packet = RtpPacket.parse(wire)
    assert packet.payload == b"abcd" and packet.padding_bytes == 3 and packet.payload_type == 8


@pytest.mark.parametrize("wire, reason", [
    (b"", "truncated"),
    (b"\x80\x00\x00", "truncated"),
    (bytes([0x40, 0]) + bytes(10), "version"),                       # version 1
    (bytes([0x00, 0]) + bytes(10), "version"),                       # version 0 (STUN-like)
    (bytes([0x82, 0]) + bytes(10) + bytes(4), "truncated"),          # 2 CSRCs, room for 1
    (bytes([0x90, 0]) + bytes(10) + b"\x00\x01", "truncated"),       # extension header cut short
    (bytes([0x90, 0]) + bytes(10) + b"\xbe\xde\x00\x02" + bytes(4), "truncated"),  # extension longer than packet
    (bytes([0xA0, 0]) + bytes(10) + b"ab\x00", "padding"),           # padding count 0
    (bytes([0xA0, 0]) + bytes(10) + b"ab\x09", "truncated"),         # padding longer than the packet body
])
def test_malformed_packets_raise_the_specific_error(wire: bytes, reason: str) -> None:
    with pytest.raises(RtpPacketError) as err:
        RtpPacket.parse(wire)
    assert err.value.reason == reason and "malformed RTP packet" in str(err.value)


def test_packet_fields_are_range_checked_when_built() -> None:
    with pytest.raises(ValueError, match="sequence"):
        RtpPacket(payload_type=0, sequence=70000, timestamp=0, ssrc=0)
    with pytest.raises(ValueError, match="payload_type"):
        RtpPacket(payload_type=200, sequence=0, timestamp=0, ssrc=0)


# -- codecs ----------------------------------------------------------------------------------------------------

ALL_INT16 = np.arange(-32768, 32768, dtype=np.int16)


@pytest.mark.parametrize("name, enc, dec", [("pcmu", audioop.lin2ulaw, audioop.ulaw2lin),
                                            ("pcma", audioop.lin2alaw, audioop.alaw2lin)])
def test_g711_is_bit_exact_with_the_reference(name, enc, dec) -> None:
    codec = codec_for(name)
    assert codec.encode(ALL_INT16) == enc(ALL_INT16.astype("<i2").tobytes(), 2)
    every_byte = bytes(range(256))
    assert np.array_equal(codec.decode(every_byte), np.frombuffer(dec(every_byte, 2), dtype="<i2"))


def test_g711_keeps_speech_level_signal_close() -> None:
    t = np.arange(8000) / 8000
    x = (12000 * np.sin(2 * np.pi * 300 * t)).astype(np.int16)
    y = ulaw_decode(ulaw_encode(x))
    snr_db = 10 * np.log10(np.sum(x.astype(float) ** 2) / np.sum((x.astype(float) - y) ** 2))
    assert snr_db > 30


def test_l16_is_big_endian_network_order() -> None:
    codec = codec_for("l16", 118)
    assert codec.payload_type == 118 and codec.clock_rate_hz == 16000
    assert codec.encode(np.array([1, -2], dtype=np.int16)) == b"\x00\x01\xff\xfe"
    assert np.array_equal(codec.decode(b"\x00\x01\xff\xfe"), [1, -2])
    assert np.array_equal(codec.decode(codec.encode(ALL_INT16)), ALL_INT16)


def test_upsampler_doubles_rate_keeps_tone_and_streams_without_seams() -> None:
    t = np.arange(1600) / 8000
    tone = (10000 * np.sin(2 * np.pi * 1000 * t)).astype(np.int16)
    up = Upsampler2x()
    out = np.concatenate([up.process(tone[i:i + 160]) for i in range(0, tone.size, 160)])
    whole = Upsampler2x().process(tone)
    assert out.size == 3200 and np.array_equal(out, whole)  # block boundaries change nothing
    d = Upsampler2x.delay_samples
    ref = 10000 * np.sin(2 * np.pi * 1000 * np.arange(3200) / 16000)
    err = out[d + 200:].astype(float) - ref[200:3200 - d]
    assert np.sqrt(np.mean(err ** 2)) < 0.01 * 10000
    spectrum = np.abs(np.fft.rfft(out[400:]))
    freqs = np.fft.rfftfreq(out[400:].size, 1 / 16000)
    assert spectrum[np.argmin(np.abs(freqs - 7000))] < 0.001 * spectrum.max()  # the 7 kHz image is suppressed


# -- options ---------------------------------------------------------------------------------------------------

def test_options_defaults_are_loopback_pcmu_20ms() -> None:
    o = RtpOptions()
    assert (o.bind_host, o.payload, o.packet_ms, o.payload_type, o.clock_rate_hz) == ("127.0.0.1", "pcmu", 20, 0, 8000)
    assert RtpOptions(payload="l16").payload_type == 118 and RtpOptions(payload="pcma").payload_type == 8
    assert all("#" in line for line in describe(RtpOptions))  # every option says why


def test_options_load_from_yaml_mapping() -> None:
    o = build(RtpOptions, {"enabled": True, "port": 40000, "payload": "l16", "allow_cidrs": ["10.0.0.0/8"]})
    assert o.enabled and o.samples_per_packet == 320 and o.payload_bytes_per_packet == 640


@pytest.mark.parametrize("data, words", [
    ({"allow_cidrs": ["10.0.0.0/8", "pbx.example"]}, "'pbx.example' is not a CIDR"),
    ({"allow_cidrs": []}, "allow_cidrs is empty"),
    ({"payload": "opus"}, "'opus' is not one of"),
    ({"port": 70000}, "outside 0-65535"),
    ({"packet_ms": 25}, "packet_ms 25"),
    ({"jitter_min_ms": 100, "jitter_max_ms": 50}, "jitter bounds"),
    ({"dtmf_payload_type": 13}, "dynamic payload type"),
    ({"max_packet_bytes": 100, "payload": "l16"}, "cannot hold one"),
    ({"max_calls": 0}, "max_calls"),
])
def test_bad_options_name_the_problem(data, words) -> None:
    with pytest.raises(ConfigError) as err:
        build(RtpOptions, data, "rtp.yaml", "rtp")
    assert words in str(err.value)
