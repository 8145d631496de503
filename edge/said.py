"""What the user said before the pauses they talked through, so a turn is transcribed stretch by stretch.

Each pause starts a transcription (speculation). When the user goes on talking, the reply worked out at that
pause is thrown away, but its transcript still holds: the audio up to the pause will not change. Keeping it
means the final pause only has to transcribe the stretch since the last one, so the time from the end of speech to the
transcript no longer grows with the length of the turn. Stretches are cut only at pauses long enough not to fall
inside a word (EndpointOptions.keep_transcript_after_ms); on 80 Asterisk prompts the WER moved from 2.8 to 3.0 %.
"""

from __future__ import annotations

from dataclasses import dataclass

from edge.turn import TurnTracker
from engines.protocols import Transcript


NOISE_MAX_WORDS = 3
"""Whisper's no-speech probability comes from its first decoding step: a turn that opens with silence can score
0.61 and still be transcribed word for word. Only a short transcript (what Whisper makes up from a cough: "you",
"Thank you.") is taken for noise on that score."""


def is_noise(transcript: Transcript, no_speech_threshold: float) -> bool:
    """No words, or a few words Whisper itself doubts were speech."""
    words = transcript.text.split()
    return not words or (transcript.no_speech_prob > no_speech_threshold and len(words) <= NOISE_MAX_WORDS)


@dataclass(frozen=True)
class SaidSoFar:
    """The transcript of a turn's audio up to `samples` (immutable: each speculation keeps the one it started from)."""

    samples: int = 0
    """Turn-audio samples (16 kHz, pre-roll included) that `text` covers."""
    text: str = ""

    def then(self, end_samples: int, stretch: Transcript, no_speech_threshold: float) -> "SaidSoFar":
        """This plus the transcript of the audio from `samples` to `end_samples`.

        A stretch Whisper doubts is not skipped but left to be transcribed again with what follows: the user talked
        on past it, so it may well be words. Over RTP "Wait, actually." came back with a no-speech probability of
        0.60; skipping it lost the words for good, and the rest alone was heard as "We're in the nearest magnet."
        """
        if is_noise(stretch, no_speech_threshold):
            return self
        return SaidSoFar(end_samples, f"{self.text} {stretch.text.strip()}".strip())

    def join(self, stretch: Transcript, no_speech_threshold: float) -> Transcript:
        """The whole turn's transcript, given the transcript of the audio after `samples`."""
        if not self.text:
            return stretch
        tail = "" if is_noise(stretch, no_speech_threshold) else stretch.text.strip()
        return Transcript(text=f"{self.text} {tail}".strip(), audio_s=self.samples / TurnTracker.RATE + stretch.audio_s,
                          compute_s=stretch.compute_s, no_speech_prob=0.0)
