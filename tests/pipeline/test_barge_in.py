"""Barge-in in the real pipeline (real engines, audio fed at the pace of the clock): the reply stops at once,
the history keeps only what was played, the interrupting words start the next turn, and a backchannel does not
interrupt."""

import asyncio
import time

import pytest

from edge.config import Config
from edge.conversation import Conversation
from edge.events import AgentResponseCorrection, TurnMetrics
from edge.transports.wavfile import FileCall
from tests.pipeline.speech import LONG_QUESTION, spoken, times_asked_whole


async def answer_started(call, conversation, deadline_s: float = 30.0) -> None:
    """Until the reply to the whole of LONG_QUESTION is heard (not a dropped reply to half of it)."""
    deadline = time.monotonic() + deadline_s
    while not times_asked_whole(conversation.history.turns):
        assert time.monotonic() < deadline, "the whole question was never committed"
        await asyncio.sleep(0.01)
    played_before = call.output.samples_played
    while call.output.samples_played <= played_before:
        assert time.monotonic() < deadline, "the assistant never started answering"
        await asyncio.sleep(0.01)


async def converse_with_interjection(runtime, config, interjection, after_reply_starts_s=1.0, tail_s=6.0,
                                    until_replies=0):
    """Ask the long question, speak `interjection` 1 s into the answer, listen `tail_s` more (or until
    `until_replies` replies have been fully played)."""
    call = FileCall(spoken(LONG_QUESTION), output_rate_hz=runtime.engines.workers.tts.sample_rate_hz)
    events = []
    conversation = Conversation(call, runtime.engines, config, observer=events.append)
    task = asyncio.create_task(conversation.run())
    await answer_started(call, conversation)
    await asyncio.sleep(after_reply_starts_s)
    call.speak_now(interjection)
    await asyncio.sleep(interjection.size / 16_000 + tail_s)
    deadline = time.monotonic() + 40
    while sum(isinstance(e, TurnMetrics) for e in events) < until_replies and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    call.hang_up()
    await task
    return call, conversation, events


@pytest.fixture(scope="module")
def runtime(engines):
    from edge.conversation import PipelineEngines
    from edge.daemon import Runtime
    from edge.planner import LlmPlanner
    from edge.workers import EngineWorkers

    config = Config()
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    yield Runtime(PipelineEngines(workers, engines.vad, LlmPlanner(config.assistant)), engines, 0.0)
    workers.shutdown()


def test_interruption_stops_playback_and_history_keeps_what_was_heard(runtime):
    config = Config()
    interjection = spoken("Wait, actually, where is the nearest exit?")
    call, conversation, events = asyncio.run(converse_with_interjection(runtime, config, interjection, tail_s=1.0,
                                                                        until_replies=2))
    cuts = [e for e in events if isinstance(e, AgentResponseCorrection)]
    assert len(cuts) == 1, events
    cut = cuts[0]
    assert call.output.samples_played > 0
    assert len(cut.heard_text) < len(cut.generated_text), cut
    assert cut.heard_text and cut.generated_text.startswith(cut.heard_text.split()[0])
    assistant_turns = [m for m in conversation.history.turns if m.role == "assistant"]
    assert assistant_turns[0].content == cut.heard_text
    # The interrupting speech became the next user turn, nothing of it lost.
    turns = [e for e in events if isinstance(e, TurnMetrics)]
    assert turns[0].interrupted
    # tiny.en hears "...the nearest exit" or "...the nearest target": either shows the interjection was kept.
    assert any(w in t.transcript.lower() for t in turns[1:] for w in ("exit", "nearest")), \
        [t.transcript for t in turns]


def test_stop_latency_is_one_block(runtime):
    """The last audio of the cut reply leaves no later than 100 ms after the interruption is detected."""
    config = Config()
    interjection = spoken("Stop, stop, please stop talking now.")

    async def scenario():
        call = FileCall(spoken(LONG_QUESTION), output_rate_hz=runtime.engines.workers.tts.sample_rate_hz)
        events = []
        # Every pull's time and the played count after it: a later reply's samples have higher indexes.
        pulls: list[tuple[int, int]] = []
        call.output.on_pull = lambda block, now_ns: pulls.append((now_ns, call.output.samples_played))
        conversation = Conversation(call, runtime.engines, config, observer=events.append)
        task = asyncio.create_task(conversation.run())
        await answer_started(call, conversation)
        await asyncio.sleep(1.0)
        call.speak_now(interjection)
        cut, deadline = None, time.monotonic() + 30
        while cut is None:
            assert time.monotonic() < deadline, "the interruption was never noticed"
            cut = next((e for e in events if isinstance(e, AgentResponseCorrection)), None)
            await asyncio.sleep(0.01)
        cut_index = call.output.samples_played  # cleared at the cut: nothing of the old reply plays after this
        await asyncio.sleep(0.3)
        call.hang_up()
        await task
        played_before = [t for (t, played), (_, prev) in zip(pulls[1:], pulls) if prev < played <= cut_index]
        return (max(played_before) - cut.detected_ns) / 1e6

    stop_gap_ms = asyncio.run(scenario())
    assert stop_gap_ms <= 100, stop_gap_ms


def test_backchannel_does_not_interrupt(runtime):
    config = Config()
    call, conversation, events = asyncio.run(converse_with_interjection(runtime, config, spoken("yeah"),
                                                                        tail_s=1.0, until_replies=1))
    assert not [e for e in events if isinstance(e, AgentResponseCorrection)], events
    turns = [e for e in events if isinstance(e, TurnMetrics)]
    assert len(turns) == 1 and not turns[0].interrupted
    assert turns[0].reply_text and turns[0].reply_text == conversation.history.turns[-1].content


def test_without_backchannel_resume_any_speech_interrupts(runtime):
    import dataclasses

    config = Config()
    config = dataclasses.replace(config, interruption=dataclasses.replace(config.interruption,
                                                                          resume_after_backchannel=False))
    call, conversation, events = asyncio.run(converse_with_interjection(runtime, config, spoken("yeah")))
    assert [e for e in events if isinstance(e, AgentResponseCorrection)]


@pytest.mark.parametrize("continue_window_ms", [200, 0])
def test_speech_right_after_the_first_sound_continues_the_turn(runtime, continue_window_ms):
    """The user goes on within moments of the answer's first sound (a pause between two sentences that the reply
    started in): with the window that is one turn, answered whole, and nothing of the dropped reply is kept; with
    the window off (the control) the same timing is a barge-in that splits the question in two."""
    import dataclasses

    config = Config()
    config = dataclasses.replace(config, interruption=dataclasses.replace(config.interruption,
                                                                          continue_window_ms=continue_window_ms))
    rest = spoken("And where is the nearest exit?")
    call, conversation, events = asyncio.run(converse_with_interjection(runtime, config, rest, after_reply_starts_s=0.0,
                                                                        tail_s=1.0, until_replies=1))
    cuts = [e for e in events if isinstance(e, AgentResponseCorrection)]
    turns = [e for e in events if isinstance(e, TurnMetrics)]
    users = [m.content.lower() for m in conversation.history.turns if m.role == "user"]
    if continue_window_ms:
        assert not cuts, cuts
        assert len(users) == 1 and "dragon" in users[0] and any(w in users[0] for w in ("exit", "nearest")), users
        assert turns and not turns[0].interrupted and "dragon" in turns[0].transcript.lower(), turns
    else:
        assert len(cuts) == 1, (cuts, users)


@pytest.mark.parametrize("hold_at_onset, hears_itself", [(True, False), (False, False), (True, True)])
def test_a_reply_started_in_a_pause_is_held_at_the_first_chunk_of_speech(runtime, hold_at_onset, hears_itself):
    """The user goes on just as the reply's first sound leaves: with `hold_at_onset` playback stops at the first
    chunk of their speech, so they hear under 100 ms of it; without (the control) it plays until `min_speech_ms`
    (150 ms) confirms the speech. On a call that hears itself (a sound card) speech begun after the first sound may
    be its echo, so it is not held either. Either way the turn is reopened and answered whole."""
    import dataclasses

    config = Config()
    config = dataclasses.replace(config, interruption=dataclasses.replace(config.interruption,
                                                                          hold_at_onset=hold_at_onset))
    rest = spoken("And where is the nearest exit?")

    async def scenario():
        call = FileCall(spoken(LONG_QUESTION), output_rate_hz=runtime.engines.workers.tts.sample_rate_hz)
        call.hears_itself = hears_itself
        events = []
        conversation = Conversation(call, runtime.engines, config, observer=events.append)
        task = asyncio.create_task(conversation.run())
        await answer_started(call, conversation)
        call.speak_now(rest)
        spoken_at = call.output.samples_played
        # The rest lasts ~2 s, so no reply to the whole question can start in the next second.
        await asyncio.sleep(1.0)
        heard_ms = (call.output.samples_played - spoken_at) * 1000 / call.output.sample_rate_hz
        deadline = time.monotonic() + 40
        while not any(isinstance(e, TurnMetrics) for e in events) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        call.hang_up()
        await task
        return heard_ms, conversation, events

    heard_ms, conversation, events = asyncio.run(scenario())
    users = [m.content.lower() for m in conversation.history.turns if m.role == "user"]
    assert len(users) == 1 and "dragon" in users[0] and any(w in users[0] for w in ("exit", "nearest")), users
    assert not [e for e in events if isinstance(e, AgentResponseCorrection)], events
    turns = [e for e in events if isinstance(e, TurnMetrics)]
    assert turns and turns[0].reply_text, "the answer to the whole question was never played (playback left held?)"
    if hold_at_onset and not hears_itself:
        assert heard_ms <= 100, heard_ms
    else:
        assert heard_ms >= 150, heard_ms


def test_speech_is_the_user_going_on_only_before_they_could_react_or_hear_an_echo():
    """The rule behind the hold, on its own: within the continue window of the first sound on RTP; on a call that
    hears itself only before anything of the turn (a filler too) was audible."""
    from edge.conversation import goes_on_before_reacting

    ms = 1_000_000
    rtp = dict(window_ms=200, hears_itself=False)
    assert goes_on_before_reacting(1000 * ms, None, None, **rtp), "nothing heard yet"
    assert goes_on_before_reacting(1150 * ms, 1000 * ms, 1000 * ms, **rtp), "150 ms after the first sound"
    assert not goes_on_before_reacting(1250 * ms, 1000 * ms, 1000 * ms, **rtp), "past the window: a reaction"
    device = dict(window_ms=200, hears_itself=True)
    assert goes_on_before_reacting(990 * ms, 1000 * ms, 1000 * ms, **device), "before the first sound"
    assert goes_on_before_reacting(990 * ms, None, None, **device), "nothing heard yet"
    assert not goes_on_before_reacting(1010 * ms, 1000 * ms, 1000 * ms, **device), "may be the echo"
    assert not goes_on_before_reacting(1010 * ms, None, 1000 * ms, **device), "may be the filler's echo"


def test_only_backchannel_words_let_the_reply_go_on():
    """The words of a burst of speech over the answer, judged on their own: a backchannel lets the answer go on,
    anything else hands the turn over. "Get it." is how tiny.en once heard a "yeah" over the device's echo."""
    from edge.conversation import BACKCHANNEL_WORDS, is_backchannel

    allowed = set(BACKCHANNEL_WORDS)
    for text in ["Mm-hm.", "Yeah.", "Yeah, I see.", "Okay, got it.", "I get it.", "Get it.", "Mmm", ""]:
        assert is_backchannel(text, allowed), text
    for text in ["Stop.", "Wait.", "No, no.", "Get me a taxi.", "Yeah, but where is it?", "Okay, stop."]:
        assert not is_backchannel(text, allowed), text
    assert not is_backchannel("Yeah.", {"uh", "um", "mm"}), "a question's 'yeah' is the answer to it"
