"""Real RTP peers from Debian packages (GStreamer, ffmpeg), started as processes by their own handles."""

from __future__ import annotations

import shutil
import signal
import subprocess
from pathlib import Path

import numpy as np
import pytest

PEER_FIX = "apt-get install -y gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good ffmpeg"

GST_SEND = {
    "pcmu": "audioresample ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! "
            "rtppcmupay min-ptime=20000000 max-ptime=20000000",
    "l16": "audioresample ! audio/x-raw,format=S16BE,rate=16000,channels=1 ! "
           "rtpL16pay pt=118 min-ptime=20000000 max-ptime=20000000",
}
GST_RECEIVE = {
    "pcmu": ("application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0",
             "rtppcmudepay ! mulawdec"),
}


def need_tool(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed; it is the real RTP peer of this test. Fix: {PEER_FIX}")
    return path


def gst_sender(wav: Path, payload: str, target_port: int, bind_port: int) -> subprocess.Popen:
    """GStreamer plays `wav` as a PBX would: paced 20 ms RTP from the fixed port `bind_port`."""
    pipeline = (f"filesrc location={wav} ! wavparse ! audioconvert ! {GST_SEND[payload]} ! "
                f"udpsink host=127.0.0.1 port={target_port} bind-port={bind_port}")
    return _gst(pipeline)


def gst_receiver(port: int, payload: str, wav: Path) -> subprocess.Popen:
    """GStreamer listens on the sender's port (`reuse=true`, bound after the sender, so the kernel hands it the
    replies), through its own jitter buffer and depayloader, into a WAV (finished on SIGINT with -e)."""
    caps, depay = GST_RECEIVE[payload]
    pipeline = (f"udpsrc address=127.0.0.1 port={port} reuse=true caps={caps} ! rtpjitterbuffer latency=60 ! "
                f"{depay} ! wavenc ! filesink location={wav}")
    return _gst(pipeline, eos_on_interrupt=True)


def ffmpeg_sender(wav: Path, target_port: int, bind_port: int) -> subprocess.Popen:
    """ffmpeg as a second, independent PCMU sender, from `bind_port` (SO_REUSEADDR, so a test socket can bind
    it too and hear the symmetric reply).

    Its RTP muxer bursts ~256 ms at a time unless the audio is cut into 20 ms blocks released in real time. The
    muxer writes to a plain udp:// URL because only that protocol takes `localport` with `reuse`; its RTCP
    sender reports then go to the RTP port too, where the endpoint must drop and count them.
    """
    url = f"udp://127.0.0.1:{target_port}?localport={bind_port}&reuse=1"
    return subprocess.Popen(
        [need_tool("ffmpeg"), "-hide_banner", "-loglevel", "error", "-i", str(wav),
         "-af", "aresample=8000,asetnsamples=n=160:p=0,arealtime", "-ac", "1", "-c:a", "pcm_mulaw",
         "-f", "rtp", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


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


def _gst(pipeline: str, eos_on_interrupt: bool = False) -> subprocess.Popen:
    args = [need_tool("gst-launch-1.0"), "-q"] + (["-e"] if eos_on_interrupt else []) + pipeline.split()
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def padded_wav(path: Path, speech16k: np.ndarray, lead_s: float, tail_s: float) -> Path:
    """The question as a PBX streams it: `lead_s` of line silence before, `tail_s` after (it keeps streaming
    while the assistant answers), 16 kHz mono WAV."""
    from edge.transports.wavfile import write_wav

    pcm = np.concatenate([np.zeros(int(lead_s * 16000), np.int16), speech16k, np.zeros(int(tail_s * 16000), np.int16)])
    write_wav(path, pcm, 16000)
    return path


def sockets_on_port(port: int) -> int:
    """How many IPv4 UDP sockets are bound to `port` (from /proc/net/udp): lets a test wait until a peer process
    has really bound its port, instead of sleeping and hoping."""
    count = 0
    with open("/proc/net/udp") as table:
        next(table)
        for line in table:
            local = line.split()[1]
            if int(local.rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


def wait_bound(port: int, count: int, proc: subprocess.Popen, timeout_s: float = 20.0) -> None:
    """Block until `count` sockets are bound to `port`; fail with the peer's stderr if it died first."""
    import time

    deadline = time.monotonic() + timeout_s
    while sockets_on_port(port) < count:
        if proc.poll() is not None:
            pytest.fail(f"peer exited ({proc.returncode}) before binding UDP port {port}: {stop(proc)}")
        if time.monotonic() > deadline:
            pytest.fail(f"peer did not bind UDP port {port} within {timeout_s} s")
        time.sleep(0.02)
