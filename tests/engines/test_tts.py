"""Piper with the packaged voice: real synthesis, checked by ear (Whisper) and by numbers."""

import numpy as np

from edge.bench.wer import word_errors
from engines.audio import int16_to_float32, resample
from engines.protocols import CancelToken
from engines.tts_piper import ResampledTts


def test_round_trip_tts_then_stt_gives_the_same_words(engines):
    sentence = "Please ask the librarian at the front desk for help."
    chunks = list(engines.tts.synthesize(sentence))
    assert chunks and all(c.dtype == np.int16 for c in chunks)
    audio = resample(int16_to_float32(np.concatenate(chunks)), engines.tts.sample_rate_hz, 16_000)
    heard = engines.stt.transcribe(audio).text
    # Piper draws its durations at random, and about one rendering in 16 costs tiny.en a word ("librarian"):
    # one word of ten may differ; garbled or missing speech fails.
    errors, words = word_errors(sentence, heard)
    assert errors <= 1, (heard, errors, words)


def test_rate_is_known_and_audio_is_real(engines):
    assert engines.tts.sample_rate_hz == 22_050
    audio = np.concatenate(list(engines.tts.synthesize("Sure.")))
    seconds = audio.size / engines.tts.sample_rate_hz
    assert 0.2 < seconds < 2.0
    assert np.abs(audio).max() > 3000, "should be audible speech, not silence"


class _Recording:
    """The real Piper engine, keeping what it produced (Piper's durations are random: two syntheses of one text
    differ, so the phone-line audio is compared with the very chunks it was made from)."""

    def __init__(self, inner):
        self.inner, self.sample_rate_hz, self.chunks = inner, inner.sample_rate_hz, []

    def synthesize(self, text, *, cancel=None):
        for chunk in self.inner.synthesize(text, cancel=cancel):
            self.chunks.append(chunk)
            yield chunk


def test_resampled_for_a_phone_line(engines):
    native = _Recording(engines.tts)
    phone = ResampledTts(native, 8_000)
    narrow = list(phone.synthesize("Thank you for calling. Goodbye."))
    assert len(narrow) == len(native.chunks) == 2
    for wide, chunk in zip(native.chunks, narrow):
        assert chunk.dtype == np.int16
        assert abs(chunk.size - wide.size * 8_000 / engines.tts.sample_rate_hz) <= 1
        assert np.array_equal(chunk, resample(wide, engines.tts.sample_rate_hz, 8_000))
        # Speech energy survives the narrowing (most of it is below the 4 kHz phone band edge).
        assert np.sqrt(np.mean(chunk.astype(np.float64) ** 2)) > 0.5 * np.sqrt(np.mean(wide.astype(np.float64) ** 2))


def test_one_chunk_per_sentence_and_cancel_between_them(engines):
    text = "First sentence here. Second one follows. And a third."
    assert len(list(engines.tts.synthesize(text))) == 3
    cancel = CancelToken()
    got = []
    for chunk in engines.tts.synthesize(text, cancel=cancel):
        got.append(chunk)
        cancel.cancel()
    assert len(got) == 1


def test_empty_text_gives_no_audio(engines):
    assert list(engines.tts.synthesize("   ")) == []


def test_leading_silence_of_real_speech_is_found_and_the_onset_kept(engines):
    """Piper starts with tens of ms of silence; the reply cuts it so the answer is heard that much sooner."""
    from engines.audio import leading_silence

    rate = engines.tts.sample_rate_hz
    audio = next(iter(engines.tts.synthesize("The capital of Japan is Tokyo.")))
    cut = leading_silence(audio, rate, keep_ms=10.0)
    assert 0.01 * rate < cut < 0.2 * rate, cut / rate  # 23-51 ms seen: Piper's durations are random
    onset = np.flatnonzero(np.abs(audio.astype(np.float32)) > 32768 * 10 ** (-40 / 20))[0]
    assert onset - cut == int(0.01 * rate), "10 ms before the first sound are kept"
    assert leading_silence(np.zeros(1000, np.int16), rate) == 0, "all silence: nothing to cut"
    assert leading_silence(audio[onset:], rate) == 0, "already starting with sound"
