"""What a conversation reports as it goes: small dataclasses handed to observers (logs, `edge say`, the bench).

Observers measure the pipeline from outside; the stages do not log timings themselves. All times are
`time.monotonic_ns()` values from the one clock every stage shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal


@dataclass(frozen=True)
class PartialTranscript:
    call_id: str
    text: str
    audio_s: float
    """Seconds of the still-growing utterance that were transcribed."""


@dataclass(frozen=True)
class SpeculationDiscarded:
    """The user went on talking after a pause: the work started on it was thrown away."""

    call_id: str
    transcript: str
    reopened_commit_ns: int = 0
    """When the thrown-away turn had been committed (it was reopened: the user went on after its end of turn);
    0 when it was still a speculation."""


@dataclass(frozen=True)
class AgentResponseCorrection:
    """A barge-in cut the reply: the history keeps `heard_text`, not `generated_text`."""

    call_id: str
    generated_text: str
    heard_text: str
    samples_dropped: int
    """Output samples that were queued but never played."""
    detected_ns: int
    """When the interrupting speech was confirmed."""


@dataclass
class TurnMetrics:
    """One user turn and the reply to it, with the timestamps LATENCY.md defines its stages by (0 = not reached)."""

    call_id: str
    turn_index: int
    transcript: str = ""
    reply_text: str = ""
    """What the user heard of the reply (all of it unless interrupted)."""
    source: Literal["llm", "answer", "fallback", "offer", "none"] = "none"
    """Where the reply came from: the LLM, a prepared answer, the honest fallback, or an offer (asking back)."""
    speech_end_ns: int = 0
    """Arrival of the last audio the VAD judged speech: the pipeline's estimate of the true end of speech."""
    speculation_start_ns: int = 0
    committed_ns: int = 0
    transcript_ns: int = 0
    first_token_ns: int = 0
    first_fragment_ns: int = 0
    first_chunk_ns: int = 0
    first_audio_out_ns: int = 0
    """First sample of the reply out of the transport (the filler's, when one was played)."""
    answer_audio_out_ns: int = 0
    """First sample of the answer itself out of the transport (after the filler, if any)."""
    last_audio_out_ns: int = 0
    filler: str = ""
    """The filler phrase played because the answer was late ('' if none)."""
    stt_compute_s: float = 0.0
    speculations_discarded: int = 0
    interrupted: bool = False
    guarded: bool = False
    """A fragment failed the grounding guard and the fallback was spoken instead."""

    def stages_ms(self, true_speech_end_ns: int | None = None) -> dict[str, float | None]:
        """The per-stage breakdown of LATENCY.md in milliseconds (None where a stage did not happen)."""
        end = true_speech_end_ns if true_speech_end_ns is not None else self.speech_end_ns
        stt_from = self.speculation_start_ns or self.committed_ns

        def span(a: int, b: int) -> float | None:
            return (b - a) / 1e6 if a and b else None

        audio_ready = max(self.first_chunk_ns, self.committed_ns) if self.first_chunk_ns else 0
        return {
            "endpoint": span(end, self.committed_ns),
            "speculation_start": span(end, self.speculation_start_ns),
            "stt_final": span(stt_from, self.transcript_ns),
            # Whisper's own compute inside stt_final: the rest of stt_final is queueing and hand-over.
            "stt_compute": 1000.0 * self.stt_compute_s if self.transcript_ns else None,
            "llm_ttft": span(self.transcript_ns, self.first_token_ns),
            "first_fragment": span(self.first_token_ns, self.first_fragment_ns),
            "tts_first_chunk": span(self.first_fragment_ns, self.first_chunk_ns),
            "output": span(audio_ready, self.answer_audio_out_ns or self.first_audio_out_ns),
            "ttfa": span(end, self.first_audio_out_ns),
            "ttfa_answer": span(end, self.answer_audio_out_ns),
        }


ConversationEvent = PartialTranscript | SpeculationDiscarded | AgentResponseCorrection | TurnMetrics
Observer = Callable[[ConversationEvent], None]
