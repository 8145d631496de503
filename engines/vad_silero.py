"""Silero VAD v6 (the ONNX copy that ships inside faster-whisper) through onnxruntime, one frame at a time.

The model takes 512 new samples at 16 kHz plus the previous frame's last 64 samples as context, and carries an
LSTM state (`h`, `c`, each [1, 1, 128]) from frame to frame. Any other frame size silently detects nothing, so
`probability` rejects it. One ONNX session (one thread: a frame costs a fraction of a millisecond) is shared by
every conversation; each conversation's `SileroStream` owns its state.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import onnxruntime

from engines.protocols import WarmupReport

log = logging.getLogger(__name__)

SAMPLE_RATE_HZ = 16_000
FRAME_SAMPLES = 512
CONTEXT_SAMPLES = 64
STATE_SHAPE = (1, 1, 128)


class SileroStream:
    """One conversation's VAD state (`VadStream`). Not thread-safe: one owner feeds it frames in order."""

    def __init__(self, session: onnxruntime.InferenceSession) -> None:
        self._session = session
        self.reset()

    def reset(self) -> None:
        self._h = np.zeros(STATE_SHAPE, dtype=np.float32)
        self._c = np.zeros(STATE_SHAPE, dtype=np.float32)
        self._context = np.zeros(CONTEXT_SAMPLES, dtype=np.float32)

    def probability(self, frame: np.ndarray) -> float:
        frame = np.asarray(frame)
        if frame.shape != (FRAME_SAMPLES,):
            raise ValueError(f"Silero VAD needs frames of exactly {FRAME_SAMPLES} samples at {SAMPLE_RATE_HZ} Hz "
                             f"(32 ms), got shape {frame.shape}; buffer the audio into {FRAME_SAMPLES}-sample frames")
        if frame.dtype != np.float32:
            raise ValueError(f"Silero VAD needs float32 samples in [-1, 1], got {frame.dtype}; "
                             "convert with engines.audio.int16_to_float32")
        window = np.concatenate([self._context, frame])[None, :]
        prob, self._h, self._c = self._session.run(None, {"input": window, "h": self._h, "c": self._c})
        self._context = frame[-CONTEXT_SAMPLES:].copy()
        return float(np.asarray(prob).reshape(-1)[0])


class SileroVad:
    """`VoiceActivityDetector` over `vad/silero_vad_v6.onnx`."""

    sample_rate_hz = SAMPLE_RATE_HZ
    frame_samples = FRAME_SAMPLES

    def __init__(self, model_path: Path, *, threads: int = 1) -> None:
        start = time.perf_counter()
        opts = onnxruntime.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(model_path), sess_options=opts,
                                                     providers=["CPUExecutionProvider"])
        self.load_s = time.perf_counter() - start

    def stream(self) -> SileroStream:
        return SileroStream(self._session)

    def warmup(self) -> WarmupReport:
        # A 440 Hz tone then silence: real inference, and a sanity check that the model answers at all.
        stream = self.stream()
        t = np.arange(FRAME_SAMPLES * 8, dtype=np.float32) / SAMPLE_RATE_HZ
        audio = np.concatenate([0.3 * np.sin(2 * np.pi * 440 * t), np.zeros(FRAME_SAMPLES * 8)]).astype(np.float32)
        start = time.perf_counter()
        probs = [stream.probability(f) for f in audio.reshape(-1, FRAME_SAMPLES)]
        warm_s = time.perf_counter() - start
        detail = f"{len(probs)} frames, {1000 * warm_s / len(probs):.2f} ms/frame"
        log.info("vad warm-up: load %.2f s, first inference %.3f s (%s)", self.load_s, warm_s, detail)
        return WarmupReport("vad", self.load_s, warm_s, detail)
