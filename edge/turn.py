"""Voice activity and end of turn: when the user is speaking, when they paused, when their turn is over.

The VAD says speech or silence per 32 ms chunk. Silence after speech is a *pause* first (speculation may start
on it) and becomes the *end of turn* only when it has lasted long enough for what was said: a sentence that is
complete ("What time do you open?") commits after a short silence, one that trails off ("I'd like to ask about,
um...") waits longer, because people pause mid-thought for 300-500 ms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import numpy as np

from edge.configfile import opt
from engines.protocols import VadStream


@dataclass(frozen=True)
class VadOptions:
    """Voice activity detection (Silero v6, 32 ms chunks at 16 kHz)."""

    activation_threshold: float = opt(0.5, "Speech probability at or above which a chunk counts as speech.")
    deactivation_threshold: float = opt(0.35, "Probability below which a chunk counts as silence; the gap between "
                                              "the two thresholds keeps breathy word ends from flickering.")
    min_speech_ms: int = opt(96, "Speech must last this long to start a user turn; shorter blips are noise.")
    preroll_ms: int = opt(300, "Audio kept from before the detected start, so the first syllable is transcribed.")
    max_utterance_s: float = opt(20.0, "A turn is committed after this long even without a pause (a monologue).")


@dataclass(frozen=True)
class EndpointOptions:
    """When silence ends the user's turn."""

    speculate_after_ms: int = opt(32, "Silence that starts speculative STT+LLM+TTS work (thrown away if they go "
                                      "on): the first silent VAD chunk, so the reply is being made while the end "
                                      "of turn is confirmed. Against 64 ms `edge bench` gave TTFA P50 20-40 ms "
                                      "lower on a Xeon (100 turns: 243 / 323 / 361 ms) at the same WER and as many "
                                      "clips spoken into; 784 against 803 ms on an AVX2-only EPYC (30 turns). "
                                      "Speech over the answer has its own pause "
                                      "(`interruption.pause_ms`).")
    keep_transcript_after_ms: int = opt(150, "A pause at least this long that the user talks through keeps the "
                                             "transcript of the words before it, so the end of the turn only "
                                             "transcribes what came after; shorter gaps can fall inside a word.")
    complete_silence_ms: int = opt(160, "Silence that ends a turn whose transcript reads as a complete sentence, "
                                        "or that the site knowledge answers with confidence (Whisper often drops "
                                        "the question mark of a short question: 'is there a pool').")
    unpunctuated_silence_ms: int = opt(450, "Silence that ends a turn whose transcript has no final punctuation.")
    incomplete_silence_ms: int = opt(900, "Silence that ends a turn that trails off ('and...', 'um'): people pause "
                                          "mid-thought for 300-500 ms.")


_TRAILING_WORDS = frozenset(
    "and or but so because if then the a an to of for with about um uh er like my your our is are was".split()
)
_WORD = re.compile(r"[A-Za-z']+")
_OPENERS = frozenset(
    "wait actually well so and but um uh er hmm oh okay ok right alright now then also like i mean hey "
    "excuse me listen look".split()
)
"""Words that open a thought without saying it: "Wait, actually." or "Okay, so." is someone about to speak."""


def required_silence_ms(transcript: str, options: EndpointOptions, *, site_answers: bool = False) -> int:
    """The lexical end-of-turn cue: how much silence this transcript needs before the turn is over.

    `site_answers`: the site knowledge has a confident answer to these very words. A question an operator wrote an
    answer for is as finished as one with a question mark, so it does not wait the unpunctuated silence; one that
    trails off ("where can I store my bags and") still waits."""
    text = transcript.strip()
    if not text:
        return options.incomplete_silence_ms
    words = _WORD.findall(text.lower())
    if text.endswith("...") or text.endswith("…") or text.endswith(",") or (words and words[-1] in _TRAILING_WORDS):
        return options.incomplete_silence_ms
    if words and not text.endswith("?") and all(w in _OPENERS for w in words):
        return options.incomplete_silence_ms
    if text[-1] in ".?!" or site_answers:
        return options.complete_silence_ms
    return options.unpunctuated_silence_ms


class TurnEvent(Enum):
    SPEECH_STARTED = "speech_started"
    PAUSED = "paused"            # silence reached `pause_ms`: speculation (or the barge-in judge) may start
    RESUMED = "resumed"          # speech came back after a pause: speculation is void
    MAX_LENGTH = "max_length"    # the turn hit max_utterance_s


@dataclass
class _Chunk:
    audio: np.ndarray
    arrived_ns: int


class TurnTracker:
    """Feeds 16 kHz audio through the VAD and tracks one user turn's audio and timing.

    Synchronous and cheap (~0.2 ms per 32 ms chunk): it runs on the event loop. The owner reads `silence_ms`
    to decide the end of turn, because that decision also needs the transcript.
    """

    CHUNK = 512  # Silero v6 needs exactly 512 samples at 16 kHz (480 silently detects nothing).
    RATE = 16_000

    def __init__(self, vad: VadStream, vad_options: VadOptions, endpoint_options: EndpointOptions) -> None:
        self.vad, self.vad_opts, self.ep_opts = vad, vad_options, endpoint_options
        self.min_speech_ms = float(vad_options.min_speech_ms)
        """Speech needed to start a turn; the conversation raises it while the assistant talks (barge-in)."""
        self.pause_ms = float(endpoint_options.speculate_after_ms)
        """Silence that makes a PAUSED event; the conversation raises it while the assistant talks (barge-in)."""
        self._pending = np.zeros(0, dtype=np.float32)
        self._preroll: list[_Chunk] = []
        self._speech_run_ms = 0.0
        self._run_onset_ns = 0
        self.reset()

    def reset(self) -> None:
        """Forget the current turn (after it was committed or discarded); the VAD state is kept."""
        self.in_turn = False
        self.speaking = False
        self.utterance: list[np.ndarray] = []
        self.silence_ms = 0.0
        self.speech_ms = 0.0
        self.last_speech_ns = 0
        """Arrival time of the last chunk judged speech: our best estimate of the true end of speech."""
        self.started_ns = 0
        self.onset_ns = 0
        """When the turn's speech began: the arrival of the first speech chunk, before `min_speech_ms` confirmed it."""
        self.last_gap_ms = 0.0
        """Length of the last silence the user talked through (set when RESUMED fires)."""
        self._paused_sent = False
        self._speech_run_ms = 0.0  # a run counted before the reset is not the start of the next turn

    @property
    def pending_onset_ns(self) -> int | None:
        """When the speech now under way began, while it is still too short to start a turn (`min_speech_ms`);
        None when no chunk of speech is pending (silence, or a turn has already started)."""
        if self.in_turn or self._speech_run_ms == 0.0:
            return None
        return self._run_onset_ns

    @property
    def audio(self) -> np.ndarray:
        """The turn's audio so far (float32, 16 kHz), pre-roll included."""
        return np.concatenate(self.utterance) if self.utterance else np.zeros(0, dtype=np.float32)

    @property
    def speech_audio(self) -> np.ndarray:
        """The turn's audio up to the end of its last speech chunk (trailing silence cut)."""
        audio = self.audio
        trailing = int(self.silence_ms * self.RATE / 1000)
        return audio[: max(0, audio.size - trailing)]

    def feed(self, samples: np.ndarray, arrived_ns: int) -> list[TurnEvent]:
        """Add float32 samples; returns the events they caused, in order."""
        self._pending = np.concatenate([self._pending, samples]) if self._pending.size else samples
        events: list[TurnEvent] = []
        while self._pending.size >= self.CHUNK:
            chunk, self._pending = self._pending[: self.CHUNK], self._pending[self.CHUNK:]
            events.extend(self._step(_Chunk(chunk, arrived_ns)))
        return events

    def _step(self, chunk: _Chunk) -> list[TurnEvent]:
        chunk_ms = 1000.0 * self.CHUNK / self.RATE
        p = self.vad.probability(chunk.audio)
        threshold = self.vad_opts.deactivation_threshold if self.speaking else self.vad_opts.activation_threshold
        is_speech = p >= threshold
        events: list[TurnEvent] = []
        if not self.in_turn:
            self._preroll.append(chunk)
            keep = max(1, int(self.vad_opts.preroll_ms / chunk_ms))
            del self._preroll[:-keep]
            if is_speech and self._speech_run_ms == 0.0:
                self._run_onset_ns = chunk.arrived_ns - int(chunk_ms * 1e6)
            self._speech_run_ms = self._speech_run_ms + chunk_ms if is_speech else 0.0
            if self._speech_run_ms >= self.min_speech_ms:
                self.in_turn = self.speaking = True
                self.utterance = [c.audio for c in self._preroll]
                self._preroll = []
                self.started_ns = chunk.arrived_ns
                self.onset_ns = self._run_onset_ns
                self.last_speech_ns = chunk.arrived_ns
                self.speech_ms = self._speech_run_ms
                events.append(TurnEvent.SPEECH_STARTED)
            return events
        self.utterance.append(chunk.audio)
        if is_speech:
            self.speech_ms += chunk_ms
            self.last_speech_ns = chunk.arrived_ns
            if not self.speaking and self._paused_sent:
                self.last_gap_ms = self.silence_ms
                events.append(TurnEvent.RESUMED)
            self.speaking = True
            self.silence_ms = 0.0
            self._paused_sent = False
        else:
            self.speaking = False
            self.silence_ms += chunk_ms
            if not self._paused_sent and self.silence_ms >= self.pause_ms:
                self._paused_sent = True
                events.append(TurnEvent.PAUSED)
        if len(self.utterance) * chunk_ms >= self.vad_opts.max_utterance_s * 1000 and self.speaking:
            events.append(TurnEvent.MAX_LENGTH)
        return events
