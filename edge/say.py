"""`edge say`: one recorded question through the real pipeline, the reply written to a WAV, timings printed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from edge.config import Config
from edge.conversation import Conversation
from edge.events import ConversationEvent, PartialTranscript, TurnMetrics
from edge.transports.wavfile import FileCall, read_audio, write_wav

REPLY_TIMEOUT_S = 60.0


async def answer_file(runtime, config: Config, call: FileCall, on_event=None) -> TurnMetrics | None:
    """Run `call` through a conversation until its first turn has been answered (or nothing was heard)."""
    turns: list[TurnMetrics] = []
    done = asyncio.Event()

    def observe(event: ConversationEvent) -> None:
        if on_event is not None:
            on_event(event)
        if isinstance(event, TurnMetrics):
            turns.append(event)
            done.set()

    conversation = Conversation(call, runtime.engines, config, observer=observe)
    task = asyncio.create_task(conversation.run())
    input_s = call._audio.size / 16_000
    try:
        await asyncio.wait_for(done.wait(), timeout=input_s + REPLY_TIMEOUT_S)
    except asyncio.TimeoutError:
        pass
    call.hang_up()
    await task
    return turns[0] if turns else None


async def say(config: Config, question: Path, out: Path | None, realtime: bool = True) -> int:
    from edge.assembly import build_runtime

    started = time.monotonic()
    runtime = await asyncio.to_thread(build_runtime, config)
    print(f"engines loaded and warmed in {time.monotonic() - started:.1f} s")
    call = FileCall(read_audio(question), output_rate_hz=runtime.engines.workers.tts.sample_rate_hz,
                    realtime=realtime)

    def show(event: ConversationEvent) -> None:
        if isinstance(event, PartialTranscript):
            print(f"  partial: {event.text}")

    try:
        turn = await answer_file(runtime, config, call, on_event=show)
    finally:
        runtime.engines.workers.shutdown()
    if turn is None:
        print("no speech was recognised in the question")
        return 1
    print(f"transcript: {turn.transcript}")
    print(f"reply:      {turn.reply_text}  [{turn.source}]")
    if turn.filler:
        print(f"filler:     {turn.filler!r} (the answer was late)")
    # Measured from the VAD's end of speech; `edge bench` measures from the true end, known from the audio.
    for stage, ms in turn.stages_ms().items():
        print(f"  {stage:16s} {'-' if ms is None else f'{ms:7.0f} ms'}")
    if out is not None:
        write_wav(out, call.reply_audio, call.output.sample_rate_hz)
        print(f"reply audio: {out} ({call.reply_audio.size / call.output.sample_rate_hz:.1f} s)")
    return 0
