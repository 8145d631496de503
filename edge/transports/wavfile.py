"""A transport made of files: a recorded question in, the spoken reply out (for `edge say` and tests).

It paces the input like a live microphone (20 ms frames at the pace of the clock, then silence so the end of
turn can happen) and drains the output queue at the pace of a sound card, so the timings it yields are the ones a
real device would see.
"""

from __future__ import annotations

import asyncio
import time
import wave
from pathlib import Path
from typing import AsyncIterator

import numpy as np

from edge.transports.base import PIPELINE_RATE_HZ, AudioFrame, DtmfDigit, OutputQueue, TransportError
from engines.audio import float32_to_int16

FRAME_MS = 20


def read_audio(path: Path, sample_rate_hz: int = PIPELINE_RATE_HZ) -> np.ndarray:
    """Any audio file PyAV can decode -> mono int16 at `sample_rate_hz`."""
    path = Path(path)
    if not path.is_file():
        raise TransportError(f"{path}: no such audio file. Give the path of a WAV (or any ffmpeg-readable) file.")
    try:
        import av

        fmt = "g722" if path.suffix == ".g722" else None
        chunks = []
        with av.open(str(path), format=fmt) as container:
            resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate_hz)
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except Exception as exc:  # PyAV raises many types; the operator needs one message
        raise TransportError(f"{path}: cannot decode it as audio ({exc}). Convert it to a 16-bit WAV.") from exc
    return np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, dtype=np.int16)


def write_wav(path: Path, pcm: np.ndarray, sample_rate_hz: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate_hz)
        out.writeframes(np.asarray(pcm, dtype="<i2").tobytes())


class FileCall:
    """One call that speaks `audio` into the pipeline, then silence until `hang_up()`, recording the reply."""

    def __init__(self, audio: np.ndarray, *, output_rate_hz: int = 22_050, realtime: bool = True,
                 lead_silence_ms: int = 300, call_id: str = "file") -> None:
        self.call_id = call_id
        self.output = OutputQueue(output_rate_hz)
        self.hears_itself = False  # the reply is recorded, never fed back
        self.realtime = realtime
        lead = np.zeros(PIPELINE_RATE_HZ * lead_silence_ms // 1000, dtype=np.int16)
        self._audio = np.concatenate([lead, np.asarray(audio, dtype=np.int16)])
        self._offset = 0
        self._hung_up = asyncio.Event()
        self._dtmf: asyncio.Queue[DtmfDigit] = asyncio.Queue()
        self.recorded: list[np.ndarray] = []
        self.speech_end_ns = 0
        """When the last sample of the file was fed (the true end of speech is at or before it)."""
        self.fed_ns: list[int] = []
        """Arrival stamp of each input frame, so a sample offset maps to the time it was fed."""

    def speak_now(self, audio: np.ndarray) -> None:
        """Start feeding `audio` (int16, 16 kHz) from the next frame on, as if the caller spoke up now."""
        at = self._offset
        if at > self._audio.size:  # we are past the file, feeding silence: make that silence real first
            self._audio = np.concatenate([self._audio, np.zeros(at - self._audio.size, dtype=np.int16)])
        self._audio = np.concatenate([self._audio[:at], np.asarray(audio, dtype=np.int16), self._audio[at:]])

    def hang_up(self) -> None:
        self._hung_up.set()

    def dtmf(self) -> "asyncio.Queue[DtmfDigit]":
        return self._dtmf

    @property
    def reply_audio(self) -> np.ndarray:
        return np.concatenate(self.recorded) if self.recorded else np.zeros(0, dtype=np.int16)

    async def frames(self) -> AsyncIterator[AudioFrame]:
        step = PIPELINE_RATE_HZ * FRAME_MS // 1000
        out_step = self.output.sample_rate_hz * FRAME_MS // 1000
        start = time.monotonic()
        index = 0
        while not self._hung_up.is_set():
            offset = self._offset
            block = self._audio[offset: offset + step]
            offset = self._offset = offset + step
            if block.size < step:
                block = np.concatenate([block, np.zeros(step - block.size, dtype=np.int16)])
            index += 1
            if self.realtime:
                await asyncio.sleep(max(0.0, start + index * FRAME_MS / 1000 - time.monotonic()))
            else:
                await asyncio.sleep(0)
            now = time.monotonic_ns()
            self.fed_ns.append(now)
            if offset >= self._audio.size and not self.speech_end_ns:
                self.speech_end_ns = now
            self._drain(out_step)
            yield AudioFrame(block.tobytes(), PIPELINE_RATE_HZ, now)

    def _drain(self, n: int) -> None:
        """Play out one frame's worth of reply audio (all of it when not real time)."""
        if not self.realtime:
            n = max(n, self.output.samples_pending)
        pcm, real = self.output.pull(n)
        if real:
            self.recorded.append(pcm[:real])


def float_audio_to_call(audio_f32: np.ndarray, **kwargs) -> FileCall:
    """Build a FileCall from float32 16 kHz audio (tests synthesise or load audio this way)."""
    return FileCall(float32_to_int16(audio_f32), **kwargs)


__all__ = ["FileCall", "read_audio", "write_wav", "float_audio_to_call"]
