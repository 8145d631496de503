"""Plays manifest clips in real time through a real RTP endpoint into the pipeline, and times every turn.

The pipeline side runs here, in the bench's own process, exactly as the daemon wires it: an `RtpEndpoint` on
127.0.0.1 and one conversation per call over engines loaded once (`build_runtime`). Keeping it in-process lets the
bench read each turn's `TurnMetrics` (the per-stage stamps) from the observer and reuse the loaded engines
across variants. The caller side is a separate process (`edge.bench.peer`): a PBX stand-in whose 20 ms send
clock and reply arrival stamps cannot be delayed by the pipeline's event loop. Both stamp with CLOCK_MONOTONIC.

Every clip is a new call (a new SSRC), so turns are independent (no history carried over) and each starts the
way a kiosk visitor's or a caller's does. A turn: `lead_s` of silence, the clip, then silence until the turn
was answered and every engine stayed idle for `lead_s`. The next clip then starts from the caller's other
source address, so the previous reply plays out on its own call (its TurnMetrics come at its end) without
making the bench wait through seconds of playback that measure nothing. TTFA = arrival of the first non-silent reply packet
minus the send time of the packet that holds the clip's true end of speech.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from edge.bench.manifest import ManifestEntry
from edge.bench.wer import word_errors
from edge.events import ConversationEvent, SpeculationDiscarded, TurnMetrics
from edge.transports.rtp import RtpEndpoint

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
TURN_TIMEOUT_S = 60.0
"""A turn that has not gone idle this long after its clip was sent is recorded as timed out."""


@dataclass
class TurnRecord:
    """One played clip and what the pipeline did with it (times in ms from the true end of speech)."""

    variant: str
    turn: int
    audio: str
    reference: str
    speech_end_s: float
    """True end of speech in the clip, seconds from its start."""
    ttfa_ms: float | None = None
    """First non-silent reply packet at the caller minus the send time of the speech-end packet (a filler's, when
    the pipeline played one because the answer ran late)."""
    ttfa_answer_ms: float | None = None
    """The same for the answer itself: `ttfa_ms` plus the pipeline's gap from the filler's first sample out to
    the answer's (equal to `ttfa_ms` when no filler was played)."""
    filler: str = ""
    """The filler phrase played before the answer ('' if none)."""
    stages_ms: dict[str, float | None] = field(default_factory=dict)
    """LATENCY.md stages of the answering turn, plus `delivery` (pipeline send -> caller arrival)."""
    transcript: str = ""
    """Everything the pipeline transcribed of this clip (all its turns, in order)."""
    reply_text: str = ""
    source: str = "none"
    word_errors: int = 0
    reference_words: int = 0
    discards: int = 0
    """Speculations thrown away during this clip (the user went on talking after a pause)."""
    pipeline_turns: int = 0
    """Turns the pipeline committed for this clip: more than 1 means it answered part of an utterance."""
    early_commit: bool = False
    """A turn was committed before the true end of speech (answered, or reopened when the caller went on)."""
    spoke_before_end_ms: float = 0.0
    """How much of the assistant's voice reached the caller before the true end of speech (20 ms per voiced
    packet): a turn committed in a pause of the caller's, heard for a moment, then reopened when they went on."""
    faq_entry: str | None = None
    error: str | None = None
    waterfall: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Stage -> (start, end) in ms from the true end of speech, for the picture."""


ConversationFactory = Callable[..., Any]
"""(call, PipelineEngines, Config, observer=...) -> an object with `run()` and `busy` (Conversation's shape)."""


class _Peer:
    """The caller process and its event stream."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.events: dict[int, dict[str, dict]] = {}
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, target: tuple[str, int], payload: str) -> "_Peer":
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "edge.bench.peer", "--target", f"{target[0]}:{target[1]}", "--payload", payload,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env)
        peer = cls(proc)
        await asyncio.wait_for(peer.wait_event(-1, "ready"), 30)
        return peer

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            event = json.loads(line)
            self.events.setdefault(int(event.get("turn", -1)), {})[event["event"]] = event
            self._changed.set()

    def event(self, turn: int, name: str) -> dict | None:
        return self.events.get(turn, {}).get(name)

    async def wait_event(self, turn: int, name: str) -> dict:
        while (found := self.event(turn, name)) is None:
            if self._reader.done():
                raise RuntimeError(f"the bench's RTP peer exited (code {self.proc.returncode}); run "
                                   "`python -m edge.bench.peer --help` to check it starts")
            self._changed.clear()
            await self._changed.wait()
        return found

    def send(self, **cmd) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(cmd) + "\n").encode())

    async def close(self) -> None:
        if self.proc.returncode is None:
            self.send(cmd="quit")
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except asyncio.TimeoutError:
                self.proc.kill()
                await self.proc.wait()
        await asyncio.gather(self._reader, return_exceptions=True)


class BenchRunner:
    """Runs one variant's turns; `progress` gets one line per turn."""

    def __init__(self, payload: str = "pcmu", lead_s: float = 1.0, progress: Callable[[str], None] = print) -> None:
        if lead_s < 1.0:
            raise ValueError(f"lead_s {lead_s} is under 1 s: the endpointer needs real silence around each clip")
        self.payload, self.lead_s, self.progress = payload, lead_s, progress

    async def run(self, variant: str, entries: list[ManifestEntry], engines, config,
                  factory: ConversationFactory) -> list[TurnRecord]:
        options = dataclasses.replace(config.rtp, enabled=True, bind_host="127.0.0.1", port=0, payload=self.payload)
        # Each variant starts with no phrase audio kept, so none profits from the turns of the one before.
        engines.workers.phrases.clear()
        endpoint = RtpEndpoint(options)
        await endpoint.start()
        ssrcs: dict[int, int] = {}
        metrics: dict[int, list[TurnMetrics]] = {}
        discards: dict[int, int] = {}
        reopened: dict[int, list[int]] = {}
        conversations: dict[int, Any] = {}
        tasks: list[asyncio.Task] = []

        async def accept() -> None:
            async for call in endpoint.calls():
                turn = ssrcs.get(call.ssrc)
                if turn is None:
                    continue  # a stray call (not one of ours): nobody answers it

                def observe(event: ConversationEvent, turn: int = turn) -> None:
                    if isinstance(event, TurnMetrics):
                        metrics.setdefault(turn, []).append(event)
                    elif isinstance(event, SpeculationDiscarded):
                        discards[turn] = discards.get(turn, 0) + 1
                        if event.reopened_commit_ns:
                            reopened.setdefault(turn, []).append(event.reopened_commit_ns)

                conversation = factory(call, engines, config, observer=observe)
                conversations[turn] = conversation
                tasks.append(asyncio.create_task(conversation.run()))

        acceptor = asyncio.create_task(accept())
        peer = await _Peer.start(endpoint.local_address, self.payload)
        errors: dict[int, str | None] = {}
        ttfas: list[float] = []
        try:
            for turn, entry in enumerate(entries):
                if turn >= 2:  # the peer's socket of turn-2 is reused now: its reply must have played out
                    await self._wait_played(conversations.get(turn - 2))
                ssrc = random.getrandbits(32)
                ssrcs[ssrc] = turn
                peer.send(cmd="play", turn=turn, ssrc=ssrc, audio=str(entry.audio), speech_end=entry.speech_end_s,
                          lead_s=self.lead_s)
                errors[turn] = await self._wait_turn(peer, turn, conversations, engines.workers)
                self.progress(_progress_line(variant, turn, len(entries), peer, entry, errors[turn], ttfas))
            for conversation in conversations.values():
                await self._wait_played(conversation)
            phrases = engines.workers.phrases
            self.progress(f"[{variant}] phrase cache: {phrases.hits} fragments replayed, {phrases.misses} "
                          f"synthesized ({len(phrases)} kept)")
        finally:
            await peer.close()
            acceptor.cancel()
            await endpoint.close()
            await asyncio.gather(acceptor, *tasks, return_exceptions=True)
        return [_record(variant, turn, entry, peer, metrics.get(turn, []), discards.get(turn, 0), errors.get(turn),
                        options.packet_ms, reopened.get(turn, [])) for turn, entry in enumerate(entries)]

    async def _wait_turn(self, peer: _Peer, turn: int, conversations: dict[int, Any], workers) -> str | None:
        """Wait until the clip was sent, then until the turn was answered (or dropped) and every engine stayed
        idle for `lead_s`: the reply may still be playing, but nothing is computing any more."""
        try:
            await asyncio.wait_for(peer.wait_event(turn, "clip_sent"), TURN_TIMEOUT_S)
        except asyncio.TimeoutError:
            return "the clip was not sent"
        deadline = time.monotonic() + TURN_TIMEOUT_S
        idle_since = None
        threads = (workers.stt_thread, workers.llm_thread, workers.tts_thread)
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            conversation = conversations.get(turn)
            settled = conversation is not None and (peer.event(turn, "first_reply") is not None
                                                    or not conversation.busy)
            if not settled or any(t.busy for t in threads):
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since >= self.lead_s:
                return None
        return "timed out" if turn in conversations else "no call reached the pipeline"

    async def _wait_played(self, conversation: Any) -> None:
        """Until the conversation is idle (reply played out, its TurnMetrics reported), at most TURN_TIMEOUT_S."""
        deadline = time.monotonic() + TURN_TIMEOUT_S
        while conversation is not None and conversation.busy and time.monotonic() < deadline:
            await asyncio.sleep(0.05)


def _record(variant: str, turn: int, entry: ManifestEntry, peer: _Peer, turns: list[TurnMetrics], discards: int,
            error: str | None, reply_packet_ms: int, reopened_commits_ns: list[int]) -> TurnRecord:
    assert entry.speech_end_s is not None
    record = TurnRecord(variant, turn, str(entry.audio), entry.text, entry.speech_end_s, faq_entry=entry.faq_entry,
                        discards=discards, pipeline_turns=len(turns), error=error)
    record.transcript = " ".join(m.transcript for m in turns if m.transcript)
    record.word_errors, record.reference_words = word_errors(entry.text, record.transcript)
    end_event, reply_event = peer.event(turn, "speech_end_sent"), peer.event(turn, "first_reply")
    if end_event is None:
        record.error = record.error or "the speech end was never sent"
        return record
    true_end = int(end_event["ns"])
    record.spoke_before_end_ms = float(end_event.get("voiced_before_end", 0) * reply_packet_ms)
    # A turn reopened because the caller went on was committed too, though it reports no metrics of its own.
    record.early_commit = any(ns < true_end for ns in reopened_commits_ns) or any(
        m.committed_ns and m.committed_ns < true_end for m in turns)
    if reply_event is not None:
        record.ttfa_ms = (int(reply_event["ns"]) - true_end) / 1e6
    elif record.error is None:
        record.error = "no reply was heard" if turns else "the pipeline committed no turn"
    if not turns:
        return record
    # The turn that answered: the last one committed before the reply was heard (the only one, normally).
    heard_ns = int(reply_event["ns"]) if reply_event else 0
    answering = [m for m in turns if m.first_audio_out_ns and (not heard_ns or m.first_audio_out_ns <= heard_ns)]
    m = answering[-1] if answering else turns[-1]
    record.reply_text, record.source = m.reply_text, m.source
    record.filler = getattr(m, "filler", "")
    answer_ns = getattr(m, "answer_audio_out_ns", 0)
    if record.ttfa_ms is not None:
        if answer_ns and m.first_audio_out_ns:
            record.ttfa_answer_ms = record.ttfa_ms + (answer_ns - m.first_audio_out_ns) / 1e6
        elif not record.filler:
            record.ttfa_answer_ms = record.ttfa_ms
    stages = m.stages_ms(true_end)
    stages["delivery"] = (heard_ns - m.first_audio_out_ns) / 1e6 if heard_ns and m.first_audio_out_ns else None
    stages["ttfa_pipeline"] = stages.pop("ttfa")
    if "ttfa_answer" in stages:
        stages["ttfa_answer_pipeline"] = stages.pop("ttfa_answer")
    stages["ttfa"] = record.ttfa_ms
    stages["ttfa_answer"] = record.ttfa_answer_ms
    record.stages_ms = stages
    record.waterfall = _waterfall(m, true_end, heard_ns, answer_ns)
    return record


def _waterfall(m: TurnMetrics, true_end: int, heard_ns: int, answer_ns: int) -> dict[str, tuple[float, float]]:
    def ms(ns: int) -> float:
        return (ns - true_end) / 1e6

    audio_ready = max(m.first_chunk_ns, m.committed_ns) if m.first_chunk_ns else 0
    spans = {
        "endpoint": (true_end, m.committed_ns),
        "stt_final": (m.speculation_start_ns or m.committed_ns, m.transcript_ns),
        "llm_ttft": (m.transcript_ns, m.first_token_ns),
        "first_fragment": (m.first_token_ns, m.first_fragment_ns),
        "tts_first_chunk": (m.first_fragment_ns, m.first_chunk_ns),
        "output": (audio_ready, answer_ns or m.first_audio_out_ns),
        "delivery": (m.first_audio_out_ns, heard_ns),
        "filler": (m.first_audio_out_ns, answer_ns) if answer_ns and answer_ns > m.first_audio_out_ns else (0, 0),
    }
    return {k: (ms(a), ms(b)) for k, (a, b) in spans.items() if a and b}


def _progress_line(variant: str, turn: int, total: int, peer: _Peer, entry: ManifestEntry, error: str | None,
                   ttfas: list[float]) -> str:
    from edge.bench.report import percentile

    end, reply = peer.event(turn, "speech_end_sent"), peer.event(turn, "first_reply")
    ttfa = (reply["ns"] - end["ns"]) / 1e6 if end and reply else None
    if ttfa is not None:
        ttfas.append(ttfa)
    p50 = percentile(ttfas, 50)
    shown = f"{ttfa:6.0f} ms" if ttfa is not None else "     -   "
    running = f"{p50:5.0f} ms" if p50 is not None else "  -"
    note = f" [{error}]" if error else ""
    return f"[{variant}] turn {turn + 1}/{total}  ttfa {shown}  running P50 {running}  {entry.text[:50]!r}{note}"
