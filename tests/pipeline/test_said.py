"""SaidSoFar: the transcript kept across pauses the user talked through."""

from edge.said import SaidSoFar
from engines.protocols import Transcript


def test_stretches_join_in_order_and_noise_adds_nothing():
    said = SaidSoFar().then(32_000, Transcript("Please hold.", 2.0, 0.1, 0.01), no_speech_threshold=0.6)
    doubted = said.then(40_000, Transcript("Thank you.", 0.5, 0.05, 0.9), no_speech_threshold=0.6)  # noise
    assert doubted is said, "a doubted stretch is transcribed again with what follows, not skipped"
    whole = said.join(Transcript("Your call is important.", 1.5, 0.08, 0.02), no_speech_threshold=0.6)
    assert whole.text == "Please hold. Your call is important."
    assert whole.audio_s == 32_000 / 16_000 + 1.5
    assert whole.no_speech_prob == 0.0, "words were heard before: the turn is speech whatever the tail is"
    noisy_tail = said.join(Transcript("you", 0.3, 0.01, 0.95), no_speech_threshold=0.6)
    assert noisy_tail.text == "Please hold."


def test_doubted_words_the_user_talks_on_from_are_not_lost():
    """Seen over RTP (the barge-in test, 1 run in 5): the interruption's first pause gave "Wait, actually." at a
    no-speech probability of 0.60. Skipping that stretch as noise left only "where is the nearest exit?" to the
    final transcription, which heard "We're in the nearest magnet."."""
    doubted = Transcript("Wait, actually.", 1.5, 0.08, 0.6012)
    said = SaidSoFar().then(24_576, doubted, no_speech_threshold=0.6)
    assert said.samples == 0, "the next stretch must start before the doubted words"


def test_nothing_said_yet_passes_the_transcript_through():
    tail = Transcript("Hello?", 1.0, 0.05, 0.7)
    assert SaidSoFar().join(tail, no_speech_threshold=0.6) is tail


def test_a_long_transcript_is_speech_even_when_whisper_doubts_it():
    """Seen over RTP: a whole prompt transcribed word for word with a no-speech probability of 0.61."""
    from edge.said import is_noise

    long = Transcript("password incorrect, please enter your password followed by the pound key.", 4.5, 0.2, 0.61)
    assert not is_noise(long, no_speech_threshold=0.6)
    assert is_noise(Transcript("Thank you.", 0.4, 0.05, 0.8), no_speech_threshold=0.6)
    assert is_noise(Transcript("", 0.4, 0.05, 0.0), no_speech_threshold=0.6)
    assert not is_noise(Transcript("Yes.", 0.4, 0.05, 0.2), no_speech_threshold=0.6)
