"""The endpoint with real UDP packets on 127.0.0.1: calls, replies, limits, a bad network, DTMF, allowlist.

The peer here is the test's own socket (it both sends and receives, as a PBX's RTP port does), so the test can
shape the traffic (reorder, duplicate, drop, switch SSRC) and time what comes back.
"""

from __future__ import annotations

import asyncio
import logging
import socket

import numpy as np
import pytest
from rtp_helpers import (best_match, close_peer, collect_frames, frames_pcm, impaired_schedule, open_peer, packetise,
                         send_paced, chunk_match, to_codec_rate)

from edge.transports.base import TransportError
from edge.transports.rtp import RtpEndpoint, RtpOptions, RtpPacket
from edge.transports.rtp.dtmf import TelephoneEvent
from edge.transports.rtp.g711 import codec_for

PCMU = codec_for("pcmu")


def run(coro, limit_s: float = 30.0):
    return asyncio.run(asyncio.wait_for(coro, limit_s))


async def started(**overrides) -> RtpEndpoint:
    options = RtpOptions(**{"enabled": True, "port": 0, "idle_timeout_s": 0.6, **overrides})
    endpoint = RtpEndpoint(options)
    await endpoint.start()
    return endpoint


async def next_call(endpoint: RtpEndpoint, limit_s: float = 3.0):
    return await asyncio.wait_for(endpoint.calls().__anext__(), limit_s)


def reply_packets(peer) -> list[tuple[RtpPacket, int]]:
    return [(RtpPacket.parse(data), t) for data, t in peer.received]


def test_two_calls_at_once_each_get_their_own_audio_and_their_own_reply(speech) -> None:
    clips = [speech["cannot-complete-as-dialed"], speech["demo-echodone"]]

    async def scenario():
        endpoint = await started()
        peers = [await open_peer(endpoint.local_address) for _ in clips]
        senders = [asyncio.create_task(send_paced(peer, [p.serialise() for p in
                                                         packetise(to_codec_rate(clip, 8000), PCMU, ssrc=0x1000 + k)]))
                   for k, (peer, clip) in enumerate(zip(peers, clips))]
        calls = [await next_call(endpoint), await next_call(endpoint)]
        calls.sort(key=lambda c: c.ssrc)
        for call, reply in zip(calls, reversed(clips)):            # each caller is answered with the other clip
            call.output.push(to_codec_rate(reply, 8000))
        frames = await asyncio.gather(*(collect_frames(c) for c in calls))
        await asyncio.gather(*senders)
        stats = endpoint.stats
        await endpoint.close()
        for peer in peers:
            close_peer(peer)
        return calls, frames, peers, stats

    calls, frames, peers, stats = run(scenario())
    assert stats.calls_started == 2 and stats.dropped == 0 and stats.lost_concealed == 0 and stats.late_dropped == 0
    assert [c.remote[1] for c in calls] == [p.port for p in peers]
    assert calls[0].call_id != calls[1].call_id and all(c.end_reason == "idle" for c in calls)
    for k, (call_frames, clip) in enumerate(zip(frames, clips)):
        assert all(f.sample_rate_hz == 16000 and f.samples == 320 for f in call_frames)
        pcm = frames_pcm(call_frames)
        own, other = chunk_match(clip, pcm), chunk_match(clips[1 - k], pcm)
        assert own.misses(0.9) <= stats.resyncs and own.in_order, (own, stats)
        assert other.fraction_above(0.9) < 0.2, other
        assert own.inserted_s <= 0.02 * stats.silence_frames + 0.01
        # the clip, then silence on the clock until the idle timeout (0.6 s) ended the call
        assert pcm.size / 16000 > clip.size / 16000 + 0.4
    for k, (peer, reply) in enumerate(zip(peers, reversed(clips))):
        packets = reply_packets(peer)
        assert len({p.ssrc for p, _ in packets}) == 1 and packets[0][0].marker
        assert all(p.payload_type == 0 and len(p.payload) == 160 for p, _ in packets)
        seqs = [p.sequence for p, _ in packets]
        assert all((b - a) & 0xFFFF == 1 for a, b in zip(seqs, seqs[1:]))
        stamps = [p.timestamp for p, _ in packets]
        assert all((b - a) & 0xFFFFFFFF == 160 for a, b in zip(stamps, stamps[1:]))
        times = np.array([t for _, t in packets]) / 1e9
        assert np.mean(np.diff(times)) == pytest.approx(0.020, abs=0.0005)      # paced, 20 ms apart on average
        assert times[-1] - times[0] == pytest.approx(0.020 * (len(times) - 1), abs=0.03)  # and no drift
        audio = PCMU.decode(b"".join(p.payload for p, _ in packets))
        score, _ = best_match(to_codec_rate(reply, 8000), audio, rate_hz=8000)
        assert score > 0.95, score
    assert {p.ssrc for p, _ in reply_packets(peers[0])} != {p.ssrc for p, _ in reply_packets(peers[1])}


def test_a_bad_network_reordering_duplicating_and_dropping_5_percent_still_gives_the_audio(speech) -> None:
    clip = speech["cannot-complete-as-dialed"]
    packets = packetise(to_codec_rate(clip, 8000), PCMU, ssrc=0xABCDEF01, seq0=65500, ts0=2**32 - 8000)  # wraps too
    indexes, offsets = impaired_schedule(len(packets), np.random.default_rng(7))

    async def scenario():
        endpoint = await started()
        peer = await open_peer(endpoint.local_address)
        sender = asyncio.create_task(send_paced(peer, [packets[i].serialise() for i in indexes], offsets))
        call = await next_call(endpoint)
        frames = await collect_frames(call)
        await sender
        await endpoint.close()
        close_peer(peer)
        return frames, endpoint.stats

    frames, stats = run(scenario())
    assert len(indexes) != len(set(indexes)) and len(set(indexes)) < len(packets)  # the impairment really happened
    assert stats.duplicates > 0 and stats.reordered > 0 and stats.lost_concealed > 0
    assert stats.calls_started == 1
    match = chunk_match(clip, frames_pcm(frames))
    assert match.in_order and match.inserted_s <= 0.02 * stats.silence_frames + 0.01, match
    assert match.fraction_above(0.75) >= 0.85, match  # 5 % of 20 ms holes cost a little correlation, no more


def test_past_max_calls_a_new_call_is_refused_and_the_running_one_is_unaffected(caplog) -> None:
    tone = (8000 * np.sin(2 * np.pi * 440 * np.arange(8000) / 8000)).astype(np.int16)  # 1 s

    async def scenario():
        endpoint = await started(max_calls=1, idle_timeout_s=0.5)
        first, second = await open_peer(endpoint.local_address), await open_peer(endpoint.local_address)
        sending = asyncio.create_task(send_paced(first, [p.serialise() for p in packetise(tone, PCMU, ssrc=1)]))
        call = await next_call(endpoint)
        frames_task = asyncio.create_task(collect_frames(call))
        await asyncio.sleep(0.2)
        await send_paced(second, [p.serialise() for p in packetise(tone[:1600], PCMU, ssrc=2)])  # refused
        await asyncio.sleep(0.05)                     # let the last datagram land
        refused = endpoint.stats.dropped_calls_full
        await sending
        frames = await frames_task                    # the first call idles out: its session is freed...
        assert not endpoint.active_calls
        await send_paced(second, [p.serialise() for p in packetise(tone[:1600], PCMU, ssrc=3)])
        late_call = await next_call(endpoint)         # ...so the next caller gets in
        stats = endpoint.stats
        await endpoint.close()
        close_peer(first)
        close_peer(second)
        return refused, frames, late_call, stats

    with caplog.at_level(logging.WARNING, logger="edge.transports.rtp.endpoint"):
        refused, frames, late_call, stats = run(scenario())
    assert refused == 10
    assert sum("refused a new call" in r.getMessage() for r in caplog.records) == 1  # logged once, not per packet
    assert stats.lost_concealed == 0
    score, _ = best_match(tone, frames_pcm(frames)[::2], rate_hz=8000)
    assert score > 0.95
    assert late_call.ssrc == 3 and stats.calls_started == 2


def test_ssrc_change_ends_the_call_and_starts_a_new_one_and_stragglers_are_dropped() -> None:
    tone = (8000 * np.sin(2 * np.pi * 300 * np.arange(1600) / 8000)).astype(np.int16)

    async def scenario():
        endpoint = await started()
        peer = await open_peer(endpoint.local_address)
        old = packetise(tone, PCMU, ssrc=0x11)
        new = packetise(tone, PCMU, ssrc=0x22, seq0=7, ts0=99)
        await send_paced(peer, [p.serialise() for p in old + new[:5]] + [old[-1].serialise()] +
                         [p.serialise() for p in new[5:]])
        first, second = await next_call(endpoint), await next_call(endpoint)
        await first.wait_ended()
        old_frames = await collect_frames(first)
        new_frames = await collect_frames(second)
        await endpoint.close()
        close_peer(peer)
        return first, second, old_frames, new_frames, endpoint.stats

    first, second, old_frames, new_frames, stats = run(scenario())
    assert (first.ssrc, first.end_reason, second.ssrc) == (0x11, "ssrc_change", 0x22)
    assert first.remote == second.remote
    assert len(old_frames) == 10 and len(new_frames) >= 10   # the old call kept all its audio
    assert stats.dropped_stale_ssrc == 1 and stats.calls_started == 2 and stats.calls_ended == 2


def test_dtmf_surfaces_once_per_key_and_comfort_noise_is_ignored() -> None:
    silence = np.zeros(160 * 30, dtype=np.int16)

    def key(event: int, ts: int, seq: int) -> list[bytes]:
        out = []
        for n, duration in enumerate((400, 800, 1200)):
            out.append(RtpPacket(101, seq + n, ts, 5, TelephoneEvent(event, False, 10, duration).serialise(),
                                 marker=n == 0).serialise())
        for n in range(3):
            out.append(RtpPacket(101, seq + 3 + n, ts, 5, TelephoneEvent(event, True, 10, 1600).serialise())
                       .serialise())
        return out

    async def scenario():
        endpoint = await started(idle_timeout_s=0.3)
        peer = await open_peer(endpoint.local_address)
        audio = [p.serialise() for p in packetise(silence, PCMU, ssrc=5, seq0=0, ts0=0)]
        cn = RtpPacket(13, 100, 160 * 30, 5, b"\x40").serialise()
        await send_paced(peer, audio[:10] + key(5, 1600, 200) + audio[10:20] + [cn] + key(11, 3200, 300) + audio[20:],
                         period_s=0.005)
        call = await next_call(endpoint)
        await collect_frames(call)
        digits = []
        while not call.dtmf().empty():
            digits.append(call.dtmf().get_nowait())
        await endpoint.close()
        close_peer(peer)
        return digits, endpoint.stats

    digits, stats = run(scenario())
    assert [(d.digit, d.duration_ms) for d in digits] == [("5", 200), ("#", 200)]
    assert stats.dtmf == 2 and stats.comfort_noise == 1 and stats.dropped == 0


def test_peers_outside_the_allowlist_and_wrong_payload_types_are_dropped(caplog) -> None:
    async def scenario():
        closed = await started(allow_cidrs=["10.0.0.0/8"])
        peer = await open_peer(closed.local_address)
        await send_paced(peer, [p.serialise() for p in packetise(np.zeros(800, np.int16), PCMU, ssrc=9)],
                         period_s=0.001)
        await asyncio.sleep(0.1)
        await closed.close()
        close_peer(peer)
        wrong_pt = await started()
        peer = await open_peer(wrong_pt.local_address)
        await send_paced(peer, [p.serialise() for p in packetise(np.zeros(800, np.int16), codec_for("pcma"), ssrc=9)],
                         period_s=0.001)
        await asyncio.sleep(0.1)
        await wrong_pt.close()
        close_peer(peer)
        return closed.stats, wrong_pt.stats

    with caplog.at_level(logging.WARNING, logger="edge.transports.rtp.endpoint"):
        closed, wrong_pt = run(scenario())
    assert closed.dropped_unknown_peer == 5 and closed.calls_started == 0
    assert sum("not in rtp.allow_cidrs" in r.getMessage() for r in caplog.records) == 1
    assert wrong_pt.dropped_payload_type == 5 and wrong_pt.calls_started == 0


def test_start_fails_with_a_clear_fix_when_the_port_is_taken_or_the_address_is_foreign() -> None:
    holder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    holder.bind(("127.0.0.1", 0))
    try:
        with pytest.raises(TransportError, match=r"in use.*rtp\.port|rtp\.port.*free"):
            run(RtpEndpoint(RtpOptions(port=holder.getsockname()[1])).start())
    finally:
        holder.close()
    with pytest.raises(TransportError, match="rtp.bind_host"):
        run(RtpEndpoint(RtpOptions(bind_host="192.0.2.1", port=0)).start())  # TEST-NET-1: on no interface
