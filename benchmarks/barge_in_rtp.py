"""Barge-in stop latency over RTP (a benchmark, not a test: it prints and saves figures, it asserts nothing).

    .venv/bin/python benchmarks/barge_in_rtp.py --engines DIR [--trials 20] [--json bench-out/barge_in_rtp.json]

Each trial is a new call to an in-process RTP endpoint (PCMU) in front of the real pipeline, built from DIR as
`edge serve` builds it (fillers off, so the caller always talks over the answer itself). A test caller on its
own threads (tests/rtp_e2e/caller.py: paced 20 ms packets out, every reply packet stamped on arrival) asks for a
long story, then talks over the answer 0.7-1.3 s after its first audio arrives. Per trial, on the one monotonic
clock the pipeline and the caller share:
- detection: the caller's speech start (the packet holding its first voiced sample left) -> the pipeline's
  `AgentResponseCorrection.detected_ns` (VAD latency plus `interruption.min_speech_ms`);
- stop from detection: detection -> the last voiced reply packet arriving at the caller (issue 6 bounds this
  by 100 ms; negative when the packet in flight at detection was already the last);
- stop from speech start: the caller's speech start -> that last voiced packet (what the caller experiences).
P50/P95 of each over the trials; every trial is saved too.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.barge_in_report import machine, print_stops, save, stop_figures  # noqa: E402
from edge.config import Config  # noqa: E402
from edge.transports.rtp import RtpOptions  # noqa: E402
from tests.pipeline.speech import spoken  # noqa: E402
from tests.rtp_e2e.caller import RtpCaller, silence_s  # noqa: E402
from tests.rtp_e2e.switchboard import Switchboard, until  # noqa: E402

LONG_QUESTION = "Tell me a long story about a dragon who lives in a castle."
INTERJECTIONS = ["Wait, actually, where is the nearest exit?", "Stop, stop, please stop talking now."]


@dataclasses.dataclass
class Trial:
    trial: int
    interjection: str
    offset_s: float
    """How long after the answer's first audio arrived the caller started talking."""
    detected: bool
    detection_ms: float | None = None
    stop_from_detection_ms: float | None = None
    stop_from_speech_ms: float | None = None
    reply_max_gap_ms: float | None = None
    """Longest silence between voiced packets of the reply before it was cut (Piper's pauses between words and
    sentences): the 200 ms that delimits the reply's stretch in `RtpCaller.talk_spurt_at` must stay above it."""
    heard_words: int = 0
    generated_words: int = 0
    voiced_runs_ms: list[tuple[float, float]] = dataclasses.field(default_factory=list)
    """Stretches of voiced reply packets (arrival, ms from the caller's speech start) from 1 s before it to 2 s
    after: where the reply played, paused and stopped around the interruption."""
    error: str = ""


async def run_trial(board: Switchboard, index: int, rng: random.Random) -> Trial:
    interjection_text = INTERJECTIONS[index % len(INTERJECTIONS)]
    offset_s = round(rng.uniform(0.7, 1.3), 3)
    trial = Trial(index, interjection_text, offset_s, detected=False)
    caller = RtpCaller(board.target, "pcmu").start()
    served = None
    try:
        caller.say(np.concatenate([silence_s(0.5), spoken(LONG_QUESTION)]))
        served = await board.call_from(caller.port)
        first = (await until(caller.voiced, 60, "the answer never started"))[0]
        await asyncio.sleep(max(0.0, (first.arrived_ns + offset_s * 1e9 - time.monotonic_ns()) / 1e9))
        interjection = caller.say(spoken(interjection_text))
        cut = (await until(lambda: served.corrections, 15, "no interruption detected"))[0]
        await until(interjection.done.is_set, 15, "the interjection was not sent")
    except AssertionError as exc:
        trial.error = f"{exc}; events: {[type(e).__name__ for e in served.events] if served else []}"
        return trial
    finally:
        caller.stop()
    playing = caller.talk_spurt_at(cut.detected_ns)  # the reply that was playing, up to where it went quiet
    if not playing:
        trial.error = "the reply was not playing at detection"
        return trial
    onset, last = interjection.onset_sent_ns, playing[-1].arrived_ns
    trial.detected = True
    trial.detection_ms = (cut.detected_ns - onset) / 1e6
    trial.stop_from_detection_ms = (last - cut.detected_ns) / 1e6
    trial.stop_from_speech_ms = (last - onset) / 1e6
    trial.voiced_runs_ms = voiced_runs([p.arrived_ns for p in caller.voiced()], onset)
    trial.reply_max_gap_ms = round(max(np.diff([p.arrived_ns for p in playing]), default=0) / 1e6, 1)
    trial.heard_words, trial.generated_words = len(cut.heard_text.split()), len(cut.generated_text.split())
    # the call idles out (the caller stopped) and its conversation ends before the next trial starts
    await until(lambda: served.task is not None and served.task.done(), 20, "the call did not end")
    return trial


def describe(trial: Trial) -> str:
    if not trial.detected:
        return f"MISSED ({trial.error})"
    return (f"detect {trial.detection_ms:6.1f} ms, stop after detection {trial.stop_from_detection_ms:6.1f} ms, "
            f"after speech start {trial.stop_from_speech_ms:6.1f} ms, heard {trial.heard_words}/"
            f"{trial.generated_words} words, longest pause in the reply {trial.reply_max_gap_ms} ms")


def voiced_runs(arrivals_ns: list[int], origin_ns: int, gap_ms: float = 60.0) -> list[tuple[float, float]]:
    rel = [(t - origin_ns) / 1e6 for t in sorted(arrivals_ns) if -1000 <= (t - origin_ns) / 1e6 <= 2000]
    runs: list[list[float]] = []
    for t in rel:
        if runs and t - runs[-1][1] <= gap_ms:
            runs[-1][1] = t
        else:
            runs.append([t, t])
    return [(round(a, 1), round(b, 1)) for a, b in runs]


async def bench(engines_dir: Path, trials: int, seed: int) -> dict:
    from edge.assembly import build_runtime

    config = Config()
    # Fillers off: a filler ("Let me see.") that plays first when the answer runs late would be what the caller
    # talks over, and talking over a filler reopens the turn instead of cutting an answer (no correction to time).
    config = dataclasses.replace(config, engines=dataclasses.replace(config.engines, dir=engines_dir),
                                 fillers=dataclasses.replace(config.fillers, enabled=False))
    runtime = await asyncio.to_thread(build_runtime, config)
    rng = random.Random(seed)
    records: list[Trial] = []
    load_before = os.getloadavg()
    try:
        options = RtpOptions(enabled=True, port=0, payload="pcmu", idle_timeout_s=0.5)
        async with Switchboard(runtime.engines, options, config) as board:
            for i in range(trials):
                trial = await run_trial(board, i, rng)
                records.append(trial)
                print(f"trial {i + 1:2d}/{trials}: {describe(trial)}", flush=True)
    finally:
        runtime.engines.workers.shutdown()
    ok = [t for t in records if t.detected]
    return {
        "machine": machine(load_before),
        "transport": "rtp pcmu, in-process endpoint, caller on its own threads",
        "trials": len(records),
        **stop_figures(ok),
        "reply_longest_pause_ms": max((t.reply_max_gap_ms for t in ok), default=None),
        "records": [dataclasses.asdict(t) for t in records],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", type=Path, required=True, help="engines directory (edge-build build --out DIR)")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=Path("bench-out/barge_in_rtp.json"))
    args = parser.parse_args(argv)
    if args.trials < 1:
        parser.error("--trials must be at least 1")
    result = asyncio.run(bench(args.engines, args.trials, args.seed))
    print_stops(result)
    print(f"load average before {result['machine']['loadavg_before']}, after {result['machine']['loadavg_after']}")
    save(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
