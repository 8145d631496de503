"""A gated LLM reply is heard: real LLM, real Piper voice, real site gate (the hotel service's LlmPlan).

The gate ends generation as soon as it has what it will say: the reply's one sentence, or the fallback (an
offer, "Are you asking about late check-out?", or "please ask a member of staff") in place of a guarded one.
Ending the LLM's stream early used to cancel the token the TTS shared with it, so the text handed out last was
synthesized into nothing: in the bench's FAQ run (2026-12-05, Intel Xeon) "Can I have a lead check out?" got a
guarded reply whose offer was never heard, and only fallbacks already in the phrase cache were voiced.
"""

from __future__ import annotations

import asyncio
import dataclasses

from edge.fragments import FragmentOptions
from edge.history import ConversationHistory, HistoryOptions
from edge.knowledge.responder import LlmPlan
from edge.planner import ReplyPlan
from edge.reply import ReplyJob, ReplyOptions
from edge.transports.base import OutputQueue
from edge.workers import EngineWorkers


def _voice(engines, plan: ReplyPlan, synthesized: list[str] | None = None) -> tuple[ReplyJob, OutputQueue]:
    """Run one reply as the pipeline does (no phrase cache, so every word not prepared at boot is synthesized now;
    each such text is appended to `synthesized`)."""
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    options = ReplyOptions(64, FragmentOptions(), phrase_cache=False)
    synthesize = workers.synthesize

    def counted(text, cancel):
        if synthesized is not None:
            synthesized.append(text)
        return synthesize(text, cancel)

    workers.synthesize = counted

    async def run() -> tuple[ReplyJob, OutputQueue]:
        output = OutputQueue(engines.tts.sample_rate_hz)
        job = ReplyJob(workers, options, engines.tts.sample_rate_hz, messages=plan.messages, gate=plan.gate,
                       prepared=plan.prepared).start()
        job.release(output)
        await job.wait()
        return job, output

    try:
        return asyncio.run(run())
    finally:
        workers.shutdown()


def _llm_plan(engines, hotel_service) -> ReplyPlan:
    """The hotel site's plan for a misheard question it sends to the LLM, with the gate the pipeline would use."""
    history = ConversationHistory(HistoryOptions(), engines.llm.count_tokens)
    plan = hotel_service.plan("Can I have a lead check out?", history)
    assert isinstance(plan.gate, LlmPlan)
    return plan


def test_the_fallback_that_replaces_a_guarded_reply_is_voiced(engines, hotel_service) -> None:
    plan = _llm_plan(engines, hotel_service)
    # Every sentence the LLM says is judged off the question, whatever its words: the guard always fires here.
    plan.gate = dataclasses.replace(plan.gate, relevance=lambda sentence: 0.0, min_relevance=1.0)
    job, output = _voice(engines, plan)
    assert plan.gate.guarded, plan.gate.outcome
    assert job.spoken_text == plan.gate.fallback_text
    assert output.samples_pushed > 0.8 * engines.tts.sample_rate_hz, "the fallback must be heard, not cut off"


def test_the_fallback_in_place_of_a_guarded_reply_is_the_clip_prepared_at_boot(engines, hotel_service) -> None:
    """The offer or fallback the gate hands out is one of the site's prepared texts: its clip is replayed, not
    synthesized again after the LLM's sentence was judged (90 ms of Piper on the Intel Xeon of stop 40)."""
    plan = _llm_plan(engines, hotel_service)
    plan.gate = dataclasses.replace(plan.gate, relevance=lambda sentence: 0.0, min_relevance=1.0)
    synthesized: list[str] = []
    job, output = _voice(engines, plan, synthesized)
    clip = hotel_service.audio.get(plan.gate.fallback_text)
    assert plan.gate.guarded and clip is not None and job.spoken_text == plan.gate.fallback_text
    assert plan.gate.fallback_text not in synthesized, synthesized
    assert output.samples_pushed > 0.8 * len(clip.pcm) * engines.tts.sample_rate_hz / clip.sample_rate_hz


def test_what_the_gate_lets_through_is_voiced_whole(engines, hotel_service) -> None:
    plan = _llm_plan(engines, hotel_service)
    # Every sentence passes, so the gate stops the LLM after its first one (max_sentences) and that one is said.
    plan.gate = dataclasses.replace(plan.gate, guard=None, relevance=None, wanted_kinds=None, subjects=(),
                                    bound=None, question="")
    job, output = _voice(engines, plan)
    assert plan.gate.stopped and job.spoken_text, plan.gate.outcome  # its sentence, or the fallback if it declined
    words = len(job.spoken_text.split())
    # Piper speaks ~2.5 words a second: a sentence cut by a cancelled token leaves far less audio than its words.
    assert output.samples_pushed > 0.2 * words * engines.tts.sample_rate_hz, job.spoken_text
