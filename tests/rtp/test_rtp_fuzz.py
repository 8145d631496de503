"""Hypothesis throws random and mutated datagrams at the parser and at the endpoint's datagram gate.

The gate is called directly (the socket callback only adds a last-resort catch that counts `internal_errors`),
so an exception here fails the test instead of being swallowed.
"""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge.transports.rtp import RtpEndpoint, RtpOptions, RtpPacket, RtpPacketError
from edge.transports.rtp.packet import RtpExtension

packets = st.builds(
    RtpPacket,
    payload_type=st.sampled_from([0, 8, 13, 101, 118, 96, 127]) | st.integers(0, 127),
    sequence=st.integers(0, 0xFFFF),
    timestamp=st.integers(0, 0xFFFFFFFF),
    ssrc=st.sampled_from([1, 2, 0xFFFFFFFF]) | st.integers(0, 0xFFFFFFFF),
    payload=st.binary(max_size=400),
    marker=st.booleans(),
    csrcs=st.lists(st.integers(0, 0xFFFFFFFF), max_size=15).map(tuple),
    extension=st.none() | st.builds(RtpExtension, st.integers(0, 0xFFFF),
                                    st.binary(max_size=40).map(lambda b: b[: len(b) // 4 * 4])),
    padding_bytes=st.integers(0, 255),
)


@st.composite
def mutated(draw) -> bytes:
    """A valid packet with some bytes flipped, cut short or grown."""
    wire = bytearray(draw(packets).serialise())
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(wire) - 1))
        wire[at] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(wire)))
    return bytes(wire[:cut]) + draw(st.binary(max_size=8))


datagrams = st.binary(max_size=2000) | mutated() | packets.map(RtpPacket.serialise)


@settings(max_examples=600, deadline=None)
@given(data=st.binary(max_size=300) | mutated())
def test_parser_either_parses_or_raises_its_own_error(data: bytes) -> None:
    try:
        packet = RtpPacket.parse(data)
    except RtpPacketError as err:
        assert err.reason in {"truncated", "version", "padding"}
        return
    assert packet.payload_type <= 127 and len(packet.csrcs) <= 15
    if not data[0] & 0x20:  # without padding (whose filler bytes are free-form) the round trip is exact
        assert packet.serialise() == data


@settings(max_examples=100, deadline=None)
@given(packet=packets)
def test_every_valid_packet_round_trips(packet: RtpPacket) -> None:
    assert RtpPacket.parse(packet.serialise()) == packet


def test_endpoint_gate_survives_random_and_mutated_datagrams_and_counts_the_drops() -> None:
    loop = asyncio.new_event_loop()
    endpoint = RtpEndpoint(RtpOptions(enabled=True, port=0, payload="pcmu", max_calls=3))
    loop.run_until_complete(endpoint.start())
    seen = {"malformed_parse": 0}

    @settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=datagrams, source=st.sampled_from([("127.0.0.1", 5004), ("127.0.0.1", 5006), ("127.0.0.2", 7000),
                                                   ("127.0.0.3", 9), ("192.0.2.7", 5004), ("::1", 5004)]))
    def feed(data: bytes, source: tuple[str, int]) -> None:
        before = endpoint.stats.received, endpoint.stats.dropped_malformed, endpoint.stats.dropped_unknown_peer
        endpoint.handle_datagram(data, source)   # must never raise
        stats = endpoint.stats
        assert stats.received == before[0] + 1
        if source[0] == "192.0.2.7":
            assert stats.dropped_unknown_peer == before[2] + 1
        else:
            try:
                RtpPacket.parse(data)
            except RtpPacketError:
                seen["malformed_parse"] += 1
                assert stats.dropped_malformed == before[1] + 1
        assert len(endpoint.active_calls) <= 3

    try:
        feed()
        stats = endpoint.stats
        assert stats.internal_errors == 0
        assert seen["malformed_parse"] > 0 and stats.dropped_unknown_peer > 0 and stats.dropped_payload_type > 0
        assert stats.dropped_malformed >= seen["malformed_parse"]
        assert stats.calls_started > 0   # well-formed packets got through the same gate
    finally:
        loop.run_until_complete(endpoint.close())
        loop.close()
