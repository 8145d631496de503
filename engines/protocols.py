"""The typed interfaces every engine adapter implements.

`edge/` knows engines only through these Protocols, so a GPU LLM or another voice can be swapped in without
touching the pipeline. Every method here is blocking: the caller (edge/) runs it on the engine's own worker
thread. Audio crosses these interfaces as numpy arrays; the dtype and rate are part of each contract.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Iterator, Literal, Protocol, Sequence, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class ChatMessage:
    """One turn of a conversation, as the LLM sees it."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Transcript:
    """What the speech-to-text engine heard."""

    text: str
    """The words, stripped; empty when nothing was recognised."""
    audio_s: float
    """Seconds of audio that were transcribed."""
    compute_s: float
    """Wall-clock seconds the engine spent."""
    no_speech_prob: float = 0.0
    """The model's own belief that the audio held no speech (0..1)."""


@dataclass(frozen=True)
class WarmupReport:
    """What an engine's warm-up did: it runs real inference once so the first user never pays for it."""

    engine: str
    load_s: float
    """Seconds spent loading the model files."""
    warmup_s: float
    """Seconds of the first real inference."""
    detail: str = ""


@dataclass
class CancelToken:
    """Cooperative cancellation (and pausing) shared between the event loop and an engine thread.

    The engine checks `cancelled` between units of work (a token, a sentence): cancelling costs at most one unit.
    An engine that generates step by step calls `checkpoint()` instead, which also waits while the owner has
    paused the work: on 2 cores the owner pauses the LLM while the TTS voices the first words, so they get both.
    """

    _event: threading.Event = field(default_factory=threading.Event)
    _running: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        self._event.set()
        self._running.set()  # a paused engine wakes up to see it

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def checkpoint(self, max_wait_s: float = 1.0) -> bool:
        """Wait while paused (at most `max_wait_s`, so a forgotten pause never hangs an engine); True to stop."""
        self._running.wait(max_wait_s)
        return self.cancelled


class VadStream(Protocol):
    """Per-conversation VAD state (the model's recurrent state and context samples)."""

    def probability(self, frame: np.ndarray) -> float:
        """Speech probability (0..1) of one frame: float32 in [-1, 1], exactly `frame_samples` long."""
        ...

    def reset(self) -> None:
        """Forget all state, as at the start of a new conversation."""
        ...


@runtime_checkable
class VoiceActivityDetector(Protocol):
    """A voice activity model; one instance is shared, each conversation gets its own `stream()`."""

    sample_rate_hz: int
    frame_samples: int

    def stream(self) -> VadStream: ...

    def warmup(self) -> WarmupReport: ...


@runtime_checkable
class SpeechToText(Protocol):
    """Turns 16 kHz mono float32 audio into text."""

    sample_rate_hz: int
    replicas: int
    """How many `transcribe` calls it runs at once (from as many threads); 1 for an engine that is not
    thread-safe."""

    def transcribe(self, audio: np.ndarray, *, partial: bool = False) -> Transcript:
        """Transcribe one utterance.

        `partial=True` is for audio that is still growing (the user is speaking): the engine may trade a little
        accuracy for speed (greedy search, no temperature fallback).
        """
        ...

    def warmup(self) -> WarmupReport: ...


@runtime_checkable
class LanguageModel(Protocol):
    """A chat model that streams text pieces and can be cancelled between tokens."""

    def stream_reply(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_new_tokens: int,
        cancel: CancelToken,
    ) -> Iterator[str]:
        """Yield the reply as it is generated, one decoded text piece per token (pieces may be "").

        Stops on the model's end of turn, after `max_new_tokens`, or within one token of `cancel.cancel()`.
        The first message may be the system prompt; adapters cache its encoding between calls.
        """
        ...

    def count_tokens(self, text: str) -> int:
        """How many tokens `text` costs in this model's vocabulary (used to trim the history)."""
        ...

    def warmup(self) -> WarmupReport: ...


@runtime_checkable
class TextToSpeech(Protocol):
    """Speaks one fragment (a clause or a sentence) at a time."""

    sample_rate_hz: int

    def synthesize(self, text: str, *, cancel: CancelToken | None = None) -> Iterator[np.ndarray]:
        """Yield int16 mono chunks at `sample_rate_hz`, the first as early as the engine can."""
        ...

    def warmup(self) -> WarmupReport: ...


@runtime_checkable
class TextEmbedder(Protocol):
    """Maps sentences to unit-length vectors, so a dot product is the cosine similarity."""

    dimensions: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dimensions), each row L2-normalised."""
        ...

    def warmup(self) -> WarmupReport: ...


@runtime_checkable
class EchoCanceller(Protocol):
    """Removes the assistant's own voice from the mic, using what the speaker played as the reference.

    One instance per sound card (it learns that room's echo path). Fed in the order the card runs: each call pairs
    the mic block captured at one moment with the speaker block handed out at that same moment; the echo of that
    speaker block arrives in later mic blocks, and the canceller finds that delay itself.
    """

    sample_rate_hz: int
    frame_samples: int
    """The canceller's own unit of work (10 ms): block lengths must be a whole multiple of it."""

    def process(self, capture: np.ndarray, reference: np.ndarray) -> np.ndarray:
        """The mic block with the echo removed: int16 mono, the same length as `capture` and `reference`."""
        ...

    def warmup(self) -> WarmupReport: ...
