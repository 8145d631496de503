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
