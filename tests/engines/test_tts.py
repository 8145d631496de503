"""Piper with the packaged voice: real synthesis, checked by ear (Whisper) and by numbers."""

import numpy as np

from engines.audio import int16_to_float32, resample
from engines.protocols import CancelToken
from engines.tts_piper import ResampledTts
from tests.speech_corpus import normalize


def test_round_trip_tts_then_stt_gives_the_same_words(engines):
    sentence = "Please ask the librarian at the front desk for help."
    chunks = list(engines.tts.synthesize(sentence))
    assert chunks and all(c.dtype == np.int16 for c in chunks)
    audio = resample(int16_to_float32(np.concatenate(chunks)), engines.tts.sample_rate_hz, 16_000)
    heard = engines.stt.transcribe(audio).text
    assert normalize(heard) == normalize(sentence), heard


def test_rate_is_known_and_audio_is_real(engines):
    assert engines.tts.sample_rate_hz == 22_050
    audio = np.concatenate(list(engines.tts.synthesize("Sure.")))
    seconds = audio.size / engines.tts.sample_rate_hz
    assert 0.2 < seconds < 2.0
    assert np.abs(audio).max() > 3000, "should be audible speech, not silence"


def test_resampled_for_a_phone_line(engines):
    phone = ResampledTts(engines.tts, 8_000)
    text = "Thank you for calling."
    native = np.concatenate(list(engines.tts.synthesize(text)))
    narrow = np.concatenate(list(phone.synthesize(text)))
    assert narrow.dtype == np.int16
    expected = native.size * 8_000 / engines.tts.sample_rate_hz
    assert abs(narrow.size - expected) < 0.1 * expected  # Piper is not deterministic in length, but close


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
    assert 0.02 * rate < cut < 0.2 * rate, cut / rate
    onset = np.flatnonzero(np.abs(audio.astype(np.int32)) > 328)[0]
    assert onset - cut == int(0.01 * rate), "10 ms before the first sound are kept"
    assert leading_silence(np.zeros(1000, np.int16), rate) == 0, "all silence: nothing to cut"
    assert leading_silence(audio[onset:], rate) == 0, "already starting with sound"
