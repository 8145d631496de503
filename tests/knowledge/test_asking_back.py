"""Asking back in the real pipeline (espeak speech, the VAD, Whisper, the hotel site's matcher and prepared audio;
audio at the pace of the clock): the kiosk asks "Are you asking about the pool?", and the visitor's yes gets the
answer, whether it comes after the question or over its last words."""

from __future__ import annotations

import asyncio
import time


from edge.config import Config
from edge.conversation import Conversation, PipelineEngines
from edge.events import AgentResponseCorrection, TurnMetrics
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.service import SiteService
from edge.transports.wavfile import FileCall
from edge.workers import EngineWorkers
from tests.pipeline.speech import spoken

QUESTION = "Is there a sauna next to the pool?"
"""The site never mentions a sauna, and its pool ranks first: the kiosk asks back about the pool."""
OFFER = "Are you asking about the pool?"


async def until(condition, what: str, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.01)


async def ask_then_answer(engines, service: SiteService, answer: str, *, before_offer_ends_s: float | None):
    """Ask QUESTION; say `answer` once the offer has played (None) or this long before its end."""
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    call = FileCall(spoken(QUESTION), output_rate_hz=engines.tts.sample_rate_hz)
    events: list = []
    conversation = Conversation(call, PipelineEngines(workers, engines.vad, service), Config(),
                                observer=events.append)
    task = asyncio.create_task(conversation.run())
    try:
        offer_clip = service.audio.get(OFFER)
        assert offer_clip is not None
        played_before = call.output.samples_played
        await until(lambda: call.output.samples_played > played_before, "the kiosk never replied")
        started = call.output.samples_played
        if before_offer_ends_s is None:
            await until(lambda: any(isinstance(e, TurnMetrics) for e in events), "the offer never finished")
            await asyncio.sleep(0.3)
        else:
            await asyncio.sleep(offer_clip.duration_s - before_offer_ends_s)
            assert call.output.samples_played > started  # still playing the offer
        call.speak_now(spoken(answer))
        await until(lambda: sum(isinstance(e, TurnMetrics) for e in events) >= 2, "the answer was never taken")
    finally:
        call.hang_up()
        await task
        workers.shutdown()
    return [e for e in events if isinstance(e, TurnMetrics)], events


def test_a_yes_after_the_offer_gets_the_answer(engines, hotel_service) -> None:
    turns, _ = asyncio.run(ask_then_answer(engines, hotel_service, "Yes.", before_offer_ends_s=None))
    asked, answered = turns[0], turns[1]
    assert asked.source == "offer" and asked.reply_text == OFFER, (asked.transcript, asked.reply_text)
    assert answered.source == "answer" and "4th floor" in answered.reply_text, (answered.transcript,
                                                                                 answered.reply_text)


def test_a_no_gets_the_fallback(engines, hotel_service) -> None:
    turns, _ = asyncio.run(ask_then_answer(engines, hotel_service, "No.", before_offer_ends_s=None))
    assert turns[0].source == "offer"
    assert turns[1].source == "fallback" and turns[1].reply_text == KnowledgeOptions().fallback_text, turns[1]


def test_a_yes_over_the_end_of_the_offer_is_an_answer_not_a_backchannel(engines, hotel_service) -> None:
    """A lone "yeah" over an answer lets it go on (a backchannel); over a question it is the reply to it. The
    offer is cut where the yes was heard, and the history keeps only the words played; the yes still gets the
    pool's answer."""
    turns, events = asyncio.run(ask_then_answer(engines, hotel_service, "Yeah.", before_offer_ends_s=0.5))
    assert turns[0].source == "offer" and turns[0].interrupted, turns[0]
    cut = next(e for e in events if isinstance(e, AgentResponseCorrection))
    assert cut.heard_text != OFFER and OFFER.startswith(cut.heard_text), cut
    assert turns[1].source == "answer" and "4th floor" in turns[1].reply_text, (turns[1].transcript,
                                                                               turns[1].reply_text)
