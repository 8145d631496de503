"""One conversation on one call: the whole voice loop wired in one place.

    frames -> TurnTracker (VAD) --pause--> STT --> planner --> ReplyJob (LLM -> fragments -> TTS), held
                                 --end of turn--> release the held reply to the call's output queue
                                 --speech while playing--> barge-in: flush, cancel, keep what was heard

Speculate early, commit late: STT and the reply start at the first pause, but nothing is spoken until the end of
turn is confirmed; if the user goes on talking the reply is thrown away (and counted) and the transcript of the
audio before the pause is kept (edge/said.py), so each pause transcribes only the stretch since the last one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from edge.configfile import opt
from edge.events import AgentResponseCorrection, Observer, PartialTranscript, SpeculationDiscarded, TurnMetrics
from edge.history import ConversationHistory
from edge.planner import ReplyPlan, ReplyPlanner
from edge.reply import ReplyJob, ReplyOptions
from edge.said import SaidSoFar, is_noise
from edge.transports.base import Call
from edge.turn import TurnEvent, TurnTracker, required_silence_ms
from edge.workers import EngineWorkers
from engines.audio import resample
from engines.protocols import Transcript, VoiceActivityDetector

if TYPE_CHECKING:
    from edge.config import Config

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StreamingOptions:
    """How much work starts before the user's turn is confirmed over."""

    speculation: bool = opt(True, "Start the LLM and TTS at the first pause, holding the audio until the end of "
                                  "turn is confirmed; off waits for the end of turn first.")
    partial_interval_ms: int = opt(1000, "Transcribe the growing utterance this often while the user speaks "
                                         "(partial transcripts for display and logs); 0 turns partials off.")
    no_speech_threshold: float = opt(0.6, "A short final transcript (up to 3 words) the STT itself believes is "
                                          "not speech (above this probability) is dropped as noise, not "
                                          "answered; a longer one is speech whatever the score.")
    phrase_cache: bool = opt(True, "Keep the audio of short phrases once said (up to 6 words, 256 of them) and "
                                   "replay it instead of synthesizing again: a small LLM opens most replies the "
                                   "same few ways.")
    hold_llm_for_first_audio: bool = opt(True, "Pause the LLM between tokens while the TTS voices the first "
                                               "fragment, so the first audio has both cores; the LLM is far ahead "
                                               "of playback and loses nothing the user hears.")


BACKCHANNEL_WORDS = ["mm", "mhm", "mm-hm", "hm", "hmm", "uh-huh", "uh", "um", "ah", "oh", "yeah", "yes", "yep", "ok",
                     "okay", "right", "sure", "alright", "i", "see", "got", "get", "it", "cool", "great", "nice"]
"""Words that alone make a backchannel. "get" is for "I get it": over the answer's echo tiny.en also heard a "yeah"
as "Get it." (once in nine CI runs of the device backchannel test), and cut the answer for it."""


@dataclass(frozen=True)
class InterruptionOptions:
    """Barge-in: the user talks while the assistant speaks."""

    enabled: bool = opt(True, "Let the user interrupt: playback stops, generation is cancelled.")
    min_speech_ms: int = opt(150, "Speech needed to pause the reply as a possible interruption, so a click does "
                                  "not. Under the echo and AEC3's double-talk suppression a caller's first words "
                                  "come through in shorter runs. `benchmarks/barge_in_device.py`, 16 interjections "
                                  "and 60 answers each: at 200 ms it noticed the caller 321-329 ms P50 after they "
                                  "began, 2 times after 850 ms; at 150 ms 199-242 ms P50, at most 404 ms. Both "
                                  "cut 1 answer in 60 on its own echo.")
    pause_ms: int = opt(64, "Silence that ends a burst of speech over the answer and has it judged (a backchannel "
                            "lets the answer go on); speech after a pause this long counts as talking on. Longer "
                            "than `endpoint.speculate_after_ms`: judged on 32 ms of silence, a 'yeah' over the "
                            "answer was cut in two and stopped it in 1 of 4 runs of the device backchannel test, "
                            "0 of 4 at 64 ms.")
    resume_after_backchannel: bool = opt(True, "At the first speech playback only pauses; if what was said turns "
                                               "out to be a backchannel ('mm-hm', a lone 'yeah') it resumes where "
                                               "it paused. Off: any speech stops the reply for good.")
    backchannel_max_ms: int = opt(700, "Speech at least this long is an interruption whatever its words.")
    continue_window_ms: int = opt(200, "Speech that began less than this long after the reply's first sound was no "
                                       "reaction to it (people take about 200 ms to react to a voice): the user was "
                                       "still talking, so the turn is reopened and answered whole, with nothing of "
                                       "the reply kept, instead of being cut by a barge-in. On a fast box the "
                                       "answer can start inside the 250-350 ms pause between two sentences "
                                       "(`edge bench`, 40 Asterisk prompts on a Xeon: 0 answered in pieces, "
                                       "against 15 with 0). 0: only speech that began before the first sound "
                                       "reopens the turn.")
    hold_at_onset: bool = opt(True, "Inside `continue_window_ms` (or before the reply's first sound), hold "
                                    "playback at the first chunk of speech instead of after `min_speech_ms` "
                                    "confirms it: what the user hears of a reply that started in their pause "
                                    "shrinks by those 150 ms. A chunk that stays a blip lets playback go on. On "
                                    "a call that hears itself (the sound card) only speech begun before the reply "
                                    "was audible is held, since its own echo would stutter its first words.")
    backchannel_words: list[str] = opt(BACKCHANNEL_WORDS, "Words that alone make a backchannel, not a turn.")


def is_backchannel(text: str, allowed_words: set[str]) -> bool:
    """Is `text` only backchannel words ("Mm-hm.", "Yeah, I see.") or hums ("Mmm")? An empty transcript (an echo
    blip Whisper heard no words in) is one too: it says nothing to answer."""
    words = [w.strip(".,!?'\"").lower() for w in text.replace("-", " - ").split()]
    return all(w in allowed_words or w.strip("m") == "" for w in words if w and w != "-")


def goes_on_before_reacting(onset_ns: int, first_sound_ns: int | None, audible_since_ns: int | None, *,
                            window_ms: int, hears_itself: bool) -> bool:
    """Is speech that began at `onset_ns` the user going on with their turn, too soon to be a reaction to the reply?

    `first_sound_ns`: when the answer's first sound left (None: not yet). `audible_since_ns`: when anything of this
    turn, a filler too, left (None: nothing yet). On a call that hears itself only speech begun before anything left
    counts: the echo of the reply's first sound reaches the mic a round trip later (20-40 ms each way measured on the
    sound card), so speech heard before that cannot be it."""
    if hears_itself:
        return audible_since_ns is None or onset_ns < audible_since_ns
    return first_sound_ns is None or onset_ns < first_sound_ns + window_ms * 1_000_000


@dataclass(frozen=True)
class FillerOptions:
    """A short phrase played when the answer runs late, so the user knows they were heard."""

    enabled: bool = opt(True, "Play a filler when the answer's first audio would miss the deadline.")
    deadline_ms: int = opt(800, "Time from the end of speech (as the VAD saw it) by which the answer must be "
                                "ready; past it the filler plays first. Above the usual answer time so fillers "
                                "stay rare: at 450 ms `edge bench` saw one before every answer, each delaying "
                                "the answer by its own length.")
    phrases: list[str] = opt(["Okay.", "Right.", "Let's see."],
                             "Fillers, used in turn; synthesized at boot with their silence trimmed. Short ones "
                             "(250-500 ms of sound), because an answer that is ready waits for the filler to end.")


@dataclass
class PreparedAudio:
    """An utterance synthesized ahead of time."""

    text: str
    pcm: np.ndarray
    """int16 mono samples."""
    sample_rate_hz: int


@dataclass
class PipelineEngines:
    """The engines a conversation uses, shared by all calls."""

    workers: EngineWorkers
    vad: VoiceActivityDetector
    planner: ReplyPlanner
    fillers: list[PreparedAudio] = field(default_factory=list)


@dataclass
class _Speculation:
    start_ns: int
    forced: bool = False
    said: SaidSoFar = field(default_factory=SaidSoFar)
    """What was transcribed before this pause's stretch (the transcript below includes it)."""
    end_samples: int = 0
    """Turn-audio samples up to this pause."""
    stretch_task: asyncio.Task | None = None
    """The STT of the stretch since `said`: not cancelled with the speculation, its transcript outlives it."""
    transcript: Transcript | None = None
    transcript_ns: int = 0
    empty: bool = False
    plan: ReplyPlan | None = None
    reply: ReplyJob | None = None
    source: str = "llm"
    task: asyncio.Task | None = None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.reply is not None:
            self.reply.cancel()


@dataclass
class _Playing:
    reply: ReplyJob
    metrics: TurnMetrics
    user_audio: np.ndarray
    """The committed turn's audio, kept so the turn can be reopened if the user goes on before any reply is heard."""
    first_index: int = 0
    """The output's first sample index of this turn (a filler's or the answer's)."""
    after_barge: bool = False
    """The turn began by interrupting the assistant: the user is mid-thought, so no filler talks over them."""
    interrupted: bool = False


@dataclass
class _PendingBarge:
    """Speech heard while the reply plays: playback is paused until we know whether it is an interruption."""

    playing: _Playing
    detected_ns: int
    continues_turn: bool = False
    """The speech began within `continue_window_ms` of the reply's first sound: if it is no backchannel, the user
    was still talking and the turn is reopened rather than interrupted."""
    task: asyncio.Task | None = None


class Conversation:
    def __init__(self, call: Call, engines: PipelineEngines, config: "Config", observer: Observer | None = None):
        self.call, self.engines, self.config = call, engines, config
        self.workers = engines.workers
        self.observer: Observer = observer or (lambda event: None)
        self.tracker = TurnTracker(engines.vad.stream(), config.vad, config.endpoint)
        self.history = ConversationHistory(config.history, engines.workers.llm.count_tokens)
        self.reply_options = ReplyOptions(config.assistant.max_new_tokens, config.fragments,
                                          config.streaming.hold_llm_for_first_audio, config.streaming.phrase_cache)
        self.turn_index = 0
        self._spec: _Speculation | None = None
        self._playing: _Playing | None = None
        self._barge: _PendingBarge | None = None
        self._discarded = 0
        self._said = SaidSoFar()
        self._partial_at_samples = 0
        self._fillers_used = 0
        self._turn_began_as_barge = False
        self._onset_hold = False
        """Playback is held at a first chunk of speech not yet confirmed (`interruption.hold_at_onset`)."""
        self._tasks: set[asyncio.Task] = set()

    @property
    def busy(self) -> bool:
        """True while a turn is being heard, thought about or answered."""
        return self.tracker.in_turn or self._spec is not None or self._playing is not None

    async def run(self) -> None:
        """Serve the call until its frames end."""
        self.call.output.bind_loop(asyncio.get_running_loop())
        try:
            async for frame in self.call.frames():
                self.on_audio(frame.as_float32(), frame.arrived_ns)
        finally:
            self.close()

    async def wait_idle(self) -> None:
        """Wait until nothing is pending (used by `edge say` once the input has ended)."""
        while self._spec is not None or self._playing is not None or self._tasks:
            await asyncio.sleep(0.02)

    def close(self) -> None:
        self.call.output.resume()
        if self._spec is not None:
            self._spec.cancel()
        if self._playing is not None:
            self._playing.reply.cancel()
        for task in list(self._tasks):
            task.cancel()

    # -- audio in --------------------------------------------------------------------------------------------

    def on_audio(self, samples, arrived_ns: int) -> None:
        for event in self.tracker.feed(samples, arrived_ns):
            if event is TurnEvent.SPEECH_STARTED:
                self._on_speech_started()
            elif self._barge is not None:
                self._on_barge_event(event)
            elif event is TurnEvent.PAUSED:
                self._speculate()
            elif event is TurnEvent.RESUMED:
                self._discard_speculation()
            elif event is TurnEvent.MAX_LENGTH:
                self._speculate(forced=True)
        if self._playing is not None and not self.config.interruption.enabled:
            self.tracker.reset()  # the user cannot take the turn while the assistant speaks
            self._said = SaidSoFar()
            return
        if self._barge is not None:
            if self._barge.task is None and self.tracker.speech_ms >= self.config.interruption.backchannel_max_ms:
                self._interrupt(f"speech over {self.config.interruption.backchannel_max_ms} ms")
            return
        self._hold_at_onset()
        if self.tracker.in_turn:
            self._maybe_partial()
            self._maybe_commit()

    def _hold_at_onset(self) -> None:
        """Speech starting just as the reply begins is most likely the user going on after a pause, not a reaction
        to the reply: hold playback at its first chunk. Confirmed speech (`_on_speech_started`) then reopens the
        turn or judges a barge-in as before; a chunk that stays a blip lets playback go on."""
        onset_ns = self.tracker.pending_onset_ns
        if self._onset_hold:
            if onset_ns is None:  # confirmed speech clears the hold first (`_on_speech_started`)
                self._onset_hold = False  # a blip: nothing to wait for
                self.call.output.resume()
            return
        playing, options = self._playing, self.config.interruption
        if onset_ns is None or playing is None or not options.hold_at_onset:
            return
        if goes_on_before_reacting(onset_ns, self._first_sound_ns(playing),
                                   self.call.output.played_at_ns(playing.first_index),
                                   window_ms=options.continue_window_ms, hears_itself=self.call.hears_itself):
            self._onset_hold = True
            self.call.output.pause()

    def _on_speech_started(self) -> None:
        held, self._onset_hold = self._onset_hold, False  # the hold is the barge-in's or the reopened turn's now
        playing = self._playing
        if playing is None or not self.config.interruption.enabled:
            if held:
                self.call.output.resume()  # the reply ended while held: nothing waits on the pause
            return
        # Speech is confirmed only `min_speech_ms` after it began (150 ms while the assistant talks): a reply whose
        # first sound went out after the speech began was not heard before the user went on.
        first_sound_ns = self._first_sound_ns(playing)
        if first_sound_ns is None or first_sound_ns >= self.tracker.onset_ns:
            self._reopen(playing)
            return
        # Silence first (the next transport block is already quiet), decide after. Speech that began right after
        # the first sound is judged like any other (an echo blip or a "yeah" lets the reply go on); only if it is
        # real speech is it taken as the turn going on.
        self.call.output.pause()
        window_ns = self.config.interruption.continue_window_ms * 1_000_000
        self._barge = _PendingBarge(playing, time.monotonic_ns(),
                                    continues_turn=first_sound_ns + window_ns > self.tracker.onset_ns)
        if not self.config.interruption.resume_after_backchannel:
            self._interrupt("any speech interrupts (resume_after_backchannel off)")

    def _on_barge_event(self, event: TurnEvent) -> None:
        barge = self._barge
        assert barge is not None
        if event is TurnEvent.PAUSED and barge.task is None:
            barge.task = self._spawn(self._judge_barge(barge, self.tracker.speech_audio))
        elif event in (TurnEvent.RESUMED, TurnEvent.MAX_LENGTH):
            self._interrupt("they kept talking")  # that is no backchannel

    async def _judge_barge(self, barge: _PendingBarge, audio) -> None:
        """A short burst of speech ended: resume the reply if it was only a backchannel, else hand over the turn."""
        transcript = await self.workers.transcribe(audio)
        if self._barge is not barge:
            return
        allowed = {w.lower() for w in self.config.interruption.backchannel_words} | {"mm", "hm"}
        if self._asking(barge.playing):
            # A question ("Are you asking about the gym?") is answered, not backchanneled: its "yeah" is the turn.
            # Only a hum or a filler (an echo blip too) lets it go on.
            allowed = {"uh", "um", "er", "ah", "oh", "hm", "hmm", "mm"}
        if is_backchannel(transcript.text, allowed):
            log.info("%s: backchannel %r, the reply goes on", self.call.call_id, transcript.text)
            self._barge = None
            self.tracker.reset()
            self._said = SaidSoFar()
            self.call.output.resume()
            return
        if self._interrupt(f"{transcript.text!r} is no backchannel"):
            self._speculate()  # the turn was reopened: its whole audio is transcribed again
        else:
            self._speculate(transcript=transcript)

    def _asking(self, playing: _Playing) -> bool:
        """Is the sentence playing now (or the last one played) a question?"""
        played = self.call.output.samples_played
        begun = [f for f in playing.reply.fragments if 0 <= f.start_sample <= played]
        return bool(begun) and begun[-1].text.rstrip().endswith("?")

    def _listen(self, *, assistant_talking: bool) -> None:
        """Set how the tracker hears the user: while the assistant talks, speech must last longer to count (its
        echo and clicks do not) and a burst of it ends on a longer pause (a 'yeah' is not cut in two)."""
        if assistant_talking:
            self.tracker.min_speech_ms = float(self.config.interruption.min_speech_ms)
            self.tracker.pause_ms = float(max(self.config.interruption.pause_ms,
                                              self.config.endpoint.speculate_after_ms))
        else:
            self.tracker.min_speech_ms = float(self.config.vad.min_speech_ms)
            self.tracker.pause_ms = float(self.config.endpoint.speculate_after_ms)

    def _first_sound_ns(self, playing: _Playing) -> int | None:
        """When the answer's first sound went out (None: not yet)."""
        fragments = playing.reply.fragments
        if not fragments or fragments[0].start_sample < 0:
            return None
        return self.call.output.played_at_ns(fragments[0].start_sample)

    def _reopen(self, playing: _Playing) -> None:
        """The user went on talking before the reply was heard (or too soon after its first sound to be reacting
        to it): the turn was not over after all.

        The reply is dropped and the committed audio becomes the start of the turn that continues, so the
        question is answered whole instead of in halves.
        """
        self.call.output.clear()
        self.call.output.resume()  # held at the speech's first chunk or by a barge-in: nothing is left to play
        playing.reply.cancel()
        playing.interrupted = True
        self._playing = None
        self.history.retract_user(playing.metrics.transcript)
        self.tracker.utterance[:0] = [playing.user_audio]
        # Transcribed again whole: the pre-roll of the speech that reopened the turn holds only ~150 ms before
        # its first word (confirming speech took 150 ms), too little for Whisper to hear that word on its own.
        self._said = SaidSoFar()
        self._listen(assistant_talking=False)
        self._discarded = playing.metrics.speculations_discarded + 1
        self._turn_began_as_barge = playing.after_barge
        self.turn_index -= 1
        self.observer(SpeculationDiscarded(self.call.call_id, playing.metrics.transcript,
                                           reopened_commit_ns=playing.metrics.committed_ns))
        log.info("%s: %r was half a turn: the user went on, so it is reopened", self.call.call_id,
                 playing.metrics.transcript)

    def _interrupt(self, why: str) -> bool:
        """Barge-in confirmed (`why`, for the log): drop the queued audio, cancel the reply, keep in the history
        what was heard. Speech that began right after the reply's first sound reopens the turn instead; returns
        True then."""
        barge, self._barge = self._barge, None
        if barge is None:
            return False
        playing = barge.playing
        if barge.continues_turn:
            self._reopen(playing)
            return True
        dropped = self.call.output.clear()
        self.call.output.resume()
        playing.interrupted = True
        playing.reply.cancel()
        heard = playing.reply.heard_text(self.call.output.samples_played)
        self.history.add_assistant(heard)
        if self._playing is playing:
            self._playing = None
        self._listen(assistant_talking=False)
        playing.metrics.interrupted = True
        playing.metrics.reply_text = heard
        self._turn_began_as_barge = True
        self.observer(AgentResponseCorrection(self.call.call_id, playing.reply.spoken_text, heard, dropped,
                                              barge.detected_ns))
        log.info("%s: barge-in after %r (%s; dropped %d samples)", self.call.call_id, heard, why, dropped)
        return False

    # -- speculation and end of turn -------------------------------------------------------------------------

    def _speculate(self, forced: bool = False, transcript: Transcript | None = None) -> None:
        if self._spec is not None:
            self._spec.forced = self._spec.forced or forced
            return
        # All the audio so far: at a pause it ends in silence, so the next stretch never starts mid-word.
        audio = self.tracker.audio
        spec = _Speculation(start_ns=time.monotonic_ns(), forced=forced, said=self._said, end_samples=audio.size)
        if transcript is None:
            stretch = audio[spec.said.samples:]
            spec.stretch_task = self._spawn(self.workers.transcribe(stretch))
        spec.task = self._spawn(self._run_speculation(spec, transcript))
        self._spec = spec

    async def _run_speculation(self, spec: _Speculation, transcript: Transcript | None = None) -> None:
        if transcript is None:
            assert spec.stretch_task is not None
            stretch = await asyncio.shield(spec.stretch_task)
            transcript = spec.said.join(stretch, self.config.streaming.no_speech_threshold)
        spec.transcript, spec.transcript_ns = transcript, time.monotonic_ns()
        text = transcript.text.strip()
        spec.empty = is_noise(transcript, self.config.streaming.no_speech_threshold)
        if not spec.empty:
            # Matching site knowledge embeds the question (a few ms): off the event loop.
            spec.plan = await asyncio.to_thread(self.engines.planner.plan, text, self.history.snapshot())
            if self.config.streaming.speculation:
                spec.reply = self._start_reply(spec)
        self._maybe_commit()

    def _start_reply(self, spec: _Speculation) -> ReplyJob:
        plan = spec.plan
        assert plan is not None
        spec.source = plan.source
        rate = self.call.output.sample_rate_hz
        job = ReplyJob(self.workers, self.reply_options, rate, messages=plan.messages, canned=plan.canned,
                       gate=plan.gate, prepared=plan.prepared)
        return job.start()

    def _discard_speculation(self) -> None:
        spec, self._spec = self._spec, None
        if spec is None:
            return
        spec.cancel()
        self._discarded += 1
        text = spec.transcript.text if spec.transcript else ""
        self.observer(SpeculationDiscarded(self.call.call_id, text))
        if spec.stretch_task is not None and self.tracker.last_gap_ms >= self.config.endpoint.keep_transcript_after_ms:
            spec.stretch_task.add_done_callback(lambda task: self._keep_said(spec, task))

    def _keep_said(self, spec: _Speculation, stretch_task: asyncio.Task) -> None:
        """The user talked through a pause: what they said before it stays transcribed."""
        if stretch_task.cancelled() or stretch_task.exception() is not None or self._said is not spec.said:
            return  # the turn was committed or reset meanwhile
        self._said = spec.said.then(spec.end_samples, stretch_task.result(), self.config.streaming.no_speech_threshold)

    def _maybe_commit(self) -> None:
        spec = self._spec
        if spec is None or spec.transcript is None or self.tracker.speaking:
            return
        if not spec.empty and spec.plan is None:
            return  # still planning (a few ms)
        if spec.forced:
            need = 0
        elif spec.empty:
            # Dropping a turn as noise forgets its audio: wait as long as for a trailing-off turn, so a short word
            # Whisper doubts ("Wait,") is still there if the user goes on.
            need = self.config.endpoint.incomplete_silence_ms
        else:
            need = required_silence_ms(spec.transcript.text, self.config.endpoint,
                                       site_answers=spec.plan is not None and spec.plan.source == "answer")
        if self.tracker.silence_ms >= need:
            self._commit(spec)

    def _commit(self, spec: _Speculation) -> None:
        assert spec.transcript is not None
        metrics = TurnMetrics(
            call_id=self.call.call_id, turn_index=self.turn_index, transcript=spec.transcript.text.strip(),
            speech_end_ns=self.tracker.last_speech_ns, speculation_start_ns=spec.start_ns,
            committed_ns=time.monotonic_ns(), transcript_ns=spec.transcript_ns,
            stt_compute_s=spec.transcript.compute_s, speculations_discarded=self._discarded)
        self._spec = None
        self._discarded = 0
        self._said = SaidSoFar()
        self._partial_at_samples = 0
        user_audio = self.tracker.audio
        self.tracker.reset()
        if spec.empty:
            log.info("%s: dropped a turn as noise: %r, no-speech probability %.2f", self.call.call_id,
                     spec.transcript.text, spec.transcript.no_speech_prob)
            return
        self.turn_index += 1
        metrics.turn_index = self.turn_index
        reply = spec.reply or self._start_reply(spec)
        metrics.source = spec.source  # type: ignore[assignment]
        self.history.add_user(metrics.transcript)
        playing = _Playing(reply, metrics, user_audio, first_index=self.call.output.samples_pushed,
                           after_barge=self._turn_began_as_barge)
        self._turn_began_as_barge = False
        self._playing = playing
        self._listen(assistant_talking=True)
        self._spawn(self._follow_reply(playing))

    async def _follow_reply(self, playing: _Playing) -> None:
        """Release the reply (after a filler if it runs late), time its first audio out, then record in the
        history what was heard."""
        reply, metrics, output = playing.reply, playing.metrics, self.call.output
        filler_start = await self._filler_if_late(playing)
        if playing.interrupted:
            return self.observer(metrics) if metrics.interrupted else None
        reply.release(output)
        if filler_start is not None:
            metrics.first_audio_out_ns = await output.wait_played(filler_start) or 0
        await reply.wait_first_chunk()
        if reply.fragments and reply.fragments[0].start_sample >= 0:
            metrics.answer_audio_out_ns = await output.wait_played(reply.fragments[0].start_sample) or 0
            metrics.first_audio_out_ns = metrics.first_audio_out_ns or metrics.answer_audio_out_ns
        await reply.wait()
        if reply.end_sample > 0:
            await output.wait_played(reply.end_sample - 1)
        t = reply.timings
        metrics.first_token_ns, metrics.first_fragment_ns = t.first_token_ns, t.first_fragment_ns
        metrics.first_chunk_ns = t.first_chunk_ns
        metrics.last_audio_out_ns = output.last_audio_out_ns
        metrics.guarded = bool(reply.gate is not None and reply.gate.guarded)
        if metrics.guarded:
            metrics.source = "fallback"
        if playing.interrupted and not metrics.interrupted:
            return  # reopened: this turn never happened
        if not playing.interrupted:
            metrics.reply_text = reply.heard_text(output.samples_played)
            self.history.add_assistant(metrics.reply_text)
            if self._playing is playing:
                self._playing = None
                self._listen(assistant_talking=False)
        self.observer(metrics)

    async def _filler_if_late(self, playing: _Playing) -> int | None:
        """Wait for the answer's first audio until the deadline; past it, queue a filler. Returns its index."""
        options = self.config.fillers
        fillers = self.engines.fillers
        if not options.enabled or not fillers or playing.after_barge or playing.reply.timings.first_chunk_ns:
            return None
        deadline_ns = playing.metrics.speech_end_ns + options.deadline_ms * 1_000_000
        remaining_s = max(0.0, (deadline_ns - time.monotonic_ns()) / 1e9)
        try:
            await asyncio.wait_for(asyncio.shield(playing.reply.wait_first_chunk()), remaining_s)
            return None
        except asyncio.TimeoutError:
            pass
        if playing.interrupted or playing.reply.timings.first_chunk_ns:
            return None
        filler = fillers[self._fillers_used % len(fillers)]
        self._fillers_used += 1
        pcm = filler.pcm
        if filler.sample_rate_hz != self.call.output.sample_rate_hz:
            pcm = resample(pcm, filler.sample_rate_hz, self.call.output.sample_rate_hz)
        playing.metrics.filler = filler.text
        return self.call.output.push(pcm)

    # -- partial transcripts ---------------------------------------------------------------------------------

    def _maybe_partial(self) -> None:
        interval = self.config.streaming.partial_interval_ms
        if interval <= 0 or not self.tracker.speaking or self.workers.stt_thread.busy:
            return
        samples = len(self.tracker.utterance) * TurnTracker.CHUNK
        if samples - self._partial_at_samples < interval * TurnTracker.RATE // 1000:
            return
        self._partial_at_samples = samples
        said = self._said
        self._spawn(self._partial(said, self.tracker.audio[said.samples:]))

    async def _partial(self, said: SaidSoFar, stretch) -> None:
        transcript = said.join(await self.workers.transcribe(stretch, partial=True),
                               self.config.streaming.no_speech_threshold)
        if transcript.text:
            self.observer(PartialTranscript(self.call.call_id, transcript.text, transcript.audio_s))

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: conversation task failed", self.call.call_id, exc_info=task.exception())
