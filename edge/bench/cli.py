"""`edge bench`: time to first audio of the real pipeline vs the naive baseline, over real speech and real RTP.

    edge bench [--config FILE] [--turns 100] [--out bench-out/] [--variants no-speculation faq ...]

See `edge.bench` for what is measured and how to read the output.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime
import logging
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from edge.bench.manifest import ManifestError, build_asterisk_manifest, fill_speech_ends, read_manifest
from edge.bench.variants import BASELINE, MAIN, NAMED, DEFAULT_FAQ_SITE, Variant, apply_overlay, \
    needs_new_engines, parse_overlay


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="edge bench", description="Time to first audio over real prompts and RTP.")
    p.add_argument("--config", type=Path, default=None, help="YAML config (default: as `edge serve`)")
    p.add_argument("--engines", type=Path, default=None, help="engines directory (overrides engines.dir)")
    p.add_argument("--manifest", type=Path, default=None,
                   help="JSON-lines manifest (default: OUT/manifest.jsonl, built from the Asterisk prompts if absent)")
    p.add_argument("--build-manifest", type=Path, default=None, metavar="FILE",
                   help="only build a manifest of Asterisk prompts here and exit")
    p.add_argument("--manifest-size", type=int, default=120, help="prompts in a built manifest (default 120)")
    p.add_argument("--turns", type=int, default=100, help="turns for the main config and the baseline")
    p.add_argument("--variant-turns", type=int, default=None, help="turns per extra variant (default: --turns)")
    p.add_argument("--variants", nargs="*", default=[], metavar="NAME",
                   help=f"extra named variants: {', '.join(NAMED)}; 'all' for every one")
    p.add_argument("--overlay", action="append", default=[], metavar="NAME:KEY=VALUE,...",
                   help="an extra variant of your own, e.g. 'fast-end:endpoint.complete_silence_ms=100'")
    p.add_argument("--baseline", action="store_true", help="run only the naive baseline")
    p.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    p.add_argument("--faq-site", type=Path, default=DEFAULT_FAQ_SITE, help="site file of the faq variant")
    p.add_argument("--payload", choices=["pcmu", "l16"], default="pcmu", help="RTP payload (default pcmu)")
    p.add_argument("--silence-s", type=float, default=1.0, help="silence before and after each clip (>= 1)")
    p.add_argument("--out", type=Path, default=Path("bench-out"), help="where JSON, PNG and WAVs go")
    p.add_argument("--replot", type=Path, default=None, metavar="JSON",
                   help="only re-print the figures and redraw the PNG of a saved bench.json")
    return p


def run_bench(argv: list[str] | None = None) -> int:
    """The `edge bench` command; returns the exit code (0 ok, 1 runtime failure, 2 bad usage or config)."""
    args = _parser().parse_args(argv)
    if args.replot is not None:
        return _replot(args.replot)
    from edge.cli import default_config_path
    from edge.config import Config
    from edge.configfile import ConfigError

    try:
        config = Config.load(args.config or default_config_path())
        if args.engines is not None:
            config = dataclasses.replace(config, engines=dataclasses.replace(config.engines, dir=args.engines.resolve()))
        variants = _variants(args)
        for variant in variants:  # a bad overlay fails now, not after an hour of other variants
            apply_overlay(config, variant.overlay)
        if args.silence_s < 1.0:
            raise ConfigError("--silence-s", "", f"{args.silence_s} s is under 1 s", "Use at least 1 s")
    except ConfigError as exc:
        print(f"edge bench: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if args.build_manifest is not None:
            build_asterisk_manifest(args.build_manifest, config.engines.dir, count=args.manifest_size)
            return 0
        return asyncio.run(_bench(args, config, variants))
    except (ManifestError, ConfigError) as exc:
        print(f"edge bench: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from engines.loader import EngineError
        from edge.transports.base import TransportError

        if isinstance(exc, (EngineError, TransportError)):
            print(f"edge bench: {exc}", file=sys.stderr)
            return 1
        raise


def _variants(args) -> list[Variant]:
    from edge.configfile import ConfigError

    chosen = [] if args.baseline else [MAIN]
    if not args.no_baseline:
        chosen.append(BASELINE)
    names = list(NAMED) if "all" in args.variants else args.variants
    for name in names:
        if name not in NAMED:
            raise ConfigError("--variants", name, "unknown variant", f"Use one of: {', '.join(NAMED)}, all")
        chosen.append(NAMED[name])
    for spec in args.overlay:
        name, sep, body = spec.partition(":")
        if not sep or not name:
            raise ConfigError("--overlay", spec, "not NAME:KEY=VALUE,...", "e.g. fast:endpoint.complete_silence_ms=100")
        chosen.append(Variant(name, parse_overlay(body), "overlay from the command line"))
    return chosen


async def _bench(args, config, variants: list[Variant]) -> int:
    from edge.assembly import build_runtime
    from edge.bench import report
    from edge.bench.baseline import BaselineConversation
    from edge.bench.faq import false_matches, faq_manifest, site_service
    from edge.bench.runner import BenchRunner
    from edge.conversation import Conversation, PipelineEngines

    started, load_start, code = time.monotonic(), os.getloadavg(), _code_version()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.manifest or out / "manifest.jsonl"
    if args.manifest is None and not manifest_path.is_file():
        build_asterisk_manifest(manifest_path, config.engines.dir, count=args.manifest_size)
    entries = fill_speech_ends(read_manifest(manifest_path), config.engines.dir)
    if len(entries) < args.turns:
        print(f"edge bench: note: the manifest has {len(entries)} prompts, fewer than --turns {args.turns}")

    # Engines are loaded once per distinct `engines` group (variants that change only behaviour share them).
    runtimes: dict[Any, Any] = {}
    boot: dict[str, Any] = {}

    async def runtime_for(cfg):
        key = dataclasses.replace(cfg.engines, llm_cache_system_prompt=True)
        if key not in runtimes:
            for old in runtimes.values():
                old.engines.workers.shutdown()  # 2 cores: never two engine sets at once
            runtimes.clear()
            t0 = time.monotonic()
            runtime = await asyncio.to_thread(build_runtime, cfg)
            boot[str(len(boot))] = {"boot_s": time.monotonic() - t0, "warmups": {
                n: {"load_s": w.load_s, "warmup_s": w.warmup_s} for n, w in runtime.loaded.warmups.items()}}
            print(f"engines loaded and warmed in {time.monotonic() - t0:.1f} s (cold start, not in the figures)")
            runtimes[key] = runtime
        runtime = runtimes[key]
        if hasattr(runtime.loaded.llm, "cache_static_prompt"):
            runtime.loaded.llm.cache_static_prompt = cfg.engines.llm_cache_system_prompt
        return runtime

    runner = BenchRunner(args.payload, args.silence_s, progress=lambda line: print(line, flush=True))
    runs: dict[str, list] = {}
    services: dict[Path, Any] = {}
    for variant in sorted(variants, key=lambda v: needs_new_engines(v.overlay)):  # rebuild engines at most once
        cfg = apply_overlay(config, variant.overlay)
        if variant.faq:
            cfg = apply_overlay(cfg, {"knowledge.site_file": str(args.faq_site)})
        runtime = await runtime_for(cfg)
        engines = runtime.engines
        turns = args.turns if variant.name in ("main", "baseline") else (args.variant_turns or args.turns)
        played = entries[:turns]
        if cfg.knowledge.site_file is not None and not variant.baseline:
            site = Path(cfg.knowledge.site_file)
            if getattr(getattr(engines.planner, "options", None), "site_file", None) == site:
                services[site] = engines.planner  # build_runtime already serves this site
            elif site not in services:
                # build_runtime does not wire the site knowledge (yet): build the same SiteService the daemon
                # would, over the engines already loaded.
                print(f"preparing site knowledge from {site} (answers synthesized now, as at boot)")
                services[site] = await asyncio.to_thread(site_service, cfg.knowledge, runtime.loaded)
            engines = PipelineEngines(engines.workers, engines.vad, services[site])
            if variant.faq:
                played = await asyncio.to_thread(faq_manifest, site, out / "faq-audio", runtime.loaded.tts,
                                                 config.engines.dir, turns)
        factory = BaselineConversation if variant.baseline else Conversation
        print(f"--- {variant.name}: {variant.why} ({len(played)} turns, overlay {variant.overlay or 'none'})",
              flush=True)
        runs[variant.name] = await runner.run(variant.name, played, engines, cfg, factory)
        # Saved as each variant ends, so a long run that fails later still leaves its figures.
        report.save_json(out / "bench.partial.json", runs, {}, {"argv": sys.argv})
        print(report.format_summary(variant.name, report.summarise(runs[variant.name])), flush=True)

    summaries = {name: report.summarise(records) for name, records in runs.items()}
    extra: dict[str, Any] = {}
    if "main" in summaries and "baseline" in summaries:
        extra["baseline_over_main"] = report.ratio(summaries["baseline"], summaries["main"])
        extra["baseline_over_main_answer"] = report.ratio(summaries["baseline"], summaries["main"], "ttfa_answer")
    if services:
        service = next(iter(services.values()))
        transcripts = [r.transcript for name, rs in runs.items() if name in ("main", "baseline") for r in rs]
        try:
            extra["false_match_non_faq"] = false_matches(service, transcripts)
        except Exception as exc:  # an hour of figures must not be lost to the last, optional one
            print(f"edge bench: the false-match check failed ({type(exc).__name__}: {exc}); the rest is saved")
    for runtime in runtimes.values():
        runtime.engines.workers.shutdown()

    load_end = os.getloadavg()
    meta = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "argv": sys.argv,
            "cores": os.cpu_count(), "machine": platform.processor() or platform.machine(),
            "load_average_start": load_start, "load_average_end": load_end, "payload": args.payload,
            "stt_model": config.engines.stt_model, "llm": config.engines.llm, "manifest": str(manifest_path),
            "boot": boot, "wall_s": time.monotonic() - started, "code": code, **extra}
    print()
    for name, s in summaries.items():
        print(report.format_summary(name, s))
    if "baseline_over_main" in extra:
        for key, what in (("baseline_over_main", "first audio"), ("baseline_over_main_answer", "the answer")):
            print(f"baseline / main TTFA ({what}): " + "  ".join(
                f"{q.upper()} {v:.2f}x" if v else f"{q.upper()} -" for q, v in extra[key].items()))
    if "false_match_non_faq" in extra:
        fm = extra["false_match_non_faq"]
        rate = "-" if fm["rate"] is None else f"{100 * fm['rate']:.1f} %"
        print(f"FAQ false matches on {fm['questions']} non-FAQ transcripts: {fm['false_matches']} ({rate})")
    print(f"machine: {os.cpu_count()} cores, load average {load_start[0]:.2f} at start, {load_end[0]:.2f} at end; "
          f"STT {config.engines.stt_model}, LLM {config.engines.llm}, RTP {args.payload}")
    report.save_json(out / "bench.json", runs, summaries, meta)
    report.save_png(out / "bench.png", runs)
    (out / "bench.partial.json").unlink(missing_ok=True)
    print(f"saved {out / 'bench.json'} and {out / 'bench.png'}")
    return 0


def _code_version() -> str:
    """The commit measured, and whether the pipeline's files differed from it (others edit the same checkout)."""
    import subprocess

    root = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "edge", "engines"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    changed = [line[3:] for line in dirty if line.strip()]
    return f"{head}" + (f" + uncommitted changes in {', '.join(changed)}" if changed else "")


def _replot(path: Path) -> int:
    from edge.bench import report

    try:
        runs, meta = report.load_json(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"edge bench: {path}: not a bench.json ({exc}); give the file a bench run saved", file=sys.stderr)
        return 2
    for name, records in runs.items():
        print(report.format_summary(name, report.summarise(records)))
    if "main" in runs and "baseline" in runs:
        base, main = report.summarise(runs["baseline"]), report.summarise(runs["main"])
        for stage in ("ttfa", "ttfa_answer"):
            r = report.ratio(base, main, stage)
            print(f"baseline / main {stage}: " + "  ".join(f"{q.upper()} {v:.2f}x" if v else f"{q.upper()} -"
                                                           for q, v in r.items()))
    png = path.with_suffix(".png")
    report.save_png(png, runs)
    print(f"redrew {png}; measured {meta.get('date', '?')}, load average {meta.get('load_average_start', '?')}")
    return 0
