"""Barge-in over RTP, through the real pipeline: a caller talks over the answer and the answer stops at once; the
history keeps only what went out on the line; a backchannel ("yeah") does not stop it.

The caller runs on its own threads and stamps every reply packet as it arrives, with the monotonic clock the
pipeline stamps `AgentResponseCorrection.detected_ns` with, so "the last audio left no more than 100 ms after the
interruption was detected" is measured on the wire, where the caller hears it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import numpy as np
import pytest

from edge.transports.rtp import RtpOptions
from tests.pipeline.speech import LONG_QUESTION, spoken, times_asked_whole
from tests.rtp_e2e.caller import RtpCaller, silence_s
from tests.rtp_e2e.switchboard import Switchboard, until

pytestmark = pytest.mark.rtp_peer

INTERJECTION = "Wait, actually, where is the nearest exit?"
SHORT_QUESTION = "What is the capital of Japan?"
"""Heard right through G.711 at every rate tried; answered "The capital of Japan is Tokyo." (about 2 s)."""
STOP_BOUND_MS = 100.0
"""Issue 6: the assistant's last audio leaves no more than 100 ms after the interruption is detected."""


def options() -> RtpOptions:
    return RtpOptions(enabled=True, port=0, payload="pcmu", idle_timeout_s=1.0)


async def sleep_until_ns(t_ns: int) -> None:
    await asyncio.sleep(max(0.0, (t_ns - time.monotonic_ns()) / 1e9))


def next_user_turn(served):
    """The user turn after the cut reply, once it holds the interruption's first words (tiny.en hears "Wait,
    actually" right through G.711; the rest of the sentence less reliably)."""
    turns = served.conversation.history.turns
    return turns[2] if len(turns) >= 3 and turns[2].role == "user" and "actually" in turns[2].content.lower() \
        else None


async def answer_to_whole_question(caller, served):
    """The first voiced packet of the answer to all of LONG_QUESTION (not a dropped reply to half of it)."""
    await until(lambda: times_asked_whole(served.conversation.history.turns), 40,
                "the whole question was never committed")
    committed_ns = time.monotonic_ns()
    return (await until(lambda: caller.voiced(after_ns=committed_ns), 40, "the answer never started"))[0]


def test_caller_interrupts_the_answer_and_it_stops_within_100_ms(pipeline_engines) -> None:
    async def scenario():
        async with Switchboard(pipeline_engines, options()) as board:
            caller = RtpCaller(board.target, "pcmu").start()
            try:
                caller.say(np.concatenate([silence_s(1.0), spoken(LONG_QUESTION)]))
                served = await board.call_from(caller.port)
                first = await answer_to_whole_question(caller, served)
                await sleep_until_ns(first.arrived_ns + 1_000_000_000)
                interjection = caller.say(spoken(INTERJECTION))
                cut = (await until(lambda: served.corrections, 15, "no interruption was detected"))[0]
                await until(interjection.done.is_set, 15, "the interjection was not sent")
                # the interrupting words start the next user turn (once the caller falls silent; a turn committed
                # at a pause inside the interjection is reopened when the caller goes on)
                # (checked last, after the stop itself, so a failure names the first thing that went wrong)
                with contextlib.suppress(AssertionError):
                    await until(lambda: next_user_turn(served), 30, "the interruption never became the next turn")
            finally:
                caller.stop()
            return caller, interjection, cut, served

    caller, interjection, cut, served = asyncio.run(scenario())
    onset_ns, spoken_until_ns = interjection.onset_sent_ns, interjection.sent_ns[-1]
    assert onset_ns <= cut.detected_ns < spoken_until_ns, "the interruption was not detected from our speech"
    # The stretch of reply that was playing when the interruption was detected, up to where it went quiet.
    playing = caller.talk_spurt_at(cut.detected_ns)
    assert playing, "the reply was not playing when the caller interrupted, so stopping it proves nothing"
    last_ns = playing[-1].arrived_ns
    stop_ms = (last_ns - cut.detected_ns) / 1e6
    print(f"stop after detection {stop_ms:.1f} ms, after the caller's speech start "
          f"{(last_ns - onset_ns) / 1e6:.1f} ms (detection took {(cut.detected_ns - onset_ns) / 1e6:.1f} ms)")
    assert stop_ms <= STOP_BOUND_MS, (stop_ms, cut)
    # The history holds what went out on the line, not what was generated.
    assert cut.heard_text and len(cut.heard_text) < len(cut.generated_text), cut
    assert cut.generated_text.startswith(cut.heard_text.split()[0]), cut
    history = served.conversation.history.turns
    assert [m.role for m in history[:3]] == ["user", "assistant", "user"], history
    assert history[1].content == cut.heard_text
    # Nothing of the interruption was lost: its first words open the next turn.
    assert next_user_turn(served) is not None and next_user_turn(served) is history[2], history


def test_backchannel_does_not_interrupt_over_rtp(pipeline_engines, caplog) -> None:
    caplog.set_level(logging.INFO, logger="edge.conversation")

    async def scenario():
        async with Switchboard(pipeline_engines, options()) as board:
            caller = RtpCaller(board.target, "pcmu").start()
            try:
                caller.say(np.concatenate([silence_s(1.0), spoken(SHORT_QUESTION)]))
                served = await board.call_from(caller.port)
                first = (await until(caller.voiced, 40, "the answer never started"))[0]
                await sleep_until_ns(first.arrived_ns + 500_000_000)
                yeah = caller.say(spoken("yeah"))
                await until(lambda: served.turns, 30, "the answer never finished")
            finally:
                caller.stop()
            return caller, yeah, served

    caller, yeah, served = asyncio.run(scenario())
    judged = [r.getMessage() for r in caplog.records if "backchannel" in r.getMessage()]
    assert judged, "the pipeline never heard the 'yeah' as speech over the reply, so nothing was tested"
    assert not served.corrections, served.corrections
    turn = served.turns[0]
    assert not turn.interrupted and "tokyo" in turn.reply_text.lower(), turn
    assert served.assistant_said() == [turn.reply_text]
    # the reply went on after the backchannel: voiced packets well after the "yeah" was over
    assert caller.voiced(after_ns=yeah.sent_ns[-1] + 200_000_000), "the reply did not resume"
