"""Whisper tiny.en (int8, short mel window) on real recorded prompts, with their reference transcripts."""

import numpy as np
import pytest

from engines.stt_whisper import compression_ratio, window_seconds
from tests.speech_corpus import load_prompts, word_errors


def corpus_wer(stt, partial: bool) -> tuple[float, list[str]]:
    errors = words = 0
    misses = []
    for prompt in load_prompts():
        result = stt.transcribe(prompt.audio, partial=partial)
        e, n = word_errors(prompt.text, result.text)
        errors, words = errors + e, words + n
        if e:
            misses.append(f"{prompt.name}: {prompt.text!r} -> {result.text!r}")
    return errors / words, misses


def test_final_wer_on_real_prompts_is_at_most_8_percent(engines):
    prompts = load_prompts()
    assert len(prompts) >= 20
    wer, misses = corpus_wer(engines.stt, partial=False)
    print(f"tiny.en final WER {wer:.3f} over {len(prompts)} prompts; misses: {misses}")
    assert wer <= 0.08, misses


def test_partial_transcripts_are_usable_too(engines):
    wer, misses = corpus_wer(engines.stt, partial=True)
    assert wer <= 0.12, misses


def test_a_growing_utterance_gives_a_prefix(engines):
    prompt = max(load_prompts(), key=lambda p: p.duration_s)
    half = prompt.audio[: prompt.audio.size // 2]
    partial = engines.stt.transcribe(half, partial=True)
    first_words = prompt.text.lower().split()[:2]
    assert partial.text and partial.text.lower().split()[0].strip(".,") == first_words[0].strip(".,")
    assert partial.audio_s == pytest.approx(half.size / 16_000)


def test_silence_and_tiny_input_give_no_words(engines):
    assert engines.stt.transcribe(np.zeros(800, dtype=np.float32)).text == ""
    quiet = engines.stt.transcribe(np.zeros(32_000, dtype=np.float32))
    assert quiet.text == "" or quiet.no_speech_prob > 0.5


def test_wrong_dtype_is_refused(engines):
    with pytest.raises(ValueError, match="float32"):
        engines.stt.transcribe(np.zeros(16_000, dtype=np.int16))


def test_window_rule():
    assert window_seconds(2.0) == 10.0
    assert window_seconds(12.5) == 13.5
    assert window_seconds(40.0) == 30.0
    assert compression_ratio("stop " * 40) > 2.4 > compression_ratio("Please check the number and dial again.")


def test_back_to_back_repeats_are_said_once():
    from engines.stt_whisper import drop_repeats

    assert drop_repeats("Or has key. Or has key. Or has key.") == "Or has key."
    assert drop_repeats("And then press the pound key. And then press the pound key.") == \
        "And then press the pound key."
    # Short repeats are how people talk; they stay.
    assert drop_repeats("no, no, no, not that one") == "no, no, no, not that one"
    assert drop_repeats("Please hold. Your call is important.") == "Please hold. Your call is important."
    # A loop that broke off when the window ran out (seen in a CI run of the TTS round trip).
    assert drop_repeats("Please ask the librarian at the front desk for help. Please ask the librarian at the front") \
        == "Please ask the librarian at the front desk for help."
    # A restart too short to be sure of, or a finished sentence, stays.
    assert drop_repeats("Press one for sales. Press one") == "Press one for sales. Press one"
    assert drop_repeats("Ask at the front desk for help. Ask at the front door.") == \
        "Ask at the front desk for help. Ask at the front door."


def test_two_replicas_transcribe_two_clips_at_once_with_the_same_words(engines):
    """The pipeline's second Whisper replica: the end-of-turn transcript must not queue behind a partial.

    CTranslate2 holds two workers (model replicas), and two clips transcribed at once from two threads get the same
    words as one after the other. How much time the second replica saves is a benchmark figure
    (`benchmarks/engines.py`, stt two_replicas), not asserted here: on a shared box that is timing (this test used
    to assert it and was rerun in two CIs of stop 21). CTranslate2's active-batch count cannot tell one worker from
    two (it counted two running at once with one replica too), so the worker count is checked instead."""
    from concurrent.futures import ThreadPoolExecutor

    assert engines.stt.replicas == 2
    assert engines.stt._model.num_workers == 2
    prompts = sorted(load_prompts(), key=lambda p: p.duration_s)[-2:]
    alone = [engines.stt.transcribe(p.audio).text for p in prompts]
    with ThreadPoolExecutor(max_workers=2) as pool:
        both = list(pool.map(lambda p: engines.stt.transcribe(p.audio).text, prompts))
    assert both == alone
