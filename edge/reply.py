"""One assistant reply: LLM tokens -> fragments -> TTS audio -> the call's output queue, all streaming.

A reply can start speculatively (the user may still go on talking): its audio is then held back until the turn
is committed, and thrown away if it is not. Every fragment remembers which output samples carry it, so after a
barge-in `heard_text()` says exactly what reached the user.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

import numpy as np

from edge.fragments import FragmentOptions, FragmentSplitter, clean_for_speech
from edge.transports.base import OutputQueue
from edge.workers import EngineWorkers
from engines.audio import leading_silence, resample
from engines.protocols import CancelToken, ChatMessage

log = logging.getLogger(__name__)

_PAUSING_PUNCTUATION = tuple(".!?,;:")
"""A fragment ending in one of these ends where a speaker pauses; any other was cut mid-clause for speed."""
JOIN_KEEP_MS = 20.0
"""Silence kept at each side of a mid-clause cut: Piper ends every fragment with ~150 ms of silence and starts
the next with ~40 ms, which would put a 190 ms pause inside "I'm sorry | for your loss."."""


def _join_cut(pcm: np.ndarray, rate_hz: int, *, lead: bool, tail: bool) -> np.ndarray:
    """`pcm` without its leading (`lead`) and trailing (`tail`) silence beyond JOIN_KEEP_MS, where a fragment
    meets a mid-clause cut."""
    start = leading_silence(pcm, rate_hz, keep_ms=JOIN_KEEP_MS) if lead else 0
    end = pcm.size - (leading_silence(pcm[::-1], rate_hz, keep_ms=JOIN_KEEP_MS) if tail else 0)
    return pcm[start:max(start, end)]


class FragmentGate(Protocol):
    """Decides, fragment by fragment, what of the LLM's reply may be spoken (the grounding guard)."""

    def accept(self, fragment: str) -> str | None:
        """The text to speak for this fragment, or None to skip it."""
        ...

    def finish(self) -> str | None:
        """Called once the LLM stream has ended: text still to be spoken (a held sentence, or the fallback)."""
        ...

    @property
    def stopped(self) -> bool:
        """True once the gate wants generation to end (the reply is complete, or the fallback was given)."""
        ...

    @property
    def guarded(self) -> bool:
        """True when the fallback was spoken instead of (part of) the LLM's reply."""
        ...


@dataclass
class FragmentAudio:
    """Where one spoken fragment sits in the call's output stream."""

    text: str
    start_sample: int = -1
    """Output-queue index of its first sample (-1 until pushed)."""
    end_sample: int = -1
    """Index just past its last sample (-1 until fully pushed)."""

    def heard_part(self, samples_played: int) -> str:
        if self.start_sample < 0 or samples_played <= self.start_sample:
            return ""
        if self.end_sample >= 0 and samples_played >= self.end_sample:
            return self.text
        end = self.end_sample if self.end_sample > self.start_sample else samples_played + 1
        share = (samples_played - self.start_sample) / max(1, end - self.start_sample)
        words = self.text.split()
        return " ".join(words[: int(len(words) * share)])


@dataclass
class ReplyTimings:
    """Monotonic ns stamps of one reply's stages (0 = did not happen)."""

    started_ns: int = 0
    first_token_ns: int = 0
    first_fragment_ns: int = 0
    first_fragment_tts_start_ns: int = 0
    first_chunk_ns: int = 0
    done_ns: int = 0


PreparedAudio = Callable[[str], "tuple[np.ndarray, int] | None"]
"""Exact text -> (int16 audio, its sample rate) prepared at boot, or None (knowledge.service.SiteService)."""


@dataclass
class ReplyOptions:
    max_new_tokens: int
    fragments: FragmentOptions
    hold_llm_for_first_audio: bool = True
    """Pause the LLM while the first fragment is synthesized (StreamingOptions)."""
    phrase_cache: bool = True
    """Replay short phrases said before instead of synthesizing them (StreamingOptions)."""


class ReplyJob:
    """Generates and voices one reply; `release()` lets its audio out, `cancel()` stops everything."""

    def __init__(
        self,
        workers: EngineWorkers,
        options: ReplyOptions,
        output_rate_hz: int,
        *,
        messages: Sequence[ChatMessage] | None = None,
        canned: tuple[str, np.ndarray, int] | None = None,
        gate: FragmentGate | None = None,
        prepared: PreparedAudio | None = None,
    ) -> None:
        """Give `messages` (ask the LLM) or `canned` = (text, int16 audio, its rate) for a prepared answer."""
        if (messages is None) == (canned is None):
            raise ValueError("a reply needs exactly one of messages or canned")
        self.workers, self.options, self.output_rate_hz = workers, options, output_rate_hz
        self.messages, self.canned, self.gate = messages, canned, gate
        self.prepared = prepared
        """Audio prepared at boot for a fragment's exact text (the gate's offer or fallback), replayed as is."""
        self.cancel_token = CancelToken()
        """Stops (and pauses) the LLM: cancelled with the reply, and also when the gate ends generation early."""
        self._tts_cancel = CancelToken()
        """Stops the TTS, only with the reply itself (a barge-in). Not shared with the LLM: leaving its stream early
        cancels its token, and the text the gate handed out last (its one sentence, or the fallback in place of a
        guarded one) must still be voiced."""
        self.fragments: list[FragmentAudio] = []
        self.timings = ReplyTimings(started_ns=time.monotonic_ns())
        self.llm_text = ""
        """Everything the LLM generated (spoken or not), for logs."""
        self._held: list[tuple[FragmentAudio, np.ndarray, bool]] = []
        self._output: OutputQueue | None = None
        self._first_chunk = asyncio.Event()
        self._task: asyncio.Task | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> "ReplyJob":
        self._task = asyncio.create_task(self._run(), name="reply")
        return self

    @property
    def done(self) -> bool:
        return self._task is not None and self._task.done()

    async def wait(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def wait_first_chunk(self) -> None:
        await self._first_chunk.wait()

    def release(self, output: OutputQueue) -> None:
        """Start playing: push what is held, and everything produced from now on straight to `output`."""
        self._output = output
        if not self._tts_cancel.cancelled:
            for fragment, audio, last in self._held:
                self._push(fragment, audio, last)
        self._held.clear()

    def cancel(self) -> None:
        self._stop_engines()
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def _stop_engines(self) -> None:
        """The reply is over: stop both the LLM and the TTS at their next unit of work."""
        self.cancel_token.cancel()
        self._tts_cancel.cancel()

    def heard_text(self, samples_played: int) -> str:
        """The words of this reply that reached the user, given the output queue's played count."""
        parts = [f.heard_part(samples_played) for f in self.fragments]
        return " ".join(p for p in parts if p)

    @property
    def spoken_text(self) -> str:
        """All fragments that were voiced (whether or not played yet)."""
        return " ".join(f.text for f in self.fragments)

    # -- the work --------------------------------------------------------------------------------------------

    async def _run(self) -> None:
        try:
            if self.canned is not None:
                text, audio, rate = self.canned
                self._mark_first_fragment()
                self._emit(FragmentAudio(clean_for_speech(text)), self._to_output_rate(audio, rate), last=True)
                return
            fragments: asyncio.Queue[str | None] = asyncio.Queue()
            speaker = asyncio.create_task(self._speak(fragments))
            try:
                await self._generate(fragments)
            finally:
                fragments.put_nowait(None)
                await speaker
        except asyncio.CancelledError:
            self._stop_engines()
            raise
        except Exception:
            log.exception("reply failed; the turn ends without an answer")
        finally:
            self.timings.done_ns = time.monotonic_ns()
            self._first_chunk.set()

    async def _generate(self, fragments: "asyncio.Queue[str | None]") -> None:
        splitter = FragmentSplitter(self.options.fragments)
        assert self.messages is not None
        async for piece in self.workers.stream_reply(self.messages, self.options.max_new_tokens, self.cancel_token):
            if not self.timings.first_token_ns:
                self.timings.first_token_ns = time.monotonic_ns()
            self.llm_text += piece
            for fragment in splitter.feed(piece):
                if not await self._offer(fragment, fragments):
                    return
        for fragment in splitter.flush():
            if not await self._offer(fragment, fragments):
                return
        if self.gate is not None:
            self._speak_text(await asyncio.to_thread(self.gate.finish), fragments)

    async def _offer(self, fragment: str, fragments: "asyncio.Queue[str | None]") -> bool:
        """Pass a fragment through the gate to the speaker; False when generation should stop."""
        if self.gate is None:
            self._speak_text(fragment, fragments)
            return True
        # The gate may embed the sentence to check it (a few ms): off the event loop.
        self._speak_text(await asyncio.to_thread(self.gate.accept, fragment), fragments)
        return not self.gate.stopped

    def _speak_text(self, text: str | None, fragments: "asyncio.Queue[str | None]") -> None:
        if text:
            self._mark_first_fragment()
            fragments.put_nowait(text)

    async def _speak(self, fragments: "asyncio.Queue[str | None]") -> None:
        continues = False  # the previous fragment was cut mid-clause: this one carries on without a pause
        while (text := await fragments.get()) is not None:
            fragment = FragmentAudio(text)
            first = not self.timings.first_fragment_tts_start_ns
            if first:
                self.timings.first_fragment_tts_start_ns = time.monotonic_ns()
            joins_next = not text.endswith(_PAUSING_PUNCTUATION)
            tts_rate = self.workers.tts.sample_rate_hz
            ready = self.prepared(text) if self.prepared is not None else None
            if ready is None and self.options.phrase_cache and (said := self.workers.phrases.get(text)) is not None:
                ready = (said, tts_rate)
            if ready is not None:
                pcm, rate = ready
                audio = _join_cut(pcm, rate, lead=continues, tail=joins_next)
                self._emit(fragment, self._to_output_rate(audio, rate), last=True)
                continues = joins_next
                continue
            if first and self.options.hold_llm_for_first_audio:
                # The first words are what the user waits for: the LLM holds its core until they are voiced.
                self.cancel_token.pause()
            previous: np.ndarray | None = None
            native: list[np.ndarray] = []
            try:
                async for chunk in self.workers.synthesize(text, self._tts_cancel):
                    if previous is not None:
                        self._emit(fragment, self._to_output_rate(previous, tts_rate), last=False)
                    previous = _join_cut(chunk, tts_rate, lead=continues and not native, tail=False)
                    native.append(chunk)
            finally:
                self.cancel_token.resume()
            last = _join_cut(previous, tts_rate, lead=False, tail=joins_next) if previous is not None else None
            self._emit(fragment, self._to_output_rate(last, tts_rate) if last is not None else np.zeros(0, np.int16),
                       last=True)
            continues = joins_next
            if self.options.phrase_cache and native and not self._tts_cancel.cancelled:
                self.workers.phrases.put(text, np.concatenate(native))

    def _mark_first_fragment(self) -> None:
        if not self.timings.first_fragment_ns:
            self.timings.first_fragment_ns = time.monotonic_ns()

    def _to_output_rate(self, audio: np.ndarray, rate_hz: int) -> np.ndarray:
        return resample(audio, rate_hz, self.output_rate_hz) if rate_hz != self.output_rate_hz else audio

    def _emit(self, fragment: FragmentAudio, audio: np.ndarray, last: bool) -> None:
        if self._tts_cancel.cancelled:
            # Cancelled (a barge-in, or the turn reopened): the speaker task still finishes the synthesis under way
            # and drains the fragments queued before the cancel, and a phrase said before needs no synthesis at
            # all. None of it may reach the output the caller just had cleared.
            return
        if not any(f is fragment for f in self.fragments):
            self.fragments.append(fragment)
        if audio.size and not self.timings.first_chunk_ns:
            # The TTS's lead-in silence only delays the answer: the reply starts at its first sound.
            audio = audio[leading_silence(audio, self.output_rate_hz):]
            self.timings.first_chunk_ns = time.monotonic_ns()
            self._first_chunk.set()
        if self._output is None:
            self._held.append((fragment, audio, last))
        else:
            self._push(fragment, audio, last)

    def _push(self, fragment: FragmentAudio, audio: np.ndarray, last: bool) -> None:
        assert self._output is not None
        index = self._output.push(audio)
        if fragment.start_sample < 0:
            fragment.start_sample = index
        if last:
            fragment.end_sample = index + audio.size

    @property
    def end_sample(self) -> int:
        """Index just past the reply's audio so far (-1 before any was pushed)."""
        ends = [f.end_sample for f in self.fragments if f.end_sample >= 0]
        return max(ends) if ends else -1
