"""The sound-card transport against a real audio device: PortAudio's `pulse` device on the PulseAudio test bed.

The test signal is band-limited noise (300-3400 Hz, the telephone speech band), not speech: noise has one sharp
cross-correlation peak, so "the audio that came out is the audio that went in" is checked exactly, through two real
resamplings (16 kHz -> the null sink's 44.1 kHz -> 16 kHz).
"""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest
import sounddevice as sd

from edge.transports.base import TransportError
from edge.transports.device import AudioDeviceTransport, DeviceOptions, list_devices, rescan
from tests import testbed
from tests.device.audio_signals import (RATE, active_seconds, band_noise, collect, fraction_found, read_wav,
                                        running_transport, wait_for_quiet_mic, wait_until_running, write_wav)

pytestmark = pytest.mark.audio_device


def pulse_options(**overrides) -> DeviceOptions:
    # These test the raw transport; the echo canceller has its own tests (test_echo_cancellation.py).
    return DeviceOptions(**{"input_device": "pulse", "output_device": "pulse", "echo_cancellation": False, **overrides})


def test_opens_the_pulse_device_and_delivers_20ms_frames_in_real_time(pulse_testbed):
    async def scenario():
        async with running_transport(pulse_options()) as transport:
            calls = transport.calls()
            call = await anext(calls)
            assert call.call_id == "device"
            frames = await collect(call, 1.5)
            return transport.stats, frames, call

    stats, frames, call = asyncio.run(scenario())
    assert stats.devices == ("pulse", "pulse")
    assert 0 < stats.output_latency_s < 0.5
    assert all(f.sample_rate_hz == RATE and f.samples == 320 for f in frames)
    assert 45 <= len(frames) <= 100, f"{len(frames)} frames in 1.5 s (75 expected; generous for a loaded box)"
    arrivals = [f.arrived_ns for f in frames]
    assert arrivals == sorted(arrivals)
    assert stats.callback_errors == 0


def test_audio_played_into_the_mic_arrives_as_frames(pulse_testbed, tmp_path):
    source = band_noise(1.0)
    wav = write_wav(tmp_path / "question.wav", np.concatenate([np.zeros(RATE // 5, np.int16), source]))

    async def scenario():
        async with running_transport(pulse_options()) as transport:
            call = transport.call
            await wait_for_quiet_mic(call)
            player = testbed.play_into_mic(pulse_testbed, wav, wait=False)
            # Until paplay is done (it can start a second late under load), then 0.3 s for the tail.
            return await collect(call, 0.3, until=asyncio.to_thread(player.wait, 10))

    frames = asyncio.run(scenario())
    heard = np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2")
    assert active_seconds(heard) == pytest.approx(1.0, abs=0.1), "the mic heard the 1 s clip for as long as it played"
    assert fraction_found(heard, source) >= 0.7, "what the mic heard is not the clip"


def test_output_queue_audio_reaches_the_speaker(pulse_testbed, tmp_path):
    source = band_noise(1.0, seed=11)
    recording = tmp_path / "speaker.wav"

    async def scenario():
        transport = AudioDeviceTransport(pulse_options())
        await transport.start()
        await wait_until_running(transport)
        recorder = testbed.start_speaker_recording(pulse_testbed, recording)
        try:
            await asyncio.sleep(0.4)  # parecord needs a moment before it hears anything
            out = transport.call.output
            first = out.push(source)
            progress = []
            for _ in range(40):
                await asyncio.sleep(0.05)
                progress.append(out.samples_played)
                if out.samples_played >= first + len(source):
                    break
            played_at = await asyncio.wait_for(out.wait_played(first + len(source) - 1), 5)
            await asyncio.sleep(0.5)
            return out, progress, played_at
        finally:
            testbed.stop_recording(recorder)
            await transport.close()

    out, progress, played_at = asyncio.run(scenario())
    assert out.samples_played == len(source) and out.samples_pending == 0
    assert progress == sorted(progress) and any(0 < p < len(source) for p in progress), \
        f"samples_played must advance with playback, not jump: {progress}"
    assert played_at and played_at <= time.monotonic_ns()
    recorded = read_wav(recording)
    assert active_seconds(recorded) == pytest.approx(1.0, abs=0.1)
    assert fraction_found(recorded, source) >= 0.7, "the speaker did not play the pushed audio"


def test_every_speaker_callback_plays_one_block_and_every_mic_callback_gives_one_frame(pulse_testbed):
    """Mic and speaker are two streams: each speaker callback pulls exactly one block and each mic callback
    delivers exactly one frame. (Pairing a mic block with the audio that was playing when it was captured is
    tested by the speaker-timeline tests in test_echo_cancellation.py.)"""
    pulled: list[int] = []
    transport = AudioDeviceTransport(pulse_options())

    async def scenario():
        await transport.start()
        try:
            before = transport.stats.callbacks  # a callback may slip in before on_pull is set: allow one
            before_out = transport.stats.output_callbacks
            transport.call.output.on_pull = lambda block, now_ns: pulled.append(len(block))
            frames = await collect(transport.call, 1.0)
            return before, before_out, frames, transport.stats.callbacks, transport.stats.output_callbacks, \
                len(pulled)
        finally:
            await transport.close()

    before, before_out, frames, total, out, n_pulled = asyncio.run(scenario())
    assert set(pulled) == {320}
    # The reads of the counters are not atomic with the audio threads: one callback of slack each.
    assert out - before_out - 2 <= n_pulled <= out - before_out + 1, "every speaker callback plays one block"
    assert total - 3 <= len(frames) <= total, "every mic callback delivers exactly one mic frame"


def test_a_card_at_48khz_still_gives_16khz_20ms_frames(pulse_testbed, tmp_path):
    source = band_noise(0.8, seed=3)
    wav = write_wav(tmp_path / "q.wav", source)

    async def scenario():
        async with running_transport(pulse_options(sample_rate_hz=48_000)) as transport:
            assert transport.call.output.sample_rate_hz == 48_000
            player = testbed.play_into_mic(pulse_testbed, wav, wait=False)
            frames = await collect(transport.call, 1.6)
            await asyncio.to_thread(player.wait, 10)
            return frames

    frames = asyncio.run(scenario())
    assert all(f.sample_rate_hz == RATE and f.samples == 320 for f in frames)
    assert 45 <= len(frames) <= 100, f"{len(frames)} frames in 1.6 s (80 expected; generous for a loaded box)"
    heard = np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2")
    assert fraction_found(heard, source) >= 0.7, "the clip did not survive resampling 48 kHz -> 16 kHz"


def test_a_slow_pipeline_drops_the_oldest_blocks_and_counts_them(pulse_testbed):
    async def scenario():
        transport = AudioDeviceTransport(pulse_options(queue_blocks=10))
        await transport.start()
        try:
            # Nobody reads frames: the queue (10 blocks) fills and then 25+ blocks must be dropped.
            await wait_until_running(transport, callbacks=40, timeout_s=8)
            overruns = transport.stats.queue_overruns
            frames = transport.call.frames()
            kept = [await anext(frames) for _ in range(10)]  # already queued: no waiting for new audio
            return transport.stats, overruns, time.monotonic_ns() - kept[-1].arrived_ns
        finally:
            await transport.close()

    stats, overruns, newest_age_ns = asyncio.run(scenario())
    assert overruns >= 40 - 10 - 3, stats  # 3: blocks still on their way from the audio thread
    # Dropping the newest instead would leave blocks 1-10 here, at least 30 blocks (0.6 s) old.
    assert newest_age_ns < 0.3e9, "the queue must keep the newest audio and drop the oldest"


@pytest.mark.parametrize("options, problem", [
    (dict(input_device="no-such-card"), "no input device's name contains 'no-such-card'"),
    (dict(output_device=99), "index out of range"),
    (dict(input_channels=64), "has 32 input channels, 64 wanted"),
], ids=["name-not-found", "index-out-of-range", "too-many-channels"])
def test_a_missing_device_lists_the_devices_found(pulse_testbed, options, problem):
    with pytest.raises(TransportError) as err:
        asyncio.run(AudioDeviceTransport(pulse_options(**options)).start())
    message = str(err.value)
    assert problem in message
    assert "0: pulse [in 32, out 32]" in message, message
    assert "device.input_device" in message and "index" in message


def test_portaudio_failing_to_open_is_a_transport_error(pulse_testbed):
    """The device is listed but cannot be opened: its sound server went away between listing and opening."""
    doomed = testbed.start_testbed()
    try:
        with testbed.client_env_applied(doomed):
            rescan()  # "pulse" is listed while `doomed` runs
            testbed.stop_testbed(doomed)
            with pytest.raises(TransportError) as err:
                asyncio.run(AudioDeviceTransport(pulse_options(), rescan_devices=False).start())
    finally:
        testbed.stop_testbed(doomed)
    assert "PortAudio could not open input 'pulse'" in str(err.value)
    assert "Try another device" in str(err.value)


def test_no_devices_at_all(pulse_testbed, tmp_path, monkeypatch):
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/nothing-listens-here")
    rescan()
    if len(sd.query_devices()):
        pytest.skip("this machine has a real sound card, so 'no devices at all' cannot be staged")
    with pytest.raises(TransportError) as err:
        asyncio.run(AudioDeviceTransport(DeviceOptions()).start())
    assert "no audio devices at all" in str(err.value)
    assert "No audio devices found" in list_devices(rescan_first=False)


def test_list_devices_names_the_defaults(pulse_testbed):
    listing = list_devices()
    assert "0: pulse [in 32, out 32]" in listing
    assert "<- default input and output" in listing
