"""Piper text-to-speech with the packaged voice (en_US joe, medium), one fragment at a time.

Piper synthesizes a whole sentence per ONNX call (no streaming inside a sentence), so the pipeline sends short
fragments (a clause or a sentence) and the first one decides the latency. A fragment holding several sentences
yields one chunk per sentence, and cancellation is checked between them. The ONNX session is built here rather
than by `PiperVoice.load`, which would take every core: on a 2-core box the thread count is a choice.
`ResampledTts` wraps any `TextToSpeech` to deliver another rate (8 kHz for G.711 RTP, 16 kHz, 48 kHz devices).
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Iterator

import numpy as np
import onnxruntime
from piper import PiperVoice
from piper.config import PiperConfig

from engines.audio import float32_to_int16, resample
from engines.protocols import CancelToken, TextToSpeech, WarmupReport

log = logging.getLogger(__name__)

VOICE_FILE = "en_US-joe-medium.onnx"


class PiperTts:
    """`TextToSpeech` over an engines-directory folder holding a Piper voice (.onnx + .onnx.json)."""

    def __init__(self, voice_dir: Path, *, voice_file: str = VOICE_FILE, intra_threads: int = 2,
                 name: str = "tts-joe") -> None:
        start = time.perf_counter()
        self.name = name
        model = Path(voice_dir) / voice_file
        config = PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))
        opts = onnxruntime.SessionOptions()
        opts.intra_op_num_threads = intra_threads
        opts.inter_op_num_threads = 1
        # Spinning workers wait for each other at every op: with the other core busy (the LLM, a second call)
        # two spinning threads took 209 ms for a sentence that one thread voices in 106; without spinning, 106.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(model), sess_options=opts, providers=["CPUExecutionProvider"])
        self._voice = PiperVoice(session=session, config=config)
        self.sample_rate_hz: int = config.sample_rate
        self.load_s = time.perf_counter() - start

    def synthesize(self, text: str, *, cancel: CancelToken | None = None) -> Iterator[np.ndarray]:
        if not text.strip():
            return
        for chunk in self._voice.synthesize(text):
            if cancel is not None and cancel.cancelled:
                return
            yield float32_to_int16(chunk.audio_float_array)
            if cancel is not None and cancel.cancelled:
                return

    def warmup(self) -> WarmupReport:
        start = time.perf_counter()
        samples = sum(c.size for c in self.synthesize("Hello, how can I help you today?"))
        warm_s = time.perf_counter() - start
        detail = f"{samples / self.sample_rate_hz:.2f} s of audio at {self.sample_rate_hz} Hz"
        log.info("%s warm-up: load %.2f s, first inference %.3f s (%s)", self.name, self.load_s, warm_s, detail)
        return WarmupReport(self.name, self.load_s, warm_s, detail)


class ResampledTts:
    """Any `TextToSpeech`, delivered at `sample_rate_hz` (each chunk resampled with soxr)."""

    def __init__(self, inner: TextToSpeech, sample_rate_hz: int) -> None:
        if sample_rate_hz <= 0:
            raise ValueError(f"sample_rate_hz must be positive, got {sample_rate_hz}")
        self.inner = inner
        self.sample_rate_hz = sample_rate_hz

    def synthesize(self, text: str, *, cancel: CancelToken | None = None) -> Iterator[np.ndarray]:
        for chunk in self.inner.synthesize(text, cancel=cancel):
            yield resample(chunk, self.inner.sample_rate_hz, self.sample_rate_hz)

    def warmup(self) -> WarmupReport:
        return self.inner.warmup()
