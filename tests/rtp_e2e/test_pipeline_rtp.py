"""The RTP endpoint in front of the real pipeline (real engines), served in-process as `edge serve` serves it:

- GStreamer's `rtpL16pay` (L16 16 kHz, PT 118, Asterisk's slin16) and ffmpeg (PCMU) as two independent senders;
- two calls at once from two ports, each asking its own question;
- a sender that reorders, duplicates and drops 5 % of the question's packets.

Each reply is received as RTP on the caller's own port and Whisper (the session's STT engine) listens to it.
"""

from __future__ import annotations

import asyncio
import copy
import socket
from pathlib import Path

import numpy as np
import pytest

from edge.transports.rtp import RtpOptions
from tests.pipeline.speech import spoken
from tests.rtp_e2e.caller import Impairment, RtpCaller, silence_s
from tests.rtp_e2e.peers import ffmpeg_sender, gst_sender, padded_wav, stop, wait_bound
from tests.rtp_e2e.switchboard import Switchboard, until

pytestmark = pytest.mark.rtp_peer

# Questions whose espeak-ng rendering tiny.en hears right through G.711 and the pipeline's VAD trimming at every
# speaking rate tried ("France" often comes out as "friends", "Germany" as "your money"), and that SmolLM2 answers
# on topic ("The capital of Japan is Tokyo."; "The sky is ...", its colour varying with the exact transcript).
JAPAN = "What is the capital of Japan?"
SKY = "What color is the sky?"
REPLY_TIMEOUT_S = 60.0
"""Question + endpoint + a whole spoken reply, on a shared 2-core box."""


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def options(payload: str) -> RtpOptions:
    return RtpOptions(enabled=True, port=0, payload=payload, idle_timeout_s=1.0)


@pytest.mark.parametrize("peer", ["gstreamer-l16", "ffmpeg-pcmu"])
def test_real_sender_gets_an_on_topic_answer(peer: str, pipeline_engines, engines, tmp_path: Path) -> None:
    payload = peer.split("-")[1]
    wav = padded_wav(tmp_path / "question.wav", spoken(JAPAN), lead_s=1.0, tail_s=9.0)
    caller_port = free_udp_port()

    async def scenario():
        async with Switchboard(pipeline_engines, options(payload)) as board:
            if peer.startswith("gstreamer"):
                sender = gst_sender(wav, payload, board.port, caller_port)
            else:
                sender = ffmpeg_sender(wav, board.port, caller_port)
            listener = None
            try:
                served = await board.call_from(caller_port, timeout_s=20)
                await asyncio.to_thread(wait_bound, caller_port, 1, sender)
                # our socket binds the sender's port after it, so the kernel hands the replies to us
                listener = RtpCaller(board.target, payload, bind_port=caller_port, listen_only=True).start()
                await until(lambda: served.turns, REPLY_TIMEOUT_S, "a whole reply played")
                stats = copy.copy(board.endpoint.stats)  # before hanging up: what is still in flight then is not ours
            finally:
                sender_err = stop(sender)
                if listener is not None:
                    listener.stop()
            return served, listener, stats, sender_err

    served, listener, stats, sender_err = asyncio.run(scenario())
    turn = served.turns[0]
    assert "japan" in turn.transcript.lower() and not turn.interrupted, (turn, stats, served.events, sender_err)
    assert listener.foreign_packets == 0
    samples = 320 if payload == "l16" else 160
    assert listener.replies and all(p.pcm.size == samples for p in listener.replies)
    heard = engines.stt.transcribe(listener.reply_audio_16k()).text.lower()
    assert "tokyo" in heard, (heard, turn)
    assert stats.lost_concealed == 0 and stats.calls_started == 1, stats


def test_two_calls_at_once_each_get_their_own_answer(pipeline_engines, engines) -> None:
    async def scenario():
        async with Switchboard(pipeline_engines, options("pcmu")) as board:
            callers = [RtpCaller(board.target, "pcmu").start() for _ in range(2)]
            try:
                for caller, text in zip(callers, (JAPAN, SKY)):
                    caller.say(np.concatenate([silence_s(1.0), spoken(text)]))
                served = [await board.call_from(c.port) for c in callers]
                await until(lambda: all(s.turns for s in served), REPLY_TIMEOUT_S, "both replies played")
                stats = copy.copy(board.endpoint.stats)  # before hanging up: what is still in flight then is not ours
            finally:
                for caller in callers:
                    caller.stop()
            return callers, served, stats

    callers, served, stats = asyncio.run(scenario())
    assert stats.calls_started == 2 and stats.dropped_calls_full == 0, stats
    heard = [engines.stt.transcribe(c.reply_audio_16k()).text.lower() for c in callers]
    transcripts = [s.turns[0].transcript.lower() for s in served]
    assert "japan" in transcripts[0] and "sky" in transcripts[1], transcripts
    assert "tokyo" in heard[0] and "sky" not in heard[0], heard
    assert "sky" in heard[1] and "tokyo" not in heard[1], heard
    # each caller heard one stream of its own (symmetric RTP to its own port, its own SSRC)
    ssrcs = [{p.ssrc for p in c.replies} for c in callers]
    assert all(len(s) == 1 for s in ssrcs) and ssrcs[0] != ssrcs[1], ssrcs


def test_reordered_duplicated_and_lost_packets_still_give_the_right_transcript(pipeline_engines, engines) -> None:
    impairment = Impairment(drop=0.05, duplicate=0.05, max_extra_delay_ms=50.0, seed=7)

    async def scenario():
        async with Switchboard(pipeline_engines, options("pcmu")) as board:
            caller = RtpCaller(board.target, "pcmu").start()
            try:
                # the lead-in goes unimpaired so the call starts cleanly; the question itself crosses a bad network
                caller.say(silence_s(1.0))
                question = caller.say(spoken(JAPAN), impairment)
                served = await board.call_from(caller.port)
                await until(lambda: served.turns, REPLY_TIMEOUT_S, "a whole reply played")
                stats = copy.copy(board.endpoint.stats)
            finally:
                caller.stop()
            return caller, question, served, stats

    caller, question, served, stats = asyncio.run(scenario())
    # the network really was bad: packets were lost, duplicated and reordered on the way
    assert question.dropped >= 2 and question.duplicated >= 2, (question.dropped, question.duplicated)
    assert stats.duplicates >= question.duplicated and stats.reordered > 0, stats
    assert stats.lost_concealed > 0, stats
    transcript = served.turns[0].transcript.lower()
    print(f"impaired: dropped {question.dropped}, duplicated {question.duplicated}, sender late by up to "
          f"{caller.max_send_lateness_ms:.0f} ms: {stats}; heard {transcript!r}")
    assert "capital" in transcript and "japan" in transcript, (transcript, stats)
    heard = engines.stt.transcribe(caller.reply_audio_16k()).text.lower()
    assert "tokyo" in heard, heard
