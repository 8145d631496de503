"""Turn tracking with the real Silero VAD on real recorded speech (Asterisk prompts)."""

import numpy as np
import pytest

from edge.turn import EndpointOptions, TurnEvent, TurnTracker, VadOptions, required_silence_ms
from tests.speech_corpus import RATE_HZ, load_prompts

FRAME = 320  # 20 ms, as the transports deliver it


def run(tracker: TurnTracker, audio: np.ndarray) -> list[tuple[TurnEvent, float]]:
    """Feed `audio` in 20 ms frames; returns (event, seconds into the audio when it fired)."""
    events = []
    for start in range(0, audio.size, FRAME):
        t_ns = int((start + FRAME) / RATE_HZ * 1e9)
        for event in tracker.feed(audio[start:start + FRAME], t_ns):
            events.append((event, (start + FRAME) / RATE_HZ))
    return events


@pytest.fixture
def tracker(engines):
    return TurnTracker(engines.vad.stream(), VadOptions(), EndpointOptions())


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE_HZ), dtype=np.float32)


def test_one_utterance_starts_once_and_pauses_after_it_ends(tracker):
    prompt = load_prompts(count=1, min_s=1.5, max_s=3.0)[0]
    audio = np.concatenate([silence(0.5), prompt.audio, silence(1.0)])
    events = run(tracker, audio)
    kinds = [e for e, _ in events]
    assert kinds.count(TurnEvent.SPEECH_STARTED) == 1
    started_at = next(t for e, t in events if e is TurnEvent.SPEECH_STARTED)
    assert 0.5 <= started_at <= 0.5 + 0.4, "speech start is found within the first syllables"
    last_pause = max(t for e, t in events if e is TurnEvent.PAUSED)
    speech_end_s = 0.5 + prompt.duration_s
    # The prompt's recording may end with a little silence of its own, so the pause can come slightly early.
    assert speech_end_s - 0.6 <= last_pause <= speech_end_s + 0.25
    assert tracker.silence_ms >= 700
    # The VAD's estimate of the end of speech is within a few chunks of the real end.
    assert abs(tracker.last_speech_ns / 1e9 - speech_end_s) <= 0.6
    kept = tracker.speech_audio
    assert kept.size >= prompt.audio.size * 0.8


def test_silence_and_noise_start_no_turn(tracker):
    rng = np.random.default_rng(0)
    noise = (rng.standard_normal(RATE_HZ * 2) * 0.003).astype(np.float32)
    assert run(tracker, np.concatenate([silence(1.0), noise])) == []
    assert not tracker.in_turn


def test_speech_after_a_pause_resumes_the_same_turn(tracker):
    a, b = load_prompts(count=2, min_s=1.5, max_s=3.0)
    audio = np.concatenate([silence(0.3), a.audio, silence(0.4), b.audio, silence(0.3)])
    kinds = [e for e, _ in run(tracker, audio)]
    assert kinds.count(TurnEvent.SPEECH_STARTED) == 1
    assert TurnEvent.RESUMED in kinds
    assert kinds.index(TurnEvent.PAUSED) < kinds.index(TurnEvent.RESUMED)


def test_min_speech_can_be_raised_for_barge_in(tracker):
    tracker.min_speech_ms = 10_000
    prompt = load_prompts(count=1, min_s=1.5, max_s=3.0)[0]
    assert run(tracker, np.concatenate([silence(0.3), prompt.audio])) == []


def test_the_pause_can_be_raised_for_barge_in(engines):
    """Speech over the answer ends on a longer pause than speculation starts on (the conversation raises
    `pause_ms` while it talks), so a 'yeah' is not cut in two: same audio, the pause comes one VAD chunk later and
    the short gaps inside the speech make no more pauses than before."""
    prompt = load_prompts(count=1, min_s=1.5, max_s=3.0)[0]
    audio = np.concatenate([silence(0.3), prompt.audio, silence(0.5)])
    runs = {}
    for pause_ms in (32, 64):
        tracker = TurnTracker(engines.vad.stream(), VadOptions(), EndpointOptions(speculate_after_ms=32))
        tracker.pause_ms = pause_ms
        runs[pause_ms] = [(e, t) for e, t in run(tracker, audio) if e is TurnEvent.PAUSED]
    assert runs[32] and runs[64]
    assert len(runs[64]) <= len(runs[32])
    last_32, last_64 = runs[32][-1][1], runs[64][-1][1]
    assert 0.012 <= last_64 - last_32 <= 0.052, (last_32, last_64)


def test_onset_is_when_speech_began_not_when_it_was_confirmed(tracker):
    """With 200 ms needed to confirm speech (barge-in), the onset still dates the first speech chunk: the
    conversation compares it with when the reply was first heard."""
    tracker.min_speech_ms = 200
    prompt = load_prompts(count=1, min_s=1.5, max_s=3.0)[0]
    events = run(tracker, np.concatenate([silence(0.5), prompt.audio]))
    started_at = next(t for e, t in events if e is TurnEvent.SPEECH_STARTED)
    onset_s = tracker.onset_ns / 1e9
    assert 0.45 <= onset_s <= 0.5 + 0.25, onset_s
    assert started_at - onset_s >= 0.2 - 0.001, (started_at, onset_s)


@pytest.mark.parametrize("text, expected", [
    ("What time do you open?", "complete"),
    ("Where is the exit.", "complete"),
    ("I want to ask about, um", "incomplete"),
    ("I'd like to know the price and...", "incomplete"),
    ("Can you tell me about the", "incomplete"),
    ("Tell me the opening hours", "unpunctuated"),
    ("Wait, actually.", "incomplete"),
    ("Okay, so.", "incomplete"),
    ("Sorry?", "complete"),
    ("Okay, where is the exit?", "complete"),
    ("", "incomplete"),
])
def test_lexical_end_of_turn_cue(text, expected):
    opts = EndpointOptions()
    wanted = {"complete": opts.complete_silence_ms, "incomplete": opts.incomplete_silence_ms,
              "unpunctuated": opts.unpunctuated_silence_ms}[expected]
    assert required_silence_ms(text, opts) == wanted


@pytest.mark.parametrize("text, expected", [
    ("is there a pool", "complete"), ("Where can I store my bags", "complete"),
    ("where can I store my bags and", "incomplete"), ("Okay, so", "incomplete"),
])
def test_words_the_site_answers_end_the_turn_like_a_question_mark(text, expected):
    """Whisper drops the question mark of many short questions; one the site has a confident answer for is finished
    all the same, unless it trails off."""
    opts = EndpointOptions()
    assert opts.complete_silence_ms < opts.unpunctuated_silence_ms
    wanted = {"complete": opts.complete_silence_ms, "incomplete": opts.incomplete_silence_ms}[expected]
    assert required_silence_ms(text, opts, site_answers=True) == wanted


def test_speech_is_pending_from_its_first_chunk_until_it_starts_a_turn(tracker):
    """While the assistant talks a turn needs 150 ms of speech, but the first chunk of it is known at once (the
    reply is held there): its onset is pending until the turn starts, and a reset forgets it."""
    tracker.min_speech_ms = 150.0
    prompt = load_prompts(count=1, min_s=1.5, max_s=3.0)[0]
    audio = np.concatenate([silence(0.5), prompt.audio])
    pending_at = pending_ns = started_at = None
    for start in range(0, audio.size, FRAME):
        t_ns = int((start + FRAME) / RATE_HZ * 1e9)
        events = tracker.feed(audio[start:start + FRAME], t_ns)
        if pending_at is None and tracker.pending_onset_ns is not None:
            pending_at, pending_ns = (start + FRAME) / RATE_HZ, tracker.pending_onset_ns
        if TurnEvent.SPEECH_STARTED in events:
            started_at = (start + FRAME) / RATE_HZ
            break
    assert pending_at is not None and started_at is not None
    assert 0.5 <= pending_at <= 0.5 + 0.15, "the first chunk of speech is seen within a few chunks"
    assert started_at - pending_at >= 0.1, "pending well before the turn is confirmed"
    assert tracker.pending_onset_ns is None, "a started turn is no longer pending"
    assert tracker.onset_ns == pending_ns, "the turn's onset is the chunk that was pending"
    tracker.reset()
    assert tracker.pending_onset_ns is None, "a reset forgets a run of speech counted before it"
