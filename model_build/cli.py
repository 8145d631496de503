"""`edge-build`: the field engineer's command for preparing and checking an engines directory.

    edge-build build --out DIR [--stt tiny.en,base] [--llm smollm2,gemma3-270m] [--force]
    edge-build verify DIR [--quick]
    edge-build trtllm --hf-checkpoint DIR --qformat int4_awq|fp8 --out DIR [--quantize-script PATH]

Exit codes: 0 success, 1 verification found problems or a build step failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engines.manifest import verify
from model_build.progress import Progress
from model_build.steps import BuildError


def _names(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected a comma-separated list of names")
    return list(dict.fromkeys(names))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="edge-build", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="prepare an engines directory from the installed model packages")
    b.add_argument("--out", type=Path, required=True, help="the engines directory to create or refresh")
    b.add_argument("--stt", type=_names, default=["tiny.en"], help="Whisper models: tiny.en, base (default tiny.en)")
    b.add_argument("--llm", type=_names, default=["smollm2"], help="LLMs: smollm2, gemma3-270m (default smollm2)")
    b.add_argument("--force", action="store_true", help="rebuild every engine even if nothing changed")
    v = sub.add_parser("verify", help="check an engines directory against its manifest")
    v.add_argument("dir", type=Path)
    v.add_argument("--quick", action="store_true", help="compare sizes only (what the daemon does at boot)")
    t = sub.add_parser("trtllm", help="quantize + build a TensorRT-LLM engine (needs an NVIDIA GPU)")
    t.add_argument("--hf-checkpoint", type=Path, required=True, help="a Hugging Face checkpoint directory")
    t.add_argument("--qformat", choices=["int4_awq", "fp8"], required=True)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--quantize-script", type=Path, default=None,
                   help="TensorRT-LLM's examples/quantization/quantize.py (default: $TRTLLM_EXAMPLES/...)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress = Progress()
    try:
        if args.command == "build":
            from model_build.builder import build  # imported here so `verify` stays light

            result = build(args.out, stt_models=args.stt, llms=args.llm, progress=progress, force=args.force)
            problems = verify(result.out)
            if problems:
                for p in problems:
                    print(p, file=sys.stderr)
                return 1
            print(f"engines ready in {result.out} ({result.seconds:.1f} s; built: {', '.join(result.built) or 'none'}"
                  f"; unchanged: {', '.join(result.reused) or 'none'})")
            return 0
        if args.command == "verify":
            problems = verify(args.dir, level="size" if args.quick else "sha256")
            for p in problems:
                print(p, file=sys.stderr)
            if problems:
                return 1
            print(f"{args.dir}: every engine matches its manifest")
            return 0
        from model_build.trtllm import build_trtllm

        folder = build_trtllm(args.hf_checkpoint, args.qformat, args.out, quantize_script=args.quantize_script,
                              progress=progress)
        print(f"TensorRT-LLM engine ready in {folder}")
        return 0
    except BuildError as exc:
        print(f"edge-build: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
