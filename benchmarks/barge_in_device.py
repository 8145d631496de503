"""Barge-in on the local device (a benchmark, not a test: it prints and saves figures, it asserts nothing).

    .venv/bin/python benchmarks/barge_in_device.py --engines DIR [--trials 20] [--answers 20] [--gain 0.5]
        [--json bench-out/barge_in_device.json]

Runs on a private PulseAudio test bed (tests/testbed.py: null sinks `mic` and `spk`), with the speaker leaking
into the mic through module-loopback at `--gain` (0.5: the assistant's echo reaches the mic about as loud as a
user at arm's length), the real pipeline built from DIR as `edge serve` builds it (fillers off, so the caller
always talks over the answer itself) and the device transport opened on the `pulse` device.

1. Stop latency, AEC on (the default), `--trials` times: the caller (paplay into `mic`) asks for a long story
   and talks over the answer 0.7-1.3 s after its first audio left. On the one monotonic clock:
   - detection: the caller's speech start (its first voiced sample, found in the mic frames the pipeline got by
     matching its loudness contour, stamped with their arrival) -> `AgentResponseCorrection.detected_ns`;
   - stop from detection: detection -> the last sample of the cut reply leaving the transport
     (`last_audio_out_ns` read inside the cut; negative when the reply was between words at detection);
   - stop from speech start: the caller's speech start -> that last sample (what the caller experiences, less
     the speaker's own output latency, reported apart).
2. Self-interruption, AEC on and off: `--answers` short questions, each answered in a conversation of its own
   (without AEC a cut answer starts a loop of the assistant answering its own echo, which would spill into the
   next question); with AEC on one canceller is carried across them, as on the running device. An answer
   counts as self-interrupted when it was cut with no one talking; pauses that were then judged a backchannel
   (the reply paused and went on) are counted apart.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.barge_in_report import machine, print_stops, save, stop_figures  # noqa: E402
from edge.bench.variants import apply_overlay, parse_overlay  # noqa: E402
from edge.config import Config, ConfigError  # noqa: E402
from edge.transports.device import DeviceOptions  # noqa: E402
from tests import testbed  # noqa: E402
from tests.device.test_barge_in_device import (  # noqa: E402
    INTERJECTION, LONG_QUESTION, SHORT_QUESTIONS, DeviceConversation, MeteredEchoCanceller, short_answer_config,
    sleep_until_ns, wait_for_reply_audio)
from tests.pipeline.speech import spoken  # noqa: E402

INTERJECTIONS = [INTERJECTION, "Hold on, what time do you close today?"]
"""No repeated words: "Stop, stop, please stop" made the caller's speech start ambiguous to find (the match
landed on the second "stop", 300 ms late)."""


@dataclasses.dataclass
class StopTrial:
    trial: int
    interjection: str
    offset_s: float
    """How long after the answer's first audio left the caller started talking."""
    detected: bool = False
    detection_ms: float | None = None
    stop_from_detection_ms: float | None = None
    stop_from_speech_ms: float | None = None
    onset_similarity: float | None = None
    """How alike the loudness contour of the caller's first second was in the mic frames (1 = the same)."""
    heard_words: int = 0
    generated_words: int = 0
    error: str = ""


@dataclasses.dataclass
class Answer:
    question: str
    transcript: str = ""
    reply_text: str = ""
    self_interrupted: bool = False
    paused: int = 0
    """Times the reply paused on speech that was then judged a backchannel (the assistant's own echo)."""
    error: str = ""


async def stop_trial(bed, engines, config: Config, index: int, rng: random.Random) -> StopTrial:
    trial = StopTrial(index, INTERJECTIONS[index % len(INTERJECTIONS)], round(rng.uniform(0.7, 1.3), 3))
    interjection = spoken(trial.interjection)
    try:
        async with DeviceConversation(bed, engines, config) as talk:
            await talk.say(LONG_QUESTION)
            first_ns = await wait_for_reply_audio(talk, 60)
            await sleep_until_ns(first_ns + int(trial.offset_s * 1e9))
            if talk.corrections:
                trial.error = f"interrupted itself before the caller spoke: {talk.summary()}"
                return trial
            said_ns = await talk.say(interjection, wait=False)
            cut = (await talk.until(lambda: talk.corrections, 15, "no interruption detected"))[0]
            last_ns = talk.cut_last_audio_ns[0]
            await asyncio.to_thread(lambda: [p.wait(30) for p in list(bed.players)])
            await asyncio.sleep(0.3)  # the caller's last words reach the pipeline
            onset = talk.call.onset_ns(interjection, said_ns)
    except AssertionError as exc:
        trial.error = str(exc)
        return trial
    trial.heard_words, trial.generated_words = len(cut.heard_text.split()), len(cut.generated_text.split())
    if cut.samples_dropped == 0 and trial.heard_words == trial.generated_words:
        trial.error = "the answer was over before the caller spoke (a one-line reply): nothing to stop"
        return trial
    if onset is None or onset[1] < 0.6:
        trial.error = f"the caller's speech was not found in the mic frames ({onset})"
        return trial
    onset_ns, trial.onset_similarity = onset[0], round(onset[1], 2)
    trial.detected = True
    trial.detection_ms = round((cut.detected_ns - onset_ns) / 1e6, 1)
    trial.stop_from_detection_ms = round((last_ns - cut.detected_ns) / 1e6, 1)
    trial.stop_from_speech_ms = round((last_ns - onset_ns) / 1e6, 1)
    return trial


async def answer_once(bed, engines, config: Config, question: str, aec: bool,
                      canceller: MeteredEchoCanceller | None) -> Answer:
    answer = Answer(question)
    try:
        async with DeviceConversation(bed, engines, config, echo_cancellation=aec, echo_canceller=canceller) as talk:
            await talk.say(question)
            await talk.until(lambda: talk.turns, 40, "no answer")
            turn = talk.turns[0]
            answer.transcript, answer.reply_text = turn.transcript, turn.reply_text
            answer.self_interrupted = turn.interrupted
            answer.paused = len(talk.backchannels)
    except AssertionError as exc:
        answer.error = str(exc)
    return answer


async def bench(engines_dir: Path, trials: int, answers: int, gain: float, seed: int,
                overlay: dict[str, object], aec_off: bool = True) -> dict:
    from edge.assembly import build_runtime

    config = Config()
    config = dataclasses.replace(config, engines=dataclasses.replace(config.engines, dir=engines_dir),
                                 fillers=dataclasses.replace(config.fillers, enabled=False))
    config = apply_overlay(config, overlay, "--set")
    answer_config = apply_overlay(short_answer_config(), overlay, "--set")
    runtime = await asyncio.to_thread(build_runtime, config)
    engines = runtime.engines
    rng = random.Random(seed)
    questions = [SHORT_QUESTIONS[i % len(SHORT_QUESTIONS)] for i in range(answers)]
    load_before = os.getloadavg()
    bed = testbed.start_testbed()
    stops: list[StopTrial] = []
    rates: dict[str, list[Answer]] = {"aec_on": [], "aec_off": []}
    try:
        with testbed.client_env_applied(bed):
            testbed.leak_speaker_into_mic(bed, gain)
            for i in range(trials):
                trial = await stop_trial(bed, engines, config, i, rng)
                stops.append(trial)
                print(f"stop {i + 1:2d}/{trials}: " + (
                    f"detect {trial.detection_ms:6.1f} ms, stop after detection {trial.stop_from_detection_ms:6.1f}"
                    f" ms, after speech start {trial.stop_from_speech_ms:6.1f} ms, heard {trial.heard_words}/"
                    f"{trial.generated_words} words" if trial.detected else f"MISSED ({trial.error[:300]})"),
                      flush=True)
            canceller = MeteredEchoCanceller(DeviceOptions(input_device="pulse", output_device="pulse"))
            for mode, aec in (("aec_on", True), ("aec_off", False))[: 2 if aec_off else 1]:
                for i, question in enumerate(questions):
                    answer = await answer_once(bed, engines, answer_config, question, aec, canceller if aec else None)
                    rates[mode].append(answer)
                    print(f"{mode} {i + 1:2d}/{answers}: {'CUT ' if answer.self_interrupted else 'done'} "
                          f"paused {answer.paused} {answer.reply_text!r} {answer.error[:200]}", flush=True)
    finally:
        testbed.stop_testbed(bed)
        engines.workers.shutdown()
    ok = [t for t in stops if t.detected]
    summary = {}
    for mode, got in rates.items():
        judged = [a for a in got if not a.error]
        summary[mode] = {"answers": len(got), "judged": len(judged),
                         "self_interrupted": sum(a.self_interrupted for a in judged),
                         "rate": round(sum(a.self_interrupted for a in judged) / max(len(judged), 1), 3),
                         "answers_with_a_pause": sum(a.paused > 0 for a in judged)}
    raw_dbfs, clean_dbfs = canceller.levels_dbfs()
    return {
        "machine": machine(load_before),
        "transport": "device (PortAudio on the PulseAudio null-sink test bed), echo leak by module-loopback",
        "leak_gain": gain,
        "echo_levels_dbfs_aec_on": {"mic_raw": round(raw_dbfs, 1), "after_aec": round(clean_dbfs, 1)},
        "trials": len(stops),
        **stop_figures(ok),
        "self_interruption": summary,
        "stop_records": [dataclasses.asdict(t) for t in stops],
        "answer_records": {mode: [dataclasses.asdict(a) for a in got] for mode, got in rates.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", type=Path, required=True, help="engines directory (edge-build build --out DIR)")
    parser.add_argument("--trials", type=int, default=20, help="interruptions timed")
    parser.add_argument("--answers", type=int, default=20,
                        help="answers per AEC setting for the self-interruption rate")
    parser.add_argument("--gain", type=float, default=0.5, help="speaker -> mic leak (linear)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=Path("bench-out/barge_in_device.json"))
    parser.add_argument("--set", action="append", default=[], metavar="GROUP.OPTION=VALUE",
                        help="change one config option (YAML value), e.g. fragments.first_max_words=4; repeatable")
    parser.add_argument("--no-aec-off", action="store_true", help="skip the answers without AEC")
    args = parser.parse_args(argv)
    try:
        overlay = {key: value for text in args.set for key, value in parse_overlay(text).items()}
    except ConfigError as exc:
        parser.error(f"--set: {exc}")
    if args.trials < 1 or args.answers < 1 or not 0 < args.gain <= 2:
        parser.error("--trials and --answers must be at least 1, --gain in (0, 2]")
    started = time.monotonic()
    result = asyncio.run(bench(args.engines, args.trials, args.answers, args.gain, args.seed, overlay,
                               aec_off=not args.no_aec_off))
    result["overlay"] = overlay
    print_stops(result)
    for mode, figures in result["self_interruption"].items():
        print(f"self-interruption {mode}: {figures['self_interrupted']}/{figures['judged']} answers cut "
              f"({figures['answers_with_a_pause']} paused and resumed)")
    levels = result["echo_levels_dbfs_aec_on"]
    print(f"echo in the mic {levels['mic_raw']} dBFS, after AEC {levels['after_aec']} dBFS (gain {args.gain})")
    print(f"load average before {result['machine']['loadavg_before']}, after {result['machine']['loadavg_after']}; "
          f"{time.monotonic() - started:.0f} s")
    save(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
