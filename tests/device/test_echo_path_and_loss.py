"""The test bed's echo path (speaker leaking into the mic) and the transport surviving a vanished device."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from edge.transports.device import DeviceOptions
from tests import testbed
from tests.device.audio_signals import (RATE, band_noise, collect, matched_pieces, running_transport,
                                        wait_until_running)

pytestmark = pytest.mark.audio_device
REPO = Path(__file__).resolve().parents[2]


def pulse_options(**overrides) -> DeviceOptions:
    return DeviceOptions(**{"input_device": "pulse", "output_device": "pulse", **overrides})


def rms(pcm: np.ndarray) -> float:
    return float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2)))


def test_speaker_leaks_into_the_mic_at_the_set_gain(pulse_testbed, capsys):
    """What the transport plays comes back in its own mic frames at `gain`: the echo a canceller must remove.

    Also measures the echo's round trip (played block leaves the transport -> the same audio in a mic frame).
    """
    source = band_noise(0.6, seed=5)
    module = testbed.leak_speaker_into_mic(pulse_testbed, gain=0.5)
    try:
        async def scenario():
            async with running_transport(pulse_options(echo_cancellation=False)) as transport:  # measures the raw echo
                frames_task = asyncio.create_task(collect(transport.call, 1.8))
                await asyncio.sleep(0.3)
                out = transport.call.output
                first = out.push(source)
                left_ns = await asyncio.wait_for(out.wait_played(first), 5)
                return await frames_task, left_ns

        frames, left_ns = asyncio.run(scenario())
    finally:
        testbed.remove_leak(pulse_testbed, module)
    heard = np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2")
    pieces = matched_pieces(heard, source)
    # module-loopback adapts its rate and glitches when the box is overloaded: half the pieces intact is proof
    assert len(pieces) >= 3, f"the echo is not the played audio ({len(pieces)}/6 pieces)"
    gain = float(np.median([rms(heard[o:o + 1600]) / rms(source[s:s + 1600]) for s, o in pieces]))
    assert gain == pytest.approx(0.5, abs=0.1)
    start, offset = pieces[0]
    offset -= start  # where the first sample of the played audio is in the mic stream
    frame = frames[offset // 320]
    echo_ns = frame.arrived_ns - (320 - offset % 320) * 1_000_000_000 // RATE
    round_trip_ms = (echo_ns - left_ns) / 1e6
    with capsys.disabled():
        print(f"\n[device] echo round trip through the pulse test bed: {round_trip_ms:.0f} ms")
    assert 0 < round_trip_ms < 1000


def test_without_the_leak_the_mic_stays_silent(pulse_testbed):
    async def scenario():
        async with running_transport(pulse_options()) as transport:
            transport.call.output.push(band_noise(0.5, seed=9))
            return await collect(transport.call, 1.0)

    frames = asyncio.run(scenario())
    heard = np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2")
    assert len(heard) > 0 and np.abs(heard).max() < 100, "mic and speaker must be separate without a leak"


# Runs in its own interpreter: when a sound server dies, PortAudio's thread can hang for good, and a hung stream
# would block the test session's exit. The probe exits with os._exit, as the daemon must in that case.
VANISH_PROBE = r"""
import asyncio, json, os, sys, time
from edge.transports.device import AudioDeviceTransport, DeviceOptions

async def main():
    transport = AudioDeviceTransport(DeviceOptions(input_device="pulse", output_device="pulse", stall_timeout_s=1.5))
    await transport.start()
    count = 0

    async def read_all():
        nonlocal count
        async for _ in transport.call.frames():
            count += 1

    reader = asyncio.create_task(read_all())
    for _ in range(60):
        if count >= 10:
            break
        await asyncio.sleep(0.05)
    print("STOP-THE-SERVER", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    t0 = time.monotonic()
    await asyncio.wait_for(reader, 10)
    ended_s = time.monotonic() - t0
    healthy = transport.healthy
    await transport.close()
    print(json.dumps(dict(count=count, failure=transport.failure, ended_s=ended_s, healthy=healthy,
                          close_timed_out=transport.close_timed_out)), flush=True)

asyncio.run(main())
os._exit(0)
"""


def test_a_vanished_device_ends_the_call_instead_of_hanging(pulse_testbed):
    """The sound server dies mid-call (like a USB card pulled out): frames() ends and `failure` says why.

    Depending on timing PortAudio either reports the stream finished, or its thread hangs and the transport's
    stall watch (no callback for stall_timeout_s) notices; both must end the call within a few seconds.
    """
    private = testbed.start_testbed()
    probe = subprocess.Popen([sys.executable, "-c", VANISH_PROBE], cwd=REPO, env={**os.environ,
                             **testbed.client_env(private)}, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=open(os.environ.get("VANISH_STDERR", os.devnull), "a"), text=True)
    try:
        assert probe.stdout.readline().strip() == "STOP-THE-SERVER"
        testbed.stop_testbed(private)
        out, _ = probe.communicate("\n", timeout=30)
    finally:
        if probe.poll() is None:
            probe.kill()
            probe.wait()
        testbed.stop_testbed(private)
    result = json.loads(out.strip().splitlines()[-1])
    assert result["count"] >= 10, result
    assert result["failure"] and ("stopped by itself" in result["failure"] or "hung" in result["failure"]), result
    assert result["ended_s"] < 6, result
    assert result["healthy"] is False


def test_a_stream_that_stops_by_itself_is_reopened_and_the_call_goes_on(pulse_testbed):
    """An xrun ALSA cannot recover ends a PortAudio stream on its own (seen under heavy load). Stopping the live
    stream from outside is the same event for the transport: it must reopen the device within a second and
    keep the same call, frames flowing, without reporting a failure."""
    async def scenario():
        async with running_transport(pulse_options()) as transport:
            call = transport.call
            live = transport._stream  # the PortAudio stream itself: abort it as a failing ALSA would
            await asyncio.to_thread(live.abort)
            await wait_until_running(transport, callbacks=transport.stats.callbacks + 25, timeout_s=5)
            frames = await collect(call, 0.5)
            return transport.stats, transport.failure, transport.call is call, frames, transport.healthy

    stats, failure, same_call, frames, healthy = asyncio.run(scenario())
    assert stats.stream_restarts == 1, stats
    assert failure is None and healthy and same_call
    assert len(frames) >= 10, "frames flow again after the reopen"
