"""Barge-in on the local device, through the real pipeline and the PulseAudio test bed: the caller speaks into the
`mic` sink (paplay), the assistant answers through `spk`, and the speaker leaks back into the mic
(module-loopback) as it would in a kiosk, with the echo canceller on.

- a caller who talks over a long answer stops it within 100 ms of the interruption being detected, and the
  history keeps only the words that were played;
- with the leak, the assistant finishes at least 19 of 20 answers without taking its own voice for the user;
- a backchannel ("yeah") does not interrupt, a real interruption does.

`DeviceConversation` (below) is also what benchmarks/barge_in_device.py measures with.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import tempfile
import time
from pathlib import Path
from typing import AsyncIterator, Callable

import numpy as np
import pytest

from edge.config import Config
from edge.conversation import Conversation, PipelineEngines
from edge.events import AgentResponseCorrection, ConversationEvent, TurnMetrics
from edge.transports.base import AudioFrame, Call
from edge.transports.device import AudioDeviceTransport, DeviceOptions
from tests import testbed
from tests.device.audio_signals import RATE, wait_until_running, write_wav
from tests.pipeline.speech import LONG_QUESTION, spoken, times_asked_whole

pytestmark = pytest.mark.audio_device

LEAK_GAIN = 0.5
"""Speaker -> mic coupling of the test bed's echo path (linear). Piper speaks at about -18 dBFS (RMS of voiced
20 ms blocks) and the test caller at about -21 dBFS, so at 0.5 (-6 dB) the assistant's echo reaches the mic at
about -24 dBFS: as loud as a user at arm's length, within 3 dB. That is a kiosk whose speaker sits a hand's width
from its mic, the usual build. At a gain of 1 (echo 4 dB louder than the user, its peaks clipping in the mic)
AEC still kept 8 of 10 answers whole (benchmarks/barge_in_device.py --gain 1.0); without AEC none survive."""
STOP_BOUND_MS = 100.0
"""Issue 6: the assistant's last audio leaves no more than 100 ms after the interruption is detected."""
ONSET_WITHIN_MS = 500
"""How late after paplay starts the interjection may reach the pipeline: 24-44 ms measured, more on a loaded box."""
ONSET_MIN_SCORE = 0.4
"""Contour match that counts as the interjection at that place: 0.73-0.90 on a quiet run; 0.48 in a CI run where
the canceller converged less well (38 dB removed against 53 dB). The search window, not the score, does the rest."""
MIN_ECHO_REMOVED_DB = 17.0
"""Echo removed by the canceller over a 2-minute conversation: 18.9-27 dB measured in 9 runs (the rest of what is
left is mostly quiet enough for the VAD to ignore: the 19.1 dB run cut 1 answer in 20), 13-19 dB when the speaker
timeline did not follow the clocks' drift, and then 1 answer in 20 was cut by its own echo in about half of the
runs. The bar sits below the lowest run seen since (18.9 dB) so the test does not flake on the canceller's
convergence, which varies from bed to bed; the drift itself is checked exactly by
test_the_timeline_follows_a_slow_clock_drift_between_speaker_and_mic in tests/device/test_echo_cancellation.py."""
BACKCHANNEL_ATTEMPTS = 4
"""Answers the "yeah" is tried over until it is heard as speech at all (see the backchannel test). Two were too few on
the Intel Xeon of stops 39-40: the test failed its own precondition (never heard) in three CI runs in a row and passed
on a rerun, once only after two; a "yeah" that is heard and cuts the answer still fails at the first attempt."""
INTERJECTION = "Wait, actually, where is the nearest exit?"


class TappedCall:
    """The device call as the pipeline sees it, keeping every (echo-cancelled) frame it delivered."""

    def __init__(self, call: Call) -> None:
        self.call_id, self.output, self._call = call.call_id, call.output, call
        self.hears_itself = call.hears_itself
        self.seen: list[AudioFrame] = []

    async def frames(self) -> AsyncIterator[AudioFrame]:
        async for frame in self._call.frames():
            self.seen.append(frame)
            yield frame

    def dtmf(self):
        return self._call.dtmf()

    def onset_ns(self, speech: np.ndarray, after_ns: int, within_ms: int = ONSET_WITHIN_MS) -> tuple[int, float] | None:
        """When `speech`'s first voiced sample reached the pipeline (arrival clock), and how alike it came through.

        Found by matching the loudness contour (RMS per 10 ms) of the speech's first voiced second against the
        frames delivered after `after_ns`, starting at most `within_ms` later. The contour, not the waveform: the
        canceller reshapes the caller's voice while the echo goes on under it (waveform correlation fell to 0.2),
        but not where the syllables are. The start is searched only where paplay can have put it: how well the
        canceller converges varies by run, and residual echo elsewhere once scored higher than the real onset.
        """
        frames = [f for f in self.seen if f.arrived_ns >= after_ns]
        if not frames:
            return None
        heard = np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2")
        voiced = first_voiced_sample(speech)
        piece, hop = envelope(speech[voiced:voiced + RATE]), RATE // 100
        contour = envelope(heard)
        if contour.size < piece.size:
            return None
        windows = np.lib.stride_tricks.sliding_window_view(contour, piece.size)[: within_ms // 10 + 1]
        a = piece - piece.mean()
        b = windows - windows.mean(axis=1, keepdims=True)
        scores = (b @ a) / (np.linalg.norm(b, axis=1) * np.linalg.norm(a) + 1e-9)
        best = int(np.argmax(scores))
        offset = best * hop
        frame = frames[offset // 320]
        return frame.arrived_ns - (320 - offset % 320) * 1_000_000_000 // RATE, float(scores[best])


def envelope(pcm: np.ndarray) -> np.ndarray:
    """Loudness per 10 ms block, in dB (so a quiet syllable counts as much as a loud one)."""
    blocks = pcm[: pcm.size // 160 * 160].reshape(-1, 160).astype(np.float64)
    return 10 * np.log10(np.mean(blocks ** 2, axis=1) + 100.0)


def first_voiced_sample(pcm: np.ndarray, threshold: float = 0.02) -> int:
    """Start of the first 10 ms block whose RMS is above `threshold` of full scale."""
    blocks = pcm[: pcm.size // 160 * 160].reshape(-1, 160).astype(np.float64) / 32768
    loud = np.flatnonzero(np.sqrt((blocks ** 2).mean(axis=1)) > threshold)
    return int(loud[0]) * 160 if loud.size else 0


class MeteredEchoCanceller:
    """The transport's own canceller (WebRTC AEC3, built from the same options) with a meter on it: how loud the
    echo was in the raw mic and how loud what was left of it, over blocks where the reply was playing. Proves the
    leak really put the assistant's voice into the mic, so "it did not interrupt itself" means something."""

    def __init__(self, options: DeviceOptions) -> None:
        from engines.echo import EchoSettings, WebRtcEchoCanceller

        self._inner = WebRtcEchoCanceller(options.sample_rate_hz, EchoSettings(
            noise_suppression=options.echo_noise_suppression, delay_ms=options.echo_delay_ms))
        self.sample_rate_hz, self.frame_samples = self._inner.sample_rate_hz, self._inner.frame_samples
        self.raw_energy = self.clean_energy = 0.0
        self.playing_blocks = 0

    def process(self, capture: np.ndarray, reference: np.ndarray) -> np.ndarray:
        cleaned = self._inner.process(capture, reference)
        if np.abs(reference).max(initial=0) > 1000:  # the reply is playing in this block
            self.playing_blocks += 1
            self.raw_energy += float(np.mean(capture.astype(np.float64) ** 2))
            self.clean_energy += float(np.mean(cleaned.astype(np.float64) ** 2))
        return cleaned

    def warmup(self):
        return self._inner.warmup()

    def levels_dbfs(self) -> tuple[float, float]:
        """RMS of the raw mic and of the cleaned mic while the reply played, in dB of full scale."""
        n = max(self.playing_blocks, 1)
        return (10 * np.log10(self.raw_energy / n / 32768 ** 2 + 1e-12),
                10 * np.log10(self.clean_energy / n / 32768 ** 2 + 1e-12))


class _LogTap(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class DeviceConversation:
    """One real device transport on the test bed with a Conversation on its call, as `edge serve` runs it.

        async with DeviceConversation(bed, engines) as talk:
            await talk.say("What is the capital of Japan?")
            await talk.until(lambda: talk.turns, 30, "no answer")
    """

    def __init__(self, bed: testbed.PulseTestbed, engines: PipelineEngines, config: Config | None = None, *,
                 echo_cancellation: bool = True, echo_canceller: "MeteredEchoCanceller | None" = None,
                 **device_options) -> None:
        """`echo_canceller`: carry one (already converged) canceller over from an earlier conversation, as the
        long-running device does; by default each conversation builds its own."""
        self.bed, self.engines, self.config = bed, engines, config or Config()
        self.options = DeviceOptions(input_device="pulse", output_device="pulse",
                                     echo_cancellation=echo_cancellation, **device_options)
        self.events: list[ConversationEvent] = []
        self.cut_last_audio_ns: list[int] = []
        """For each AgentResponseCorrection, when the last sample of the reply it cut left the transport."""
        self._wavs = Path(tempfile.mkdtemp(prefix="edge-barge-"))
        self._log = _LogTap()
        self.transport: AudioDeviceTransport | None = None
        self.meter: MeteredEchoCanceller | None = echo_canceller
        self.call: TappedCall | None = None
        self.conversation: Conversation | None = None
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> "DeviceConversation":
        logging.getLogger("edge.conversation").addHandler(self._log)
        logging.getLogger("edge.conversation").setLevel(logging.INFO)
        if self.meter is None and self.options.echo_cancellation:
            self.meter = MeteredEchoCanceller(self.options)
        self.transport = AudioDeviceTransport(self.options, echo_canceller=self.meter)
        await self.transport.start()
        await wait_until_running(self.transport)
        assert self.transport.call is not None
        self.call = TappedCall(self.transport.call)
        self.conversation = Conversation(self.call, self.engines, self.config, observer=self._observe)
        self._task = asyncio.create_task(self.conversation.run())
        return self

    def _observe(self, event: ConversationEvent) -> None:
        if isinstance(event, AgentResponseCorrection):
            # Called inside the cut itself: the output was paused since detection and is now cleared, and the
            # next reply has not started, so this is when the cut reply's last sample left.
            self.cut_last_audio_ns.append(self.output.last_audio_out_ns)
        self.events.append(event)

    async def __aexit__(self, *exc) -> None:
        logging.getLogger("edge.conversation").removeHandler(self._log)
        if self.transport is not None:
            await self.transport.close()  # ends the call's frames, so the conversation returns
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)
        for wav in self._wavs.glob("*.wav"):
            wav.unlink()
        self._wavs.rmdir()

    def wav_of(self, pcm: np.ndarray) -> Path:
        path = self._wavs / f"{len(list(self._wavs.iterdir()))}.wav"
        return write_wav(path, pcm)

    async def say(self, text_or_pcm: str | np.ndarray, wait: bool = True) -> int:
        """Speak into the mic as a person at the kiosk would; returns the monotonic ns paplay was started at."""
        pcm = spoken(text_or_pcm) if isinstance(text_or_pcm, str) else text_or_pcm
        path = self.wav_of(pcm)
        started_ns = time.monotonic_ns()
        proc = await asyncio.to_thread(testbed.play_into_mic, self.bed, path, False)
        if wait:
            await asyncio.to_thread(proc.wait, 60)
        return started_ns

    async def until(self, predicate: Callable[[], object], timeout_s: float, what: str):
        deadline = time.monotonic() + timeout_s
        while not (value := predicate()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} within {timeout_s} s; events: {self.summary()}")
            await asyncio.sleep(0.02)
        return value

    @property
    def output(self):
        assert self.call is not None
        return self.call.output

    @property
    def corrections(self) -> list[AgentResponseCorrection]:
        return [e for e in self.events if isinstance(e, AgentResponseCorrection)]

    @property
    def turns(self) -> list[TurnMetrics]:
        return [e for e in self.events if isinstance(e, TurnMetrics)]

    @property
    def backchannels(self) -> list[str]:
        """Speech over the reply that paused it and was judged a backchannel (the reply then went on)."""
        return [m for m in self._log.messages if m.endswith("the reply goes on")]

    @property
    def barge_ins(self) -> list[str]:
        """Why each cut was made, as logged ("barge-in after 'The story of' ('Again.' is no backchannel; ...)")."""
        return [m for m in self._log.messages if ": barge-in after " in m]

    def summary(self) -> list[str]:
        return [f"{type(e).__name__}({getattr(e, 'transcript', '') or getattr(e, 'heard_text', '')!r})"
                for e in self.events] + self.backchannels


def questions_asked(talk: DeviceConversation) -> int:
    """How many times LONG_QUESTION was asked whole in this conversation."""
    return times_asked_whole(talk.conversation.history.turns)


async def wait_for_reply_audio(talk: DeviceConversation, timeout_s: float = 40, after_samples: int = 0,
                               asked_before: int = 0) -> int:
    """Wait until the answer to the whole question (more than `asked_before` user turns holding it) has its first
    samples out of the device (more than `after_samples` played in all: what earlier answers played); returns
    when (monotonic ns). A dropped reply to half of LONG_QUESTION must not start the clock."""
    await talk.until(lambda: questions_asked(talk) > asked_before, timeout_s, "the whole question was never committed")
    after_samples = max(after_samples, talk.output.samples_played)
    await talk.until(lambda: talk.output.samples_played > after_samples, timeout_s, "the answer never started")
    return talk.output.last_audio_out_ns


async def sleep_until_ns(t_ns: int) -> None:
    await asyncio.sleep(max(0.0, (t_ns - time.monotonic_ns()) / 1e9))


@pytest.fixture(scope="module")
def device_engines(engines):
    """The session's engines behind worker threads of their own, the plain LLM planner and no fillers (as the
    pipeline's own barge-in tests wire them): the engines are loaded once per session, never here."""
    from edge.planner import LlmPlanner
    from edge.workers import EngineWorkers

    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    yield PipelineEngines(workers, engines.vad, LlmPlanner(Config().assistant))
    workers.shutdown()


@pytest.fixture
def echo_leak(pulse_testbed):
    """The speaker leaking into the mic at `LEAK_GAIN`, removed after the test."""
    module = testbed.leak_speaker_into_mic(pulse_testbed, gain=LEAK_GAIN)
    yield pulse_testbed
    testbed.remove_leak(pulse_testbed, module)


def test_caller_interrupts_the_answer_and_it_stops_within_100_ms(echo_leak, device_engines, capsys):
    """A caller talks over a long answer 1 s in (the echo leaking into the mic, AEC on): playback stops within
    100 ms of the interruption being detected, the history keeps only the words played, and the interruption
    opens the next turn."""
    interjection = spoken(INTERJECTION)

    async def scenario():
        async with DeviceConversation(echo_leak, device_engines) as talk:
            await talk.say(LONG_QUESTION)
            first_ns = await wait_for_reply_audio(talk)
            await sleep_until_ns(first_ns + 1_000_000_000)
            assert not talk.corrections, f"the assistant interrupted itself before the caller spoke: {talk.summary()}"
            said_ns = await talk.say(interjection, wait=False)
            cut = (await talk.until(lambda: talk.corrections, 15, "no interruption was detected"))[0]
            last_ns = talk.cut_last_audio_ns[0]
            def next_turn_opened():
                turns = talk.conversation.history.turns
                # tiny.en hears the interjection's start or its end ("...the nearest exit/target"), not always both.
                return len(turns) >= 3 and any(w in turns[2].content.lower() for w in ("actually", "nearest"))

            await talk.until(next_turn_opened, 30, "the interruption never became the next turn")
            return cut, last_ns, talk.call.onset_ns(interjection, said_ns), list(talk.conversation.history.turns)

    cut, last_ns, onset, history = asyncio.run(scenario())
    assert onset is not None and onset[1] > ONSET_MIN_SCORE, f"the interjection was not found in the mic frames ({onset})"
    onset_ns = onset[0]
    assert onset_ns <= cut.detected_ns, "the interruption was detected before the caller spoke"
    stop_ms = (last_ns - cut.detected_ns) / 1e6
    with capsys.disabled():
        print(f"\n[device barge-in] detection {(cut.detected_ns - onset_ns) / 1e6:.0f} ms after the caller's "
              f"speech start, last audio {stop_ms:.0f} ms after detection ({(last_ns - onset_ns) / 1e6:.0f} ms "
              "after the speech start)")
    assert stop_ms <= STOP_BOUND_MS, (stop_ms, cut)
    assert cut.heard_text and len(cut.heard_text) < len(cut.generated_text), cut
    assert cut.generated_text.startswith(cut.heard_text.split()[0]), cut
    assert [m.role for m in history[:3]] == ["user", "assistant", "user"], history
    assert history[1].content == cut.heard_text, "the history holds more than was played"


SHORT_QUESTIONS = [
    "What is the capital of Japan?", "What color is the sky?", "How many days are in a week?",
    "What is two plus two?", "Who wrote Hamlet?", "What is the largest ocean?", "What do bees make?",
    "What is the capital of France?", "How many legs does a spider have?", "What color is grass?",
]
"""Spoken in turn (twice over for 20 answers); tiny.en hears each of them, and SmolLM2 answers in one sentence."""
SHORT_ANSWER_TOKENS = 40
"""A cap on the answers' length: a sentence or two, a few seconds each, so 20 real answers fit in ~2 minutes."""


async def answer_in_turn(talk: DeviceConversation, questions: list[str], gap_s: float = 0.3) -> list[TurnMetrics]:
    """Ask each question once the previous answer is over; returns each question's turn (the last one per ask)."""
    turns = []
    for question in questions:
        before = len(talk.turns)
        await talk.say(question)
        await talk.until(lambda: len(talk.turns) > before and not talk.conversation.busy, 40,
                         f"no answer to {question!r}")
        turns.append(talk.turns[-1])
        await asyncio.sleep(gap_s)
    return turns


def short_answer_config() -> Config:
    config = Config()
    return dataclasses.replace(config, assistant=dataclasses.replace(config.assistant,
                                                                     max_new_tokens=SHORT_ANSWER_TOKENS))


def test_the_assistant_does_not_interrupt_itself_with_its_echo_in_the_mic(echo_leak, device_engines, capsys):
    """Issue 6: with the speaker leaking into the mic, at least 19 of 20 answers play to the end with AEC on."""
    questions = (SHORT_QUESTIONS * 2)[:20]

    async def scenario():
        async with DeviceConversation(echo_leak, device_engines, short_answer_config()) as talk:
            turns = await answer_in_turn(talk, questions)
            return turns, talk.backchannels, talk.meter.levels_dbfs(), talk.transport.stats

    turns, paused, (raw_dbfs, clean_dbfs), stats = asyncio.run(scenario())
    finished = [t for t in turns if not t.interrupted and t.reply_text]
    with capsys.disabled():
        print(f"\n[device echo] {len(finished)}/20 answers finished; echo in the mic {raw_dbfs:.1f} dBFS, after AEC "
              f"{clean_dbfs:.1f} dBFS; {len(paused)} pauses judged backchannels; {stats}")
    assert raw_dbfs > -35, f"the leak put no real echo into the mic ({raw_dbfs:.1f} dBFS): nothing was tested"
    assert raw_dbfs - clean_dbfs >= MIN_ECHO_REMOVED_DB, f"AEC removed only {raw_dbfs - clean_dbfs:.1f} dB of echo"
    # (A cut answer can start a short run of replies to the echo's own words: `corrections` counts those too,
    # so the verdict is on the 20 answers themselves.)
    assert len(finished) >= 19, [(t.transcript, t.reply_text, t.interrupted) for t in turns]


def test_a_backchannel_does_not_interrupt_but_a_real_interruption_does(echo_leak, device_engines, capsys):
    """With the echo leaking and AEC on, in a conversation already under way: a "yeah" 0.7 s into a long answer only
    pauses it and it goes on to the end; then a real interruption cuts the next answer.

    The canceller has heard one answer first, as on a kiosk that has been running. On a fresh one the "yeah" came
    0.7 s into the first audio it ever heard, still mixed with 8 dB more echo, and tiny.en heard "You know" or
    "That." in 2 of 12 runs (the answer was then cut, rightly for those words); after one answer, 11 of 11 were
    heard as a backchannel (the 12th run's "yeah" came before its answer started).

    In 2 of 8 runs the "yeah" (416 ms of speech on its own) was not heard as speech at all over the answer's echo,
    so the answer went on without the judge being asked: right for the caller, but nothing tested. Such a "yeah" is
    said again over a second answer; one that is heard and cuts the answer fails at once."""

    async def scenario():
        async with DeviceConversation(echo_leak, device_engines, short_answer_config()) as talk:
            await answer_in_turn(talk, ["What is two plus two?"])
            for _attempt in range(BACKCHANNEL_ATTEMPTS):
                played, answers, asked = talk.output.samples_played, len(talk.turns), questions_asked(talk)
                await talk.say(LONG_QUESTION)
                first_ns = await wait_for_reply_audio(talk, after_samples=played, asked_before=asked)
                await sleep_until_ns(first_ns + 700_000_000)
                await talk.say("yeah")
                await talk.until(lambda: len(talk.turns) > answers and not talk.conversation.busy, 40,
                                 "the answer never finished")
                if talk.backchannels or talk.corrections:
                    break  # the "yeah" was heard: judged a backchannel (pass) or not (fail below)
            backchannel = (list(talk.backchannels), list(talk.corrections), list(talk.barge_ins), talk.turns[-1],
                           talk.summary())
            played = talk.output.samples_played
            await talk.say(LONG_QUESTION)
            await talk.until(lambda: talk.output.samples_played > played, 40, "the second answer never started")
            await asyncio.sleep(1.0)
            await talk.say(INTERJECTION, wait=False)
            await talk.until(lambda: talk.corrections, 15, "the real interruption was not detected")
            return backchannel, list(talk.corrections)

    (judged, early_cuts, why, turn, summary), corrections = asyncio.run(scenario())
    # A "yeah" heard as something else cuts the answer; say so first, since it was then never judged a backchannel.
    assert not early_cuts, f"the 'yeah' cut the answer ({why}): {early_cuts}; events: {summary}"
    assert judged, f"the 'yeah' was never judged a backchannel over the answer, so nothing was tested: {summary}"
    assert not turn.interrupted and turn.reply_text, turn
    # The cut answer keeps only what was heard. Nothing queued may be left to drop: on a slower box (the AMD EPYC
    # of stop 22, AVX2) the interjection can land while the next fragment is still being made ("The story" heard,
    # "The story" generated), and the cancelled rest is never spoken.
    assert len(corrections) == 1, corrections
    correction = corrections[0]
    assert correction.heard_text and correction.generated_text.startswith(correction.heard_text), correction
