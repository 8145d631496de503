"""`edge`: the appliance's command line.

    edge serve [--config FILE]                     the daemon (systemd runs this)
    edge say QUESTION.wav [--out REPLY.wav]        one turn through the same pipeline, with per-stage timings
    edge devices                                   the audio devices PortAudio can see
    edge config [--describe | --check FILE]        every option with its default and why; or validate a file
    edge ask [--site FILE] [QUESTION ...]          how the site knowledge would answer typed questions (stdin
                                                   when none are given), and which word the site file lacks
    edge bench [--turns N] [--variants ...]        time to first audio over real prompts and RTP, vs the baseline

Exit codes: 0 success, 1 runtime failure, 2 bad configuration or usage.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from edge.configfile import ConfigError

_REPO_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "default.yaml"
_SYSTEM_CONFIG = Path("/etc/edge-voice/edge.yaml")


def default_config_path() -> Path:
    """$EDGE_VOICE_CONFIG, else /etc/edge-voice/edge.yaml if present, else the checkout's configs/default.yaml."""
    if os.environ.get("EDGE_VOICE_CONFIG"):
        return Path(os.environ["EDGE_VOICE_CONFIG"])
    return _SYSTEM_CONFIG if _SYSTEM_CONFIG.exists() else _REPO_CONFIG


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edge", description="On-device voice assistant appliance.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the daemon")
    serve.add_argument("--config", type=Path, default=None, help="YAML config (default: %(default)s)")
    say = sub.add_parser("say", help="answer one recorded question, printing timings")
    say.add_argument("question", type=Path, help="an audio file with the question (WAV, or anything ffmpeg reads)")
    say.add_argument("--out", type=Path, default=None, help="write the spoken reply here (WAV)")
    say.add_argument("--config", type=Path, default=None)
    say.add_argument("--fast", action="store_true", help="feed the audio as fast as possible (timings not real)")
    sub.add_parser("devices", help="list audio devices")
    cfg = sub.add_parser("config", help="describe options or check a config file")
    cfg.add_argument("--check", type=Path, default=None, help="validate this file and exit")
    ask = sub.add_parser("ask", help="how the site knowledge would answer typed questions, and why")
    ask.add_argument("questions", nargs="*", help="questions (default: one per line on standard input)")
    ask.add_argument("--site", type=Path, default=None, help="site file (default: knowledge.site_file)")
    ask.add_argument("--config", type=Path, default=None)
    sub.add_parser("bench", add_help=False, help="time to first audio vs the naive baseline (`edge bench --help`)")
    return parser


def _serve(config) -> int:
    import faulthandler

    from edge.assembly import build_transports
    from edge.daemon import Daemon

    faulthandler.enable()  # WatchdogSignal=SIGABRT then leaves every thread's traceback in the journal
    daemon = Daemon(config, build_transports(config))
    asyncio.run(daemon.run())
    if daemon.hung_transport:
        # PortAudio is stuck inside its own thread; a normal interpreter exit would hang in its shutdown.
        sys.stderr.flush()
        os._exit(1)
    return 1 if daemon.failure else 0


def _ask(config, site_file: Path | None, questions: list[str]) -> int:
    from edge.ask import Asker, run
    from engines.loader import load_engine

    site_file = site_file or config.knowledge.site_file
    if site_file is None:
        raise ConfigError("<command line>", "--site", "no site knowledge file to ask",
                          "Pass --site configs/sites/hardware_store.yaml or set knowledge.site_file")
    embedder, _ = load_engine(config.engines.dir, "embed-minilm", check="size")
    asker = Asker(embedder, config.knowledge, site_file)
    return 0 if run(asker, questions or sys.stdin, sys.stdout) else 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # the bench parses its own options
        from edge.bench.cli import run_bench

        return run_bench(argv[1:])
    args = _parser().parse_args(argv)
    try:
        if args.command == "devices":
            from edge.transports.device import list_devices

            print(list_devices())
            return 0
        if args.command == "config":
            from edge.config import Config

            if args.check:
                Config.load(args.check)
                print(f"{args.check}: OK")
            else:
                print(Config.describe())
            return 0
        from edge.config import Config

        config = Config.load(args.config or default_config_path())
        logging.basicConfig(level=config.daemon.log_level,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
        if args.command == "serve":
            return _serve(config)
        if args.command == "ask":
            return _ask(config, args.site, args.questions)
        if args.command == "say":
            from edge.say import say

            return asyncio.run(say(config, args.question, args.out, realtime=not args.fast))
    except ConfigError as exc:
        print(f"edge: configuration error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from edge.daemon import DaemonError
        from edge.transports.base import TransportError
        from engines.loader import EngineError

        if isinstance(exc, (DaemonError, TransportError, EngineError)):
            print(f"edge: {exc}", file=sys.stderr)
            return 1
        raise
    return 2


if __name__ == "__main__":
    sys.exit(main())
