"""Warm per-engine figures on this machine (a benchmark, not a test: it prints and saves, it asserts nothing).

    .venv/bin/python benchmarks/engines.py --engines DIR [--repeat 20] [--json bench-out/engines.json]

DIR is an engines directory from `edge-build build --out DIR` (built first if missing). Every engine is loaded
and warmed once, then each figure is repeated and reported as P50 / P95:
- VAD: time per 512-sample frame;
- STT: final transcript of 2 s and 5 s of real speech (Asterisk prompts), tiny.en (and base if built); and the two
  Whisper replicas: the two longest prompts one after the other against both at once from two threads (what lets
  the end-of-turn transcript not queue behind a partial);
- LLM: time to first token and decode tokens/s, with and without the cached system prompt (static_prompt);
- TTS: time to the first audio chunk for 1-, 4- and 9-word fragments;
- cold start (`--cold-loads N`, 0 to skip): each engine loaded N times without the daemon's boot warm-up, its first
  call (what the first caller would wait for without it) against the same call once warm.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engines.loader import load_engine  # noqa: E402
from engines.llm_ct2 import Ct2Llm  # noqa: E402
from engines.manifest import read_manifest  # noqa: E402
from engines.protocols import CancelToken, ChatMessage  # noqa: E402

SYSTEM = ("You are the help kiosk at Greenfield Library. Opening hours: 9 am to 6 pm Monday to Saturday, closed on "
          "Sunday. Toilets: first floor, next to the lift. Wi-Fi: network Greenfield-Guest, password books2024. "
          "Printing costs 10 cents a page at the front desk. Answer in one short sentence, and say you don't know "
          "when the answer is not here.")


def pct(values: list[float]) -> dict[str, float]:
    arr = np.array(values)
    return {"p50_ms": round(float(np.percentile(arr, 50)) * 1000, 2),
            "p95_ms": round(float(np.percentile(arr, 95)) * 1000, 2), "n": len(values)}


def bench_vad(engines_dir: Path, repeat: int) -> dict:
    from tests.speech_corpus import load_prompts

    vad, _ = load_engine(engines_dir, "vad")
    audio = np.concatenate([p.audio for p in load_prompts()[:5]])
    frames = audio[: audio.size // 512 * 512].reshape(-1, 512)
    stream = vad.stream()
    times = []
    for _ in range(max(1, repeat // 10)):
        for f in frames:
            t = time.perf_counter()
            stream.probability(f)
            times.append(time.perf_counter() - t)
    return {"per_frame": pct(times)}


def speech_of(seconds: float) -> np.ndarray:
    """Real speech cut to `seconds`: the prompt closest in length (cut, or padded with its own silence)."""
    from tests.speech_corpus import load_prompts

    prompts = load_prompts(count=60, min_s=1.0, max_s=8.0)
    best = min(prompts, key=lambda p: abs(p.duration_s - seconds))
    n = int(seconds * 16_000)
    return np.pad(best.audio, (0, max(0, n - best.audio.size)))[:n]


def bench_stt(engines_dir: Path, name: str, repeat: int) -> dict:
    stt, _ = load_engine(engines_dir, name)
    out = {}
    for seconds in (2.0, 5.0):
        audio = speech_of(seconds)
        for partial in (False, True):
            times = [stt.transcribe(audio, partial=partial).compute_s for _ in range(repeat)]
            out[f"{'partial' if partial else 'final'}_{seconds:.0f}s"] = pct(times)
    out["two_replicas"] = bench_two_replicas(stt, repeat)
    return out


def bench_two_replicas(stt, repeat: int) -> dict:
    """Two clips one after the other, then at once from two threads: the ratio is what the second replica buys."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.speech_corpus import load_prompts

    prompts = sorted(load_prompts(), key=lambda p: p.duration_s)[-2:]
    serial, together = [], []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(max(3, repeat // 4)):
            start = time.perf_counter()
            for p in prompts:
                stt.transcribe(p.audio)
            serial.append(time.perf_counter() - start)
            start = time.perf_counter()
            list(pool.map(lambda p: stt.transcribe(p.audio), prompts))
            together.append(time.perf_counter() - start)
    ratios = sorted(t / s for t, s in zip(together, serial))
    return {"replicas": stt.replicas, "one_after_the_other": pct(serial), "at_once": pct(together),
            "at_once_over_one_after_the_other_p50": round(float(np.percentile(ratios, 50)), 3)}


def _one_reply(llm: Ct2Llm, question: str) -> tuple[float, float | None]:
    """(time to first token, decode tokens/s after the first) for one greedy reply."""
    messages = [ChatMessage("system", SYSTEM), ChatMessage("user", question)]
    start = time.perf_counter()
    first, count = None, 0
    for _piece in llm.stream_reply(messages, max_new_tokens=40, cancel=CancelToken()):
        count += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    assert first is not None
    return first - start, (count - 1) / (end - first) if count > 1 and end > first else None


def bench_llm(engines_dir: Path, name: str, repeat: int) -> dict:
    load_engine(engines_dir, name, warm=False)  # manifest check
    questions = ["When do you open on Saturday?", "What is the Wi-Fi password?", "Where are the toilets?",
                 "How much is printing?"]
    variants = {"cached_system_prompt": Ct2Llm(engines_dir / name, name=name, cache_static_prompt=True),
                "no_cache": Ct2Llm(engines_dir / name, name=name, cache_static_prompt=False)}
    ttft: dict[str, list[float]] = {k: [] for k in variants}
    rate: dict[str, list[float]] = {k: [] for k in variants}
    for llm in variants.values():
        llm.warmup()
    # Interleaved, so load from other work on the box hits both variants alike.
    for i in range(repeat):
        for key, llm in variants.items():
            first_s, tok_s = _one_reply(llm, questions[i % len(questions)])
            ttft[key].append(first_s)
            if tok_s:
                rate[key].append(tok_s)
    parts = variants["no_cache"].prompt_parts([ChatMessage("system", SYSTEM), ChatMessage("user", questions[0])])
    return {key: {"ttft": pct(ttft[key]), "decode_tok_per_s_p50": round(float(np.median(rate[key])), 1),
                  "prompt_tokens": len(parts.static) + len(parts.dynamic), "cached_prefix_tokens":
                  len(parts.static) if key == "cached_system_prompt" else 0} for key in variants}


def bench_tts(engines_dir: Path, repeat: int) -> dict:
    tts, _ = load_engine(engines_dir, "tts-joe")
    fragments = {1: "Sure.", 4: "The toilets are upstairs.",
                 9: "The library opens at nine in the morning on weekdays."}
    out = {}
    for words, text in fragments.items():
        times, audio_s = [], 0.0
        for _ in range(repeat):
            start = time.perf_counter()
            chunk = next(iter(tts.synthesize(text)))
            times.append(time.perf_counter() - start)
            audio_s = chunk.size / tts.sample_rate_hz
        out[f"{words}_words"] = {"first_chunk": pct(times), "audio_s": round(audio_s, 2),
                                 "rtf_p50": round(float(np.median(times)) / audio_s, 3)}
    return out


def bench_cold_start(engines_dir: Path, stt_name: str, llm_name: str, loads: int) -> dict:
    """Each engine's first call after a load without warm-up, against the same call again (warm): what the boot
    warm-up saves the first caller. Each load is a fresh process, as a daemon restart is: in a process that has
    already run an engine, a second load starts warm (onnxruntime and CTranslate2 keep their kernels set up)."""
    out = {}
    for name in (stt_name, llm_name, "tts-joe"):
        runs = []
        for _ in range(loads):
            child = subprocess.run([sys.executable, __file__, "--engines", str(engines_dir), "--cold-child", name],
                                   capture_output=True, text=True, check=True)
            runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
        out[name] = {key: pct([r[key] for r in runs]) for key in ("load_s", "first_call_s", "warm_call_s")}
    return out


def cold_child(engines_dir: Path, name: str) -> dict:
    """In a fresh process: load `name` without warm-up, then time its first call and the same call again. STT: the
    final transcript of 2 s of speech; LLM: time to the first token; TTS: the first chunk of a two-word fragment."""
    start = time.perf_counter()
    engine, _ = load_engine(engines_dir, name, check="size", warm=False)
    load_s = time.perf_counter() - start
    audio = speech_of(2.0) if name.startswith("stt-") else None
    calls = {"stt": lambda: engine.transcribe(audio).compute_s,
             "llm": lambda: _one_reply(engine, "When do you open on Saturday?")[0],
             "tts": lambda: _timed(lambda: next(iter(engine.synthesize("The toilets"))))}
    call = calls[name.split("-")[0]]
    return {"load_s": load_s, "first_call_s": call(), "warm_call_s": call()}


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", type=Path, default=Path("var/engines"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", type=Path, default=Path("bench-out/engines.json"))
    parser.add_argument("--cold-loads", type=int, default=3, help="fresh loads per engine for the cold-start figures")
    parser.add_argument("--cold-child", help=argparse.SUPPRESS)  # one cold load, in the process bench_cold_start runs
    args = parser.parse_args()
    if args.cold_child:
        print(json.dumps(cold_child(args.engines, args.cold_child)))
        return 0
    if not (args.engines / "manifest.json").is_file():
        from model_build.builder import build

        build(args.engines, stt_models=["tiny.en"], llms=["smollm2"])
    built = read_manifest(args.engines).engines
    results: dict = {"machine": {"cores": os.cpu_count(), "cpu": platform.processor() or platform.machine(),
                                 "python": platform.python_version(), "load_avg_1m_at_start": os.getloadavg()[0]},
                     "repeat": args.repeat}
    results["vad"] = bench_vad(args.engines, args.repeat)
    stt_names = [n for n in built if n.startswith("stt-")]
    llm_names = [n for n in built if n.startswith("llm-")]
    for name in stt_names:
        results[name] = bench_stt(args.engines, name, args.repeat)
    for name in llm_names:
        results[name] = bench_llm(args.engines, name, args.repeat)
    results["tts-joe"] = bench_tts(args.engines, args.repeat)
    if args.cold_loads > 0 and stt_names and llm_names:
        stt_name = next((n for n in stt_names if n == "stt-tiny.en"), stt_names[0])  # the default model
        results["cold_start"] = bench_cold_start(args.engines, stt_name, llm_names[0], args.cold_loads)
    text = json.dumps(results, indent=2)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
