"""Real RTP peers from Debian packages on loopback: GStreamer and ffmpeg send recorded speech to the endpoint.

GStreamer plays the PBX both ways: one gst-launch sends the question from a fixed port (`udpsink bind-port`),
a second one listens on that same port (`udpsrc reuse=true`, bound last, so the kernel hands it the datagrams)
and writes what the endpoint sends back to a WAV through its own jitter buffer and depayloader. ffmpeg is a second,
independent sender (PCMA). Packet spacing of our replies is measured in test_rtp_endpoint.py by a test socket.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
from pathlib import Path

import numpy as np
import pytest
from rtp_helpers import (best_match, collect_frames, free_udp_port, frames_pcm, need_tool, read_wav, chunk_match,
                         to_codec_rate, write_wav)

from edge.transports.rtp import RtpEndpoint, RtpOptions

pytestmark = pytest.mark.rtp_peer

GST_SEND = {
    "pcmu": "audioresample ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! "
            "rtppcmupay min-ptime=20000000 max-ptime=20000000",
    "pcma": "audioresample ! audio/x-raw,rate=8000,channels=1 ! alawenc ! "
            "rtppcmapay min-ptime=20000000 max-ptime=20000000",
    "l16": "audioresample ! audio/x-raw,format=S16BE,rate=16000,channels=1 ! "
           "rtpL16pay pt=118 min-ptime=20000000 max-ptime=20000000",
}
GST_RECEIVE = {
    "pcmu": ("application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0",
             "rtppcmudepay ! mulawdec"),
    "pcma": ("application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMA,payload=8",
             "rtppcmadepay ! alawdec"),
    "l16": ("application/x-rtp,media=audio,clock-rate=16000,encoding-name=L16,encoding-params=1,channels=1,"
            "payload=118", "rtpL16depay ! audioconvert"),
}


def gst(pipeline: str, eos_on_interrupt: bool = False) -> subprocess.Popen:
    args = [need_tool("gst-launch-1.0"), "-q"] + (["-e"] if eos_on_interrupt else []) + pipeline.split()
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stop(proc: subprocess.Popen, interrupt: bool = False) -> str:
    """End a peer process we started (by its own handle) and return its stderr."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT if interrupt else signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err.decode(errors="replace")


async def answer_call(endpoint: RtpEndpoint, reply: np.ndarray, reply_wav: Path, payload: str):
    """Take the call, start a GStreamer receiver on the caller's port, talk back, and collect what was heard."""
    call = await asyncio.wait_for(endpoint.calls().__anext__(), 10)
    caps, depay = GST_RECEIVE[payload]
    receiver = gst(f"udpsrc address=127.0.0.1 port={call.remote[1]} reuse=true caps={caps} ! "
                   f"rtpjitterbuffer latency=60 ! {depay} ! wavenc ! filesink location={reply_wav}",
                   eos_on_interrupt=True)
    try:
        await asyncio.sleep(0.5)  # the receiver binds after the sender's socket, so the kernel gives it our replies
        first_index = call.output.push(reply)
        frames_task = asyncio.create_task(collect_frames(call))
        played_ns = await call.output.wait_played(first_index + reply.size - 1)
        await asyncio.sleep(0.3)  # the receiver's jitter buffer holds the tail
    finally:
        receiver_err = stop(receiver, interrupt=True)
    frames = await frames_task
    assert played_ns is not None
    return call, frames, receiver_err


@pytest.mark.parametrize("payload", ["pcmu", "pcma", "l16"])
def test_gstreamer_sends_speech_and_hears_our_reply(payload: str, speech, tmp_path: Path) -> None:
    question, reply16k = speech["cannot-complete-as-dialed"], speech["demo-echodone"]
    rate = 16000 if payload == "l16" else 8000
    reply = to_codec_rate(reply16k, rate)
    # A second of silence first, as a caller's line has before they speak: our GStreamer receiver starts up
    # (CPU-heavy plugin loading) during it rather than stalling the sender in mid-sentence.
    lead_in = np.zeros(16000, dtype=np.int16)
    source = write_wav(tmp_path / "question.wav", np.concatenate([lead_in, question]), 16000)
    reply_wav = tmp_path / "reply.wav"
    caller_port = free_udp_port()

    async def scenario():
        endpoint = RtpEndpoint(RtpOptions(enabled=True, port=0, payload=payload, idle_timeout_s=1.0))
        await endpoint.start()
        sender = gst(f"filesrc location={source} ! wavparse ! audioconvert ! {GST_SEND[payload]} ! "
                     f"udpsink host=127.0.0.1 port={endpoint.local_address[1]} bind-port={caller_port}")
        try:
            call, frames, receiver_err = await answer_call(endpoint, reply, reply_wav, payload)
        finally:
            sender_err = stop(sender)
        await endpoint.close()
        return call, frames, endpoint.stats, sender_err, receiver_err

    call, frames, stats, sender_err, receiver_err = asyncio.run(asyncio.wait_for(scenario(), 40))
    assert call.remote == ("127.0.0.1", caller_port), sender_err
    assert stats.dropped == 0 and stats.lost_concealed == 0 and stats.late_dropped == 0 and stats.calls_started == 1
    pcm = frames_pcm(frames)
    match = chunk_match(question, pcm)
    assert match.misses(0.9) <= stats.resyncs and match.in_order, (match, stats, sender_err)
    assert match.inserted_s <= 0.02 * stats.silence_frames + 0.01  # only silence a sender stall forced in
    # the lead-in came first (plus whatever silence a stall inserted while it played)
    assert 0.95 <= match.offsets_s[0] <= 1.0 + 0.02 * stats.silence_frames
    # lead-in + question + silence on the clock until the idle timeout ended the call
    assert pcm.size / 16000 >= 1.0 + question.size / 16000 + 0.6
    heard, heard_rate = read_wav(reply_wav)
    assert heard_rate == rate, receiver_err
    score, _ = best_match(reply, heard, rate_hz=rate)
    assert score > 0.9, (score, receiver_err)


def test_ffmpeg_sends_speech_as_pcma(speech, tmp_path: Path) -> None:
    question = speech["demo-echodone"]
    source = write_wav(tmp_path / "question.wav", question, 16000)

    async def scenario():
        endpoint = RtpEndpoint(RtpOptions(enabled=True, port=0, payload="pcma", idle_timeout_s=0.6))
        await endpoint.start()
        # ffmpeg's RTP muxer bursts unless the audio is cut into 20 ms blocks and released in real time.
        sender = subprocess.Popen(
            [need_tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-i", str(source),
             "-af", "aresample=8000,asetnsamples=n=160:p=0,arealtime", "-ac", "1", "-c:a", "pcm_alaw",
             "-f", "rtp", f"rtp://127.0.0.1:{endpoint.local_address[1]}"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            call = await asyncio.wait_for(endpoint.calls().__anext__(), 10)
            frames = await collect_frames(call)
        finally:
            sender_err = stop(sender)
        await endpoint.close()
        return frames, endpoint.stats, sender_err

    frames, stats, sender_err = asyncio.run(asyncio.wait_for(scenario(), 40))
    assert stats.calls_started == 1 and stats.dropped == 0 and stats.lost_concealed == 0, sender_err
    assert stats.late_dropped == 0
    match = chunk_match(question, frames_pcm(frames))
    assert match.misses(0.9) <= stats.resyncs and match.in_order, (match, stats)
    assert match.inserted_s <= 0.02 * stats.silence_frames + 0.01
