"""Each engine gets one worker thread that owns it; the event loop talks to engines only through here.

One thread per engine makes ownership plain (an engine is never called from two threads at once) and lets the
stages overlap: the LLM generates the second sentence while the TTS speaks the first. Streaming calls hand their
items back to the loop with `call_soon_threadsafe`, so the loop never blocks on a model.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import AsyncIterator, Callable, Iterator, Sequence, TypeVar

import numpy as np

from edge.phrases import PhraseCache
from engines.protocols import (
    CancelToken,
    ChatMessage,
    LanguageModel,
    SpeechToText,
    TextToSpeech,
    Transcript,
)

T = TypeVar("T")
_DONE = object()


class EngineThread:
    """The worker thread(s) that run every call for one engine: one thread, calls in order, unless the engine
    serves several calls at once (`workers`, e.g. Whisper with as many CTranslate2 replicas)."""

    def __init__(self, name: str, workers: int = 1) -> None:
        self.name = name
        self.workers = workers
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"engine-{name}")
        self._busy = 0

    @property
    def busy(self) -> bool:
        """True while a call is queued or running (used to skip optional work such as partial transcripts)."""
        return self._busy > 0

    @property
    def saturated(self) -> bool:
        """True while every worker has a call: a new one would wait."""
        return self._busy >= self.workers

    async def call(self, fn: Callable[..., T], *args, **kwargs) -> T:
        loop = asyncio.get_running_loop()
        self._busy += 1
        try:
            return await loop.run_in_executor(self._pool, lambda: fn(*args, **kwargs))
        finally:
            self._busy -= 1

    def run_blocking(self, fn: Callable[..., T], *args) -> T:
        """Run `fn` on this engine's thread from a non-loop thread (boot, reloads) and wait for it."""
        return self._pool.submit(fn, *args).result()

    async def stream(self, make_iter: Callable[[], Iterator[T]], cancel: CancelToken) -> AsyncIterator[T]:
        """Run a blocking iterator on the thread and yield its items on the loop as they come."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()

        def pump() -> None:
            try:
                for item in make_iter():
                    loop.call_soon_threadsafe(queue.put_nowait, item)
                    if cancel.cancelled:
                        break
                loop.call_soon_threadsafe(queue.put_nowait, _DONE)
            except BaseException as exc:  # handed to the consumer, which re-raises it on the loop
                loop.call_soon_threadsafe(queue.put_nowait, exc)

        self._busy += 1
        future = loop.run_in_executor(self._pool, pump)
        finished = False
        try:
            while True:
                item = await queue.get()
                if item is _DONE:
                    finished = True
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            if not finished:
                # Leaving early (cancelled, or the consumer stopped) must stop the thread's work too.
                cancel.cancel()
            self._busy -= 1
            if not future.done():
                await asyncio.shield(future)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class EngineWorkers:
    """The async face of the STT, LLM and TTS engines, each on its own thread."""

    def __init__(self, stt: SpeechToText, llm: LanguageModel, tts: TextToSpeech) -> None:
        self.stt, self.llm, self.tts = stt, llm, tts
        self.phrases = PhraseCache()
        """Audio of short phrases already said (TTS rate), shared by every call."""
        # Whisper with two replicas: the transcript at the end of a turn never queues behind a partial or behind
        # the STT of a pause the user talked through (each ~100 ms on this box), on the core the LLM leaves idle.
        self.stt_thread = EngineThread("stt", workers=stt.replicas)
        self.llm_thread = EngineThread("llm")
        self.tts_thread = EngineThread("tts")

    async def transcribe(self, audio: np.ndarray, *, partial: bool = False) -> Transcript:
        return await self.stt_thread.call(self.stt.transcribe, audio, partial=partial)

    def stream_reply(self, messages: Sequence[ChatMessage], max_new_tokens: int,
                     cancel: CancelToken) -> AsyncIterator[str]:
        return self.llm_thread.stream(
            lambda: self.llm.stream_reply(messages, max_new_tokens=max_new_tokens, cancel=cancel), cancel)

    def synthesize(self, text: str, cancel: CancelToken) -> AsyncIterator[np.ndarray]:
        return self.tts_thread.stream(lambda: self.tts.synthesize(text, cancel=cancel), cancel)

    async def synthesize_all(self, text: str) -> np.ndarray:
        """The whole fragment's audio at once (answers and fillers prepared at boot)."""
        def run() -> np.ndarray:
            chunks = list(self.tts.synthesize(text))
            return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        return await self.tts_thread.call(run)

    def shutdown(self) -> None:
        for thread in (self.stt_thread, self.llm_thread, self.tts_thread):
            thread.shutdown()
