"""The real `edge serve` process answers a spoken question that arrives as RTP, and the answer comes back as RTP.

Two independent callers of the same daemon (PCMU, as Asterisk's externalMedia sends it):
- GStreamer plays the PBX both ways: `rtppcmupay` sends the question from a fixed port, a second gst-launch
  listens on that port through its own jitter buffer and depayloader and writes the reply to a WAV;
- a Python test caller sends paced packets and stamps every reply packet's arrival, for the packet spacing.
Whisper (the session's STT engine) then listens to what came back.
"""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import numpy as np
import pytest

from edge.transports.wavfile import read_audio
from tests.pipeline.speech import spoken
from tests.rtp_e2e.caller import PACKET_MS, RtpCaller, silence_s
from tests.rtp_e2e.peers import gst_receiver, gst_sender, padded_wav, stop, wait_bound

pytestmark = pytest.mark.rtp_peer

QUESTION = "What is the capital of Japan?"
"""tiny.en hears espeak-ng's rendering of it right through G.711 and the VAD's trimming at every speaking rate tried
("France" often comes out as "friends"), and SmolLM2 answers it "The capital of Japan is Tokyo." every time."""


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def turn_lines(daemon, caller_port: int) -> list[str]:
    """The daemon's log lines of finished turns of the call from `caller_port`."""
    pattern = re.compile(rf"rtp:127\.0\.0\.1:{caller_port}/0x[0-9a-f]+ turn \d+ \[")
    return [line for line in daemon.log().splitlines() if pattern.search(line)]


def test_gstreamer_caller_gets_a_spoken_answer_back_over_rtp(daemon, engines, tmp_path: Path) -> None:
    # A second of line silence before the question and 9 s after: a PBX keeps streaming while the assistant
    # answers, and the endpointer needs that silence to end the turn.
    wav = padded_wav(tmp_path / "question.wav", spoken(QUESTION), lead_s=1.0, tail_s=9.0)
    reply_wav = tmp_path / "reply.wav"
    caller_port = free_udp_port()
    sender = gst_sender(wav, "pcmu", daemon.rtp_port, caller_port)
    receiver = None
    try:
        wait_bound(caller_port, 1, sender)
        # bound after the sender's socket, so the kernel hands our replies to the receiver, not the sender
        receiver = gst_receiver(caller_port, "pcmu", reply_wav)
        wait_bound(caller_port, 2, receiver)
        sender.wait(timeout=40)
        time.sleep(0.3)  # the receiver's 60 ms jitter buffer still holds the reply's tail
    finally:
        sender_err = stop(sender)
        receiver_err = stop(receiver, interrupt=True) if receiver is not None else ""
    assert sender.returncode == 0, sender_err
    reply = read_audio(reply_wav, 16_000).astype(np.float32) / 32768.0
    log_tail = daemon.log()[-3000:]
    assert np.abs(reply).max() > 0.05, f"no speech came back to port {caller_port}: {receiver_err}\n{log_tail}"
    heard = engines.stt.transcribe(reply).text.lower()
    assert "tokyo" in heard, f"reply not on topic: {heard!r}\n{log_tail}"
    lines = turn_lines(daemon, caller_port)
    assert len(lines) == 1 and "[llm]" in lines[0] and "japan" in lines[0].lower(), (lines, log_tail)


def test_reply_packets_are_paced_20_ms_apart(daemon, engines) -> None:
    """A test socket as the caller: the reply's packets arrive 20 ms apart (per 20 ms of media), not in bursts."""
    caller = RtpCaller(("127.0.0.1", daemon.rtp_port), "pcmu").start()
    try:
        question = caller.say(np.concatenate([silence_s(1.0), spoken(QUESTION)]))
        caller.wait_voiced(count=10, timeout_s=40)
        caller.wait_quiet(quiet_s=1.0, timeout_s=30)
    finally:
        caller.stop()
    assert question.done.is_set()
    assert caller.foreign_packets == 0
    voiced = caller.voiced()
    assert len(voiced) >= 40, f"only {len(voiced)} voiced packets: {daemon.log()[-2000:]}"
    assert all(p.pcm.size == 160 for p in caller.replies), "a PCMU packet of 20 ms holds 160 samples"
    # Spacing of neighbouring packets (sequence numbers one apart) from the reply's first voiced packet to its
    # last, per 20 ms of media: after a stall of its event loop longer than 200 ms the pacer skips the missed
    # slots and advances the RTP timestamp by them (RFC 3550), so that gap stands for several packet times. A
    # loaded 2-core box stalls the daemon like that now and then; the clock-paced average must hold regardless.
    stream = sorted(caller.replies, key=lambda p: p.arrived_ns)
    stream = stream[stream.index(voiced[0]):stream.index(voiced[-1]) + 1]
    pairs = list(zip(stream, stream[1:]))
    assert all((b.sequence - a.sequence) & 0xFFFF == 1 for a, b in pairs), "lost or reordered on loopback"
    gaps_ms = [(b.arrived_ns - a.arrived_ns) / 1e6 for a, b in pairs]
    slots = [((b.timestamp - a.timestamp) & 0xFFFFFFFF) / 160 for a, b in pairs]
    assert all(n >= 1 and n == int(n) for n in slots), "RTP timestamps advance 160 samples per 20 ms packet"
    per_slot_ms = float(np.sum(gaps_ms) / np.sum(slots))
    median = float(np.median(gaps_ms))
    # The average alone would pass a bursty sender (ffmpeg's ~256 ms bursts also average 20 ms); the median would not.
    assert abs(per_slot_ms - PACKET_MS) <= 2.0 and abs(median - PACKET_MS) <= 2.0, \
        (per_slot_ms, median, sorted(gaps_ms)[-5:], sum(n > 1 for n in slots))
    heard = engines.stt.transcribe(caller.reply_audio_16k()).text.lower()
    assert "tokyo" in heard, heard
