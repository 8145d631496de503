"""Silero VAD on real recorded speech (an Asterisk prompt) and on silence."""

import numpy as np
import pytest

from tests.speech_corpus import load_prompts


def frames(audio: np.ndarray, size: int = 512) -> np.ndarray:
    usable = audio[: audio.size // size * size]
    return usable.reshape(-1, size)


def test_speech_scores_high_and_silence_low(engines):
    vad = engines.vad
    assert (vad.sample_rate_hz, vad.frame_samples) == (16_000, 512)
    speech = load_prompts()[0].audio
    stream = vad.stream()
    speech_probs = [stream.probability(f) for f in frames(speech)]
    silence_probs = [stream.probability(f) for f in frames(np.zeros(16_000, dtype=np.float32))]
    assert max(speech_probs) > 0.9
    assert np.mean(np.array(speech_probs) > 0.5) > 0.4, "most of a spoken prompt should be voiced"
    assert max(silence_probs[10:]) < 0.1, "a second of silence after speech must fall back below threshold"


def test_reset_gives_the_same_answer_again(engines):
    stream = engines.vad.stream()
    audio = frames(load_prompts()[1].audio)[:20]
    first = [stream.probability(f) for f in audio]
    stream.reset()
    again = [stream.probability(f) for f in audio]
    assert first == pytest.approx(again, abs=1e-6)


def test_streams_are_independent(engines):
    a, b = engines.vad.stream(), engines.vad.stream()
    speech = frames(load_prompts()[2].audio)
    for f in speech[:15]:
        a.probability(f)
    fresh = engines.vad.stream()
    assert b.probability(speech[15]) == pytest.approx(fresh.probability(speech[15]), abs=1e-6)


@pytest.mark.parametrize("bad", [np.zeros(480, dtype=np.float32), np.zeros(512, dtype=np.int16)])
def test_wrong_frames_are_refused_with_the_fix(engines, bad):
    with pytest.raises(ValueError, match="512|float32"):
        engines.vad.stream().probability(bad)
