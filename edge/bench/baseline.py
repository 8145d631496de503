"""The naive sequential pipeline LATENCY.md compares against, built from the same engines as the real one.

    fixed 600 ms of silence -> transcribe the whole utterance -> generate the whole reply -> synthesize all of it
    -> play

No speculation, no fragments, no prepared answers, no barge-in. It has the shape of `edge.conversation.Conversation`
(same constructor, `run`, `busy`, `close`, and it reports `TurnMetrics` to its observer), so the bench drives both
through the same RTP transport. The whole reply counts as one fragment: `first_fragment_ns` is when generation
ended and `first_chunk_ns` when the whole synthesis did.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from edge.conversation import PipelineEngines
from edge.events import Observer, TurnMetrics
from edge.fragments import clean_for_speech
from edge.transports.base import Call
from edge.turn import TurnTracker
from engines.audio import resample
from engines.protocols import CancelToken, ChatMessage

if TYPE_CHECKING:
    from edge.config import Config

log = logging.getLogger(__name__)

FIXED_SILENCE_MS = 600
"""The classic endpoint: a turn is over after this much silence, whatever was said."""


class BaselineConversation:
    def __init__(self, call: Call, engines: PipelineEngines, config: "Config", observer: Observer | None = None):
        self.call, self.engines, self.config = call, engines, config
        self.workers = engines.workers
        self.observer: Observer = observer or (lambda event: None)
        self.tracker = TurnTracker(engines.vad.stream(), config.vad, config.endpoint)
        self.turn_index = 0
        self._answering: asyncio.Task | None = None

    @property
    def busy(self) -> bool:
        return self.tracker.in_turn or self._answering is not None

    async def run(self) -> None:
        self.call.output.bind_loop(asyncio.get_running_loop())
        try:
            async for frame in self.call.frames():
                self.on_audio(frame.as_float32(), frame.arrived_ns)
        finally:
            self.close()

    async def wait_idle(self) -> None:
        while self.busy:
            await asyncio.sleep(0.02)

    def close(self) -> None:
        if self._answering is not None:
            self._answering.cancel()

    def on_audio(self, samples, arrived_ns: int) -> None:
        self.tracker.feed(samples, arrived_ns)
        if self._answering is not None:
            self.tracker.reset()  # half-duplex: nothing the user says while we work or speak is heard
            return
        if self.tracker.in_turn and not self.tracker.speaking and self.tracker.silence_ms >= FIXED_SILENCE_MS:
            metrics = TurnMetrics(call_id=self.call.call_id, turn_index=self.turn_index + 1,
                                  speech_end_ns=self.tracker.last_speech_ns, committed_ns=time.monotonic_ns())
            audio = self.tracker.speech_audio
            self.tracker.reset()
            self._answering = asyncio.create_task(self._answer(audio, metrics))
            self._answering.add_done_callback(self._answered)

    def _answered(self, task: asyncio.Task) -> None:
        self._answering = None
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: baseline turn failed", self.call.call_id, exc_info=task.exception())

    async def _answer(self, audio, metrics: TurnMetrics) -> None:
        transcript = await self.workers.transcribe(audio)
        metrics.transcript_ns, metrics.stt_compute_s = time.monotonic_ns(), transcript.compute_s
        metrics.transcript = text = transcript.text.strip()
        if not text or transcript.no_speech_prob > self.config.streaming.no_speech_threshold:
            return
        self.turn_index += 1
        messages = [ChatMessage("system", self.config.assistant.system_prompt), ChatMessage("user", text)]
        pieces = []
        async for piece in self.workers.stream_reply(messages, self.config.assistant.max_new_tokens, CancelToken()):
            if not metrics.first_token_ns:
                metrics.first_token_ns = time.monotonic_ns()
            pieces.append(piece)
        reply = clean_for_speech("".join(pieces))
        metrics.first_fragment_ns = time.monotonic_ns()
        metrics.source = "llm"
        if not reply:
            self.observer(metrics)
            return
        pcm = await self.workers.synthesize_all(reply)
        metrics.first_chunk_ns = time.monotonic_ns()
        output = self.call.output
        pcm = resample(pcm, self.workers.tts.sample_rate_hz, output.sample_rate_hz)
        first = output.push(pcm)
        metrics.first_audio_out_ns = await output.wait_played(first) or 0
        await output.wait_played(first + pcm.size - 1)
        metrics.last_audio_out_ns = output.last_audio_out_ns
        metrics.reply_text = reply
        self.observer(metrics)
