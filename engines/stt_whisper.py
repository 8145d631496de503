"""Whisper speech-to-text on CTranslate2 (faster-whisper's model, int8), with a short mel window.

faster-whisper's `transcribe()` always pads the log-mel to 30 s (`pad_or_trim` to 3000 frames, whatever
`chunk_length` says), so a 2 s utterance costs as much as 30 s of audio. CTranslate2's Whisper accepts shorter
input, so this adapter computes the features itself, pads them only to a window of max(10 s, duration + 1 s) and
calls the CTranslate2 model directly. Windows under ~8 s made decoding loop ("stop stop stop"), hence the 10 s
floor (on the bench's 120 prompts, floors of 8, 6 and 4 s gave 5.0, 8.2 and 11.8 % WER against 3.3 %, and were
no faster: the encoder's ~55 ms shrank but decoding grew); if a final result still looks like a loop (text
compresses too well), it is decoded again with the standard 30 s window. Partials (audio still growing) use
greedy search and no fallback: they are cheap hints.
Decoding is English, without timestamps, and without faster-whisper's own VAD (the pipeline runs its own).
A phrase of three or more words said twice in a row is Whisper looping, not the speaker, and is said once.
(Whisper's previous-text prompt was tried for stretches of a turn: tiny.en then copies the prompt, 16 % WER.
Padding the audio with silence before the features, as in Whisper's training, instead of the mel with zeros was
tried too: WER 6.8 against 6.7 % on 293 prompts at beam 5, so the cheaper mel padding stays.)
"""

from __future__ import annotations

import logging
import re
import time
import zlib
from pathlib import Path

import ctranslate2
import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.tokenizer import Tokenizer

from engines.protocols import Transcript, WarmupReport

log = logging.getLogger(__name__)

SAMPLE_RATE_HZ = 16_000
FRAMES_PER_S = 100  # Whisper's mel hop is 10 ms
MIN_WINDOW_S = 10.0
FULL_WINDOW_S = 30.0
LOOP_COMPRESSION_RATIO = 2.4
"""Text that gzip-compresses better than this is repeating itself (Whisper's own fallback threshold)."""


def window_seconds(duration_s: float) -> float:
    """The mel window for `duration_s` of audio: max(10 s, duration + 1 s), at most Whisper's 30 s."""
    return min(FULL_WINDOW_S, max(MIN_WINDOW_S, duration_s + 1.0))


def drop_repeats(text: str, min_words: int = 3) -> str:
    """Say once a phrase of `min_words` or more that comes twice back to back ("press the pound key. press the
    pound key."): tiny.en loops like this on short windows, and the gzip ratio misses loops this short.
    On 80 Asterisk prompts transcribed stretch by stretch it took WER from 4.0 to 3.0 %; whole clips stay 2.8 %."""
    words = text.split()
    norm = [re.sub(r"[^a-z0-9']", "", w.lower()) for w in words]
    i = 0
    while i < len(words):
        for n in range((len(words) - i) // 2, min_words - 1, -1):
            if norm[i:i + n] == norm[i + n:i + 2 * n]:
                del words[i + n:i + 2 * n], norm[i + n:i + 2 * n]
                break
        else:
            i += 1
    return " ".join(_drop_cut_off_restart(words, norm, min_words + 1))


def _drop_cut_off_restart(words: list[str], norm: list[str], min_words: int) -> list[str]:
    """Drop a last sentence that restarts an earlier one and breaks off unfinished ("Please ask the librarian at
    the front desk for help. Please ask the librarian at the front"): tiny.en starting its loop again when the
    window ran out, a rendering in about five of one Piper sentence. A finished sentence is kept, said twice."""
    starts = [0] + [k + 1 for k, w in enumerate(words[:-1]) if w[-1] in ".?!"]
    last = starts[-1]
    tail = norm[last:]
    if last == 0 or len(tail) < min_words or words[-1][-1] in ".?!":
        return words
    if any(norm[k:k + len(tail)] == tail for k in starts[:-1]):
        return words[:last]
    return words


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / max(len(zlib.compress(data)), 1)


class WhisperStt:
    """`SpeechToText` over an engines-directory folder holding a CTranslate2 Whisper model."""

    sample_rate_hz = SAMPLE_RATE_HZ

    def __init__(self, model_dir: Path, *, name: str = "stt", intra_threads: int = 2, beam_size: int = 5,
                 compute_type: str = "int8", replicas: int = 1) -> None:
        start = time.perf_counter()
        if replicas < 1:
            raise ValueError(f"replicas must be at least 1, got {replicas}")
        self.name = name
        self.beam_size = beam_size
        self.replicas = replicas
        # num_workers is CTranslate2's inter_threads: that many model replicas, so calls from that many Python
        # threads run in parallel (each on `intra_threads` threads) instead of queueing behind each other.
        self._whisper = WhisperModel(str(model_dir), device="cpu", compute_type=compute_type,
                                     cpu_threads=intra_threads, num_workers=replicas, local_files_only=True)
        self._model: ctranslate2.models.Whisper = self._whisper.model
        self._features = self._whisper.feature_extractor
        self._tokenizer = Tokenizer(self._whisper.hf_tokenizer, self._model.is_multilingual,
                                    task="transcribe", language="en")
        self._prompt = list(self._tokenizer.sot_sequence) + [self._tokenizer.no_timestamps]
        self.load_s = time.perf_counter() - start

    def transcribe(self, audio: np.ndarray, *, partial: bool = False) -> Transcript:
        audio = np.asarray(audio)
        if audio.ndim != 1 or audio.dtype != np.float32:
            raise ValueError(f"Whisper needs 1-D float32 audio at {SAMPLE_RATE_HZ} Hz, got {audio.dtype} with shape "
                             f"{audio.shape}; convert with engines.audio.int16_to_float32 / resample")
        start = time.perf_counter()
        duration_s = audio.size / SAMPLE_RATE_HZ
        if duration_s > FULL_WINDOW_S:
            audio = audio[-int(FULL_WINDOW_S * SAMPLE_RATE_HZ):]  # one window is all a turn ever needs
            duration_s = FULL_WINDOW_S
        if audio.size < SAMPLE_RATE_HZ // 10:
            return Transcript("", duration_s, time.perf_counter() - start, 1.0)
        mel = self._features(audio)[:, :-1]  # the extractor adds one frame past the end, as in faster-whisper
        beam = 1 if partial else self.beam_size
        text, no_speech = self._decode(mel, window_seconds(duration_s), duration_s, beam)
        if not partial and compression_ratio(text) > LOOP_COMPRESSION_RATIO and duration_s + 1.0 < FULL_WINDOW_S:
            log.info("%s: short window looped (%r); decoding again with the 30 s window", self.name, text[:60])
            text, no_speech = self._decode(mel, FULL_WINDOW_S, duration_s, beam)
        return Transcript(text, duration_s, time.perf_counter() - start, no_speech)

    def _decode(self, mel: np.ndarray, window_s: float, duration_s: float, beam: int) -> tuple[str, float]:
        frames = int(window_s * FRAMES_PER_S)
        padded = np.zeros((mel.shape[0], frames), dtype=np.float32)
        padded[:, :min(frames, mel.shape[1])] = mel[:, :frames]
        features = ctranslate2.StorageView.from_array(padded[None])
        # ~3 words/s of speech is ~5 tokens/s; the cap stops a runaway loop from eating the whole budget.
        max_new = min(440 - len(self._prompt), int(16 + 8 * duration_s))
        result = self._model.generate(features, [self._prompt], beam_size=beam, patience=1.0,
                                      max_length=len(self._prompt) + max_new, suppress_blank=True,
                                      suppress_tokens=[-1], return_no_speech_prob=True)[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._tokenizer.eot]
        return drop_repeats(self._tokenizer.decode(tokens).strip()), float(result.no_speech_prob)

    def warmup(self) -> WarmupReport:
        # Real inference on a short chirp: the first call pays for int8 weight packing and buffer allocation.
        t = np.arange(SAMPLE_RATE_HZ * 2, dtype=np.float32) / SAMPLE_RATE_HZ
        chirp = (0.2 * np.sin(2 * np.pi * (200 + 300 * t) * t)).astype(np.float32)
        start = time.perf_counter()
        self.transcribe(chirp)
        warm_s = time.perf_counter() - start
        log.info("%s warm-up: load %.2f s, first inference %.3f s", self.name, self.load_s, warm_s)
        return WarmupReport(self.name, self.load_s, warm_s, f"2 s chirp, beam {self.beam_size}")
