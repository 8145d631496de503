"""Echo cancellation: the WebRTC AEC3 adapter on known signals, the speaker timeline that pairs each mic block
with what was in the air, and the device transport cleaning its own echo on the PulseAudio test bed (speaker
leaking into the mic through module-loopback) while still hearing a caller who talks over it."""

from __future__ import annotations

import asyncio
import sys

import numpy as np
import pytest

from edge.transports.base import TransportError
from edge.transports.device import AudioDeviceTransport, DeviceOptions
from engines.echo import SpeakerTimeline, WebRtcEchoCanceller
from engines.protocols import EchoCanceller
from tests import testbed
from tests.device.audio_signals import (RATE, best_match, collect, running_transport, wait_until_running,
                                        write_wav)
from tests.pipeline.speech import spoken

FAR = "The capital of Japan is Tokyo. It is a large city with many people, tall buildings and busy trains."
NEAR = "Wait, actually, where is the nearest exit?"
LEAK_GAIN = 0.5
"""As in test_barge_in_device.py: the echo reaches the mic about as loud as a user at arm's length."""


def rms(pcm: np.ndarray) -> float:
    return float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2)) + 1e-9)


def db(ratio: float) -> float:
    return 20 * float(np.log10(ratio))


def run_blocks(echo: EchoCanceller, capture: np.ndarray, reference: np.ndarray, block: int = 320) -> np.ndarray:
    n = capture.size // block * block
    return np.concatenate([echo.process(capture[i:i + block], reference[i:i + block]) for i in range(0, n, block)])


# --- the adapter, on signals whose answer is known ---

def test_the_canceller_removes_a_delayed_echo_and_keeps_the_near_speech():
    echo = WebRtcEchoCanceller(16_000)
    assert isinstance(echo, EchoCanceller)
    far, near = spoken(FAR), spoken(NEAR)
    delay = RATE * 60 // 1000  # the room: 60 ms from the speaker to the mic
    n = far.size + RATE
    reference = np.zeros(n, np.int16)
    reference[:far.size] = far
    echo_path = np.zeros(n)
    echo_path[delay:] = 0.5 * reference[:n - delay]
    start = 3 * RATE  # the user talks over the reply from 3 s on
    mic = echo_path.copy()
    mic[start:start + near.size] += near[: n - start]
    cleaned = run_blocks(echo, np.clip(mic, -32768, 32767).astype(np.int16), reference)
    echo_only = slice(RATE, start)  # after a second to converge, before the user speaks
    erle = db(rms(mic[echo_only]) / rms(cleaned[echo_only]))
    assert erle >= 25, f"echo reduced by only {erle:.1f} dB"
    similarity, offset = best_match(cleaned[start - RATE // 2:], near[: RATE])
    # AEC3 softens the near speech a little while the echo goes on under it; unrelated speech scores ~0.05
    assert similarity > 0.5 and abs(offset - RATE // 2) < 160, f"the near speech was lost ({similarity:.2f})"


def test_blocks_that_are_not_whole_10ms_frames_are_refused_with_the_rule():
    echo = WebRtcEchoCanceller(16_000)
    with pytest.raises(ValueError, match="whole number of 10 ms frames"):
        echo.process(np.zeros(250, np.int16), np.zeros(250, np.int16))
    with pytest.raises(ValueError, match="must be equal"):
        echo.process(np.zeros(320, np.int16), np.zeros(160, np.int16))
    with pytest.raises(ValueError, match="16000 or 48000"):
        WebRtcEchoCanceller(44_100)


def test_device_options_refuse_what_the_canceller_cannot_run():
    with pytest.raises(ValueError, match="16000 or 48000"):
        DeviceOptions(sample_rate_hz=44_100)
    with pytest.raises(ValueError, match="multiple of it"):
        DeviceOptions(block_ms=25)
    assert DeviceOptions(sample_rate_hz=44_100, echo_cancellation=False).block_samples == 882
    assert DeviceOptions(block_ms=25, echo_cancellation=False).block_samples == 400
    with pytest.raises(ValueError, match="echo_delay_ms"):
        DeviceOptions(echo_delay_ms=900)


# --- pairing by the card's clock ---

def ramp_block(start: int, n: int = 320) -> np.ndarray:
    return (np.arange(start, start + n) % 30_000).astype(np.int16)


def assert_ramp_from(got: np.ndarray, start: int, tolerance: int, what: str) -> None:
    """`got` is an unbroken stretch of the ramp beginning within `tolerance` samples of `start`."""
    assert np.all(np.diff(got.astype(np.int64)) == 1), f"{what}: the reference is broken up"
    assert abs(int(got[0]) - start) <= tolerance, f"{what}: starts at {got[0]}, not near {start}"


def test_the_timeline_gives_each_mic_block_what_was_in_the_air_across_an_underrun():
    """Speaker block k plays at 1.000 + 0.02 k s; mic block j was captured at 1.000 + 0.02 j s. The reference for
    a mic block is what played 20 ms (the lead) after its capture began, even after the speaker fell 100 ms behind
    (an underrun: the card played silence). Timestamps jitter by +-5 ms: positions follow the samples, so the
    reference stays unbroken and within 10 ms (160 samples) of exact."""
    timeline = SpeakerTimeline(16_000, lead_ms=20, step_ms=30)
    jitter = np.random.default_rng(3).uniform(-0.005, 0.005, 200)
    for k in range(10):
        timeline.write(ramp_block(320 * k), 1.0 + 0.02 * k + jitter[k])
    for j in range(8):
        assert_ramp_from(timeline.read(320, 1.0 + 0.02 * j + jitter[50 + j]), 320 * j + 320, 160, f"block {j}")
    # The card played 100 ms of silence: the next block sounds at 1.3 s instead of 1.2 s.
    for k in range(10, 20):
        timeline.write(ramp_block(320 * k), 1.1 + 0.02 * k + jitter[100 + k])
    assert timeline.jumps == 1
    silent = timeline.read(320, 1.0 + 0.02 * 8 + 0.04)  # 1.20 + 0.02 lead: inside the 1.2-1.3 s silence
    assert not silent[160:].any(), "the card played silence there"
    got = timeline.read(320, 1.3 - 0.02)  # captured at 1.28 s, so 1.30 s: the first block after the silence
    assert_ramp_from(got[160:], 320 * 10 + 160, 160, "after the underrun")


def test_the_timeline_follows_a_slow_clock_drift_between_speaker_and_mic():
    """The speaker's sample count runs 300 ppm slow against the card clock (measured through PulseAudio: 200-400
    ppm), stamps jittering by +-1 ms. After a minute that is 18 ms of drift, under `step_ms`, so nothing ever
    jumps: without following the stamps the reference would be 18 ms (288 samples) off. It stays within 3 ms."""
    timeline = SpeakerTimeline(16_000, lead_ms=20, step_ms=30)
    jitter = np.random.default_rng(5).uniform(-0.001, 0.001, (2, 3000))
    block_s = 0.02 * (1 + 300e-6)  # each speaker block of 320 samples takes this long on the card clock
    for k in range(3000):  # one minute, speaker and mic callbacks taking turns
        timeline.write(ramp_block(320 * k), 1.0 + block_s * k + jitter[0, k])
        got = timeline.read(320, 1.0 + 0.02 * k - 0.04 + jitter[1, k])
    # The last mic block was captured at 1.0 + 0.02 * 2999 - 0.04 s; the reference for it is what played 20 ms later.
    exact = round((0.02 * 2999 - 0.04 + 0.02) / block_s * 320)
    off = (int(got[0]) - exact + 15_000) % 30_000 - 15_000  # the ramp wraps at 30000
    assert abs(off) <= 48, f"the reference is {off / 16:.1f} ms off after a minute of drift"
    assert timeline.jumps == 0


def test_a_mic_block_with_no_timestamp_takes_the_newest_audio():
    timeline = SpeakerTimeline(16_000)
    timeline.write(ramp_block(0), None)
    timeline.write(ramp_block(320), None)
    assert np.array_equal(timeline.read(320, None), ramp_block(320))


# --- on the PulseAudio device ---

def pulse_options(**overrides) -> DeviceOptions:
    return DeviceOptions(**{"input_device": "pulse", "output_device": "pulse", **overrides})


async def play_and_listen(bed, options: DeviceOptions, far: np.ndarray, near_at_s: float | None = None,
                          echo: EchoCanceller | None = None):
    """Play `far` through the transport and collect what its mic delivers; optionally a caller talks into the mic
    `near_at_s` seconds after the reply starts. Returns (mic frames, when the reply began (ns), the transport)."""
    async with running_transport(options, echo_canceller=echo) as transport:
        listening = asyncio.create_task(collect(transport.call, far.size / RATE + 1.0))
        await asyncio.sleep(0.2)
        first = transport.call.output.push(far)
        began_ns = await asyncio.wait_for(transport.call.output.wait_played(first), 5)
        if near_at_s is not None:
            await asyncio.sleep(near_at_s)
            await asyncio.to_thread(testbed.play_into_mic, bed, write_wav(bed.runtime_dir / "near.wav",
                                                                            spoken(NEAR)), False)
        return await listening, began_ns, transport


def heard_from(frames, began_ns: int, skip_s: float = 0.0) -> np.ndarray:
    start = began_ns + int(skip_s * 1e9)
    return np.frombuffer(b"".join(f.pcm for f in frames if f.arrived_ns >= start), dtype="<i2")


@pytest.mark.audio_device
def test_the_device_cancels_its_own_echo_and_still_hears_a_caller(pulse_testbed, capsys):
    """The same reply played twice through the leak: without AEC its echo arrives at the leak's gain; with AEC
    (the default) the mic is at least 20 dB quieter once the canceller has converged (0.7 s), and a caller who
    talks over the reply is still heard."""
    far = spoken(FAR)
    module = testbed.leak_speaker_into_mic(pulse_testbed, gain=LEAK_GAIN)
    try:
        raw_frames, raw_began, _ = asyncio.run(play_and_listen(pulse_testbed, pulse_options(echo_cancellation=False),
                                                               far))
        frames, began, transport = asyncio.run(play_and_listen(pulse_testbed, pulse_options(), far, near_at_s=3.0))
    finally:
        testbed.remove_leak(pulse_testbed, module)
    raw = heard_from(raw_frames, raw_began, 0.7)[: 2 * RATE]
    cleaned = heard_from(frames, began, 0.7)[: 2 * RATE]  # before the caller speaks at 3 s
    leak_db, reduction_db = db(rms(raw) / rms(far)), db(rms(raw) / rms(cleaned))
    with capsys.disabled():
        print(f"\n[device aec] echo at the mic {leak_db:.1f} dB re the reply; AEC removes {reduction_db:.1f} dB more "
              f"({transport.stats.echo_blocks} blocks, timeline jumps {transport.call.speaker.jumps})")
    assert leak_db > -10, "the leak did not carry the reply into the mic: nothing would be tested"
    assert reduction_db >= 20, f"the canceller removed only {reduction_db:.1f} dB of echo"
    assert transport.stats.echo_blocks > 100 and transport.stats.echo_failures == 0
    near = spoken(NEAR)
    similarity, _ = best_match(heard_from(frames, began, 2.5), near[:RATE])
    assert similarity > 0.3, f"the caller's words did not come through the canceller ({similarity:.2f})"


class BrokenCanceller:
    sample_rate_hz, frame_samples = 16_000, 160

    def process(self, capture, reference):
        raise RuntimeError("the canceller's library crashed")

    def warmup(self):
        raise AssertionError("not called for an injected canceller")


@pytest.mark.audio_device
def test_a_failing_canceller_passes_the_mic_on_and_counts_it(pulse_testbed):
    """A canceller that raises must not take the mic away: frames flow uncleaned, the failures are counted."""
    async def scenario():
        async with running_transport(pulse_options(), echo_canceller=BrokenCanceller()) as transport:
            return await collect(transport.call, 0.5), transport.stats

    frames, stats = asyncio.run(scenario())
    assert len(frames) >= 10
    assert stats.echo_failures >= 10 and stats.echo_blocks == 0


@pytest.mark.audio_device
def test_without_the_echo_package_the_start_fails_naming_the_fix(pulse_testbed, monkeypatch):
    monkeypatch.setitem(sys.modules, "livekit", None)  # `import livekit` now raises ImportError

    async def scenario():
        await AudioDeviceTransport(pulse_options()).start()

    with pytest.raises(TransportError, match=r"pip install livekit==1\.2\.0.*echo_cancellation: false"):
        asyncio.run(scenario())


@pytest.mark.audio_device
def test_a_piled_up_mic_is_emptied_by_reopening_and_the_call_goes_on(pulse_testbed):
    """What the lag guard does when PortAudio's capture time says the mic is far behind: reopen both streams
    (not counted as a failure), keep the same call and its frames flowing."""
    async def scenario():
        async with running_transport(pulse_options()) as transport:
            call = transport.call
            transport._input_lagging(transport._generation, 900.0)
            await wait_until_running(transport, callbacks=transport.stats.callbacks + 25, timeout_s=5)
            frames = await collect(call, 0.5)
            return transport.stats, transport.failure, transport.call is call, frames, transport.healthy

    stats, failure, same_call, frames, healthy = asyncio.run(scenario())
    assert stats.input_lag_resets == 1 and stats.stream_restarts == 0, stats
    assert failure is None and healthy and same_call
    assert len(frames) >= 10
