"""Acoustic echo cancellation: WebRTC's AEC3 through the `livekit` package's AudioProcessingModule.

On a kiosk the speaker and the mic share a room, so the mic hears every word the assistant says. Without
cancelling it, the assistant's own voice counts as the user talking over it and it interrupts itself. AEC3 learns
the echo path (delay, room, speaker) from a reference, the audio that was sent to the speaker, and subtracts its
prediction from the mic; its residual-echo suppressor then removes what the linear filter missed.

livekit ships WebRTC's audio processing compiled into its wheel (`liblivekit_ffi.so`, Apache-2.0), so nothing is
built here. It works in 10 ms frames; the reverse (speaker) frame goes in before the capture (mic) frame of the
same moment, which is the order the sound card produces them in. AEC3 estimates the echo delay itself; the
`delay_ms` given here is only its starting hint.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from engines.protocols import WarmupReport

SUPPORTED_RATES_HZ = (8_000, 16_000, 32_000, 48_000)
"""WebRTC's audio processing runs natively at these rates; others would be resampled inside, or refused."""
FRAME_MS = 10
"""WebRTC's audio processing takes exactly 10 ms per call."""
MAX_DELAY_HINT_MS = 500
"""WebRTC refuses a larger stream delay; AEC3 itself tracks echoes up to about that long."""
INSTALL_HINT = "pip install livekit==1.2.0 (it ships WebRTC's echo canceller prebuilt)"


class EchoCancellerUnavailable(RuntimeError):
    """The echo canceller cannot run here; the message names the package and the fix."""


@dataclass(frozen=True)
class EchoSettings:
    """What the WebRTC audio processing does besides cancelling echo (which is always on in this adapter)."""

    noise_suppression: bool = False
    """WebRTC's noise suppressor: helps in a noisy hall, but it also reshapes speech Whisper was trained on."""
    high_pass_filter: bool = True
    """Removes DC offset and rumble below ~80 Hz, which carry no speech and disturb the echo estimate."""
    auto_gain_control: bool = False
    """Normalises the mic level: off, because the VAD thresholds were tuned on the mic's own level."""
    delay_ms: int = 0
    """Starting hint for the echo's delay (speaker block handed out -> its echo in the mic); AEC3 finds the
    real one itself."""


class WebRtcEchoCanceller:
    """`EchoCanceller` on WebRTC AEC3 (livekit). Not thread-safe: one owner feeds it blocks in order."""

    def __init__(self, sample_rate_hz: int = 16_000, settings: EchoSettings = EchoSettings()) -> None:
        if sample_rate_hz not in SUPPORTED_RATES_HZ:
            raise ValueError(f"the echo canceller runs at {', '.join(map(str, SUPPORTED_RATES_HZ))} Hz, not "
                             f"{sample_rate_hz}: open the sound card at 16000 or 48000")
        if not 0 <= settings.delay_ms <= MAX_DELAY_HINT_MS:
            raise ValueError(f"echo delay hint {settings.delay_ms} ms is outside 0..{MAX_DELAY_HINT_MS} ms "
                             "(WebRTC refuses more)")
        started = time.monotonic()
        try:
            from livekit import rtc
        except ImportError as exc:
            raise EchoCancellerUnavailable(
                f"echo cancellation needs the package livekit, which is not importable ({exc}): {INSTALL_HINT}, "
                "or turn echo cancellation off (only for a headset, where the mic cannot hear the speaker)"
            ) from None
        self._rtc = rtc
        self._apm = rtc.AudioProcessingModule(
            echo_cancellation=True, noise_suppression=settings.noise_suppression,
            high_pass_filter=settings.high_pass_filter, auto_gain_control=settings.auto_gain_control)
        self.settings = settings
        self.sample_rate_hz = sample_rate_hz
        self.frame_samples = sample_rate_hz * FRAME_MS // 1000
        self.frames_processed = 0
        """10 ms frames cleaned so far."""
        self.load_s = time.monotonic() - started

    def process(self, capture: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """The mic block with the assistant's echo removed (int16 mono, as long as `capture`)."""
        capture = np.ascontiguousarray(capture, dtype=np.int16).reshape(-1)
        reference = np.ascontiguousarray(reference, dtype=np.int16).reshape(-1)
        n = self.frame_samples
        if capture.size != reference.size or capture.size % n:
            raise ValueError(f"capture ({capture.size}) and reference ({reference.size}) samples must be equal and a "
                             f"whole number of {FRAME_MS} ms frames ({n} samples at {self.sample_rate_hz} Hz)")
        out = np.empty_like(capture)
        for start in range(0, capture.size, n):
            out[start:start + n] = self._frame(capture[start:start + n], reference[start:start + n])
        return out

    def _frame(self, capture: np.ndarray, reference: np.ndarray) -> np.ndarray:
        rtc, n, rate = self._rtc, self.frame_samples, self.sample_rate_hz
        # WebRTC works in place on the buffers: give it copies it may overwrite.
        self._apm.process_reverse_stream(rtc.AudioFrame(bytearray(reference.tobytes()), rate, 1, n))
        self._apm.set_stream_delay_ms(self.settings.delay_ms)  # WebRTC wants it before every capture frame
        frame = rtc.AudioFrame(bytearray(capture.tobytes()), rate, 1, n)
        self._apm.process_stream(frame)
        self.frames_processed += 1
        return np.frombuffer(frame.data, dtype=np.int16)

    def warmup(self) -> WarmupReport:
        """Run a few frames through, so the first real block does not pay for WebRTC's lazy set-up."""
        started = time.monotonic()
        silence = np.zeros(self.frame_samples * 5, dtype=np.int16)
        self.process(silence, silence)
        return WarmupReport("echo:webrtc-aec3", self.load_s, time.monotonic() - started,
                            f"{self.sample_rate_hz} Hz, delay hint {self.settings.delay_ms} ms")


class SpeakerTimeline:
    """What the speaker played, laid on the sound card's clock, so each mic block is paired with the reference
    that was in the air when it was captured.

    The card stamps each speaker block with when it will play and each mic block with when it was captured
    (PortAudio's DAC/ADC times). Pairing by those stamps, not by callback count, keeps the echo's delay, as the
    canceller sees it, at the room's own delay plus `lead_ms`, whatever the buffers do: through PulseAudio on a
    loaded box a speaker underrun adds 40-150 ms to a full-duplex stream's mic latency, for good, and AEC3 takes
    about a second to find a new delay (and cannot notice one between answers, when the reference is silent).

    The reference handed out leads the capture instant by `lead_ms`, so the echo always comes after it (a
    canceller cannot use a reference that arrives after its echo) even when the stamps are a few ms off. Read and
    write positions advance sample by sample and jump only when a stamp disagrees by more than `step_ms` (a real
    jump: an underrun, a reopened stream), not on the stamps' jitter (about 1 ms), which would break up the
    reference. Between jumps each position follows its stamps' average over `follow_s`, a sample at a time, once
    that average is more than `dead_band_ms` off: the streams' sample counts drift against the card clock (200-400
    ppm through PulseAudio, measured), which moved the echo 10 ms in a minute and cost AEC3 its convergence each
    time its delay estimate stepped (the echo left after cancelling rose from -85 to -45 dBFS for seconds at a
    time). The dead band keeps the stamps' jitter from moving the positions at all.
    Thread-safe: the speaker callback writes, the mic callback reads.
    """

    def __init__(self, sample_rate_hz: int, lead_ms: float = 20.0, step_ms: float = 30.0, span_s: float = 4.0,
                 follow_s: float = 2.0, dead_band_ms: float = 1.0) -> None:
        self._rate = sample_rate_hz
        self._lead = int(sample_rate_hz * lead_ms / 1000)
        self._step = int(sample_rate_hz * step_ms / 1000)
        self._follow_samples = sample_rate_hz * follow_s
        self._dead_band = sample_rate_hz * dead_band_ms / 1000
        self._write_drift = self._read_drift = 0.0  # stamp minus position, smoothed (samples)
        self._ring = np.zeros(int(sample_rate_hz * span_s), dtype=np.int16)
        self._lock = threading.Lock()
        self._origin_s: float | None = None  # card time of sample index 0
        self._write_at: int | None = None  # index of the next sample the speaker will play
        self._written_until = 0  # one past the newest sample written (zeros are never written)
        self._read_at: int | None = None
        self.jumps = 0
        """Times a stamp disagreed with the running position by more than `step_ms` and the position moved."""
        self.starved = 0
        """Samples asked for that the speaker had not yet been given (handed out as silence)."""

    def _index(self, t_s: float) -> int:
        if self._origin_s is None:
            self._origin_s = t_s
        return round((t_s - self._origin_s) * self._rate)

    def write(self, played: np.ndarray, play_time_s: float | None) -> None:
        """From the speaker callback: `played` (int16) starts sounding at card time `play_time_s` (None: unknown,
        taken as right after the previous block)."""
        n, size = played.size, self._ring.size
        with self._lock:
            if play_time_s is not None and play_time_s > 0:
                at = self._index(play_time_s)
                if self._write_at is None or abs(at - self._write_at) > self._step:
                    self.jumps += self._write_at is not None
                    self._write_at, self._write_drift = at, 0.0
                else:
                    self._write_at, self._write_drift = self._follow(self._write_at, at, self._write_drift, n)
            at = self._write_at = self._write_at or 0
            if at > self._written_until:  # a gap (the card played silence): clear what the ring held there
                self._put(self._written_until, np.zeros(min(at - self._written_until, size), dtype=np.int16))
            self._put(at, played[-size:])
            self._write_at = at + n
            self._written_until = max(self._written_until, at + n)

    def read(self, n: int, capture_time_s: float | None) -> np.ndarray:
        """From the mic callback: the reference for `n` mic samples captured from card time `capture_time_s` on
        (None: unknown, taken as right after the previous block)."""
        with self._lock:
            if capture_time_s is not None and capture_time_s > 0:
                at = self._index(capture_time_s) + self._lead
                if self._read_at is None or abs(at - self._read_at) > self._step:
                    self.jumps += self._read_at is not None
                    self._read_at, self._read_drift = at, 0.0
                else:
                    self._read_at, self._read_drift = self._follow(self._read_at, at, self._read_drift, n)
            at = self._read_at if self._read_at is not None else max(0, self._written_until - n)
            self._read_at = at + n
            out = np.zeros(n, dtype=np.int16)
            lo, hi = max(at, self._written_until - self._ring.size, 0), min(at + n, self._written_until)
            if hi > lo:
                out[lo - at:hi - at] = self._ring[np.arange(lo, hi) % self._ring.size]
            self.starved += max(0, at + n - max(self._written_until, at))
            return out

    def _follow(self, position: int, stamped: int, drift: float, n: int) -> tuple[int, float]:
        """Move `position` toward where its stamps have been lately (`drift`: their smoothed disagreement) by the
        whole samples it lies beyond the dead band, so a slow clock drift is followed and the jitter is not."""
        drift += (stamped - position - drift) * min(1.0, n / self._follow_samples)
        move = int(drift - max(-self._dead_band, min(self._dead_band, drift)))  # toward zero
        return position + move, drift - move

    def _put(self, at: int, samples: np.ndarray) -> None:
        if samples.size:
            self._ring[np.arange(at, at + samples.size) % self._ring.size] = samples
