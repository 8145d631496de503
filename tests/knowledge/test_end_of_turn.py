"""A question the site answers ends the turn as soon as a question with a question mark would, in the real pipeline
(espeak speech, Whisper, the VAD, the hotel site's matcher and prepared audio; audio at the pace of the clock)."""

from __future__ import annotations

import asyncio

import numpy as np

from edge.config import Config
from edge.conversation import PipelineEngines
from edge.events import TurnMetrics
from edge.knowledge.service import SiteService
from edge.transports.wavfile import FileCall
from edge.workers import EngineWorkers
from tests.pipeline.first_turn import until_first_turn
from tests.pipeline.speech import spoken


async def one_turn(engines, service: SiteService, text: str) -> TurnMetrics:
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    audio = np.concatenate([np.zeros(8_000, np.int16), spoken(text), np.zeros(32_000, np.int16)])
    call = FileCall(audio, output_rate_hz=engines.tts.sample_rate_hz)
    events = await until_first_turn(call, PipelineEngines(workers, engines.vad, service), Config(), timeout_s=10)
    workers.shutdown()
    turns = [e for e in events if isinstance(e, TurnMetrics)]
    assert len(turns) == 1, [t.transcript for t in turns]
    return turns[0]


def test_words_the_site_answers_end_the_turn_without_a_question_mark(engines, hotel_service) -> None:
    """Whisper writes "I want to store my luggage" with no full stop, which alone waits `unpunctuated_silence_ms`
    (450 ms) of silence; the site's luggage entry answers it, so it commits after `complete_silence_ms` (160 ms)."""
    endpoint = Config().endpoint
    turn = asyncio.run(one_turn(engines, hotel_service, "I want to store my luggage"))
    assert turn.transcript and turn.transcript[-1] not in ".?!", turn.transcript  # what makes this test mean it
    assert turn.source == "answer", turn.source
    waited_ms = (turn.committed_ns - turn.speech_end_ns) / 1e6
    assert waited_ms < endpoint.unpunctuated_silence_ms - 100, waited_ms
