"""The daemon's configuration: one typed option group per concern, mapped one to one onto the YAML file.

Every key has its default and the reason for it beside it (see each group's class); `edge config --describe`
prints them all. Relative paths in a file are taken relative to that file's folder, so a config and the
engines it names can move together.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from edge.configfile import ConfigError, build, describe, group, load_yaml, opt
from edge.conversation import FillerOptions, InterruptionOptions, StreamingOptions
from edge.fragments import FragmentOptions
from edge.history import HistoryOptions
from edge.knowledge.options import KnowledgeOptions
from edge.planner import AssistantOptions
from edge.transports.device import DeviceOptions
from edge.transports.rtp.options import RtpOptions
from edge.turn import EndpointOptions, VadOptions


@dataclass(frozen=True)
class EngineOptions:
    """Which models run and how many threads each may use (2 cores: they take turns more than they overlap)."""

    dir: Path = opt(Path("/var/lib/edge-voice/engines"), "The engines directory `edge-build build` prepared.")
    stt_model: Literal["tiny.en", "base"] = opt("tiny.en", "Whisper size: tiny.en is ~2x faster at ~0.5 pt more WER.")
    llm: Literal["smollm2", "gemma3-270m", "trtllm"] = opt(
        "smollm2", "smollm2: SmolLM2-135M-Instruct on CTranslate2 (CPU; follows turns, stops cleanly); gemma3-270m: "
                   "a base model, for comparison; trtllm: TensorRT-LLM on an NVIDIA GPU, built by `edge-build trtllm`.")
    stt_beam_size: int = opt(5, "Beam width of the final transcript; partials always use 1. On 293 Asterisk prompts "
                                "beam 5 gave 6.7 % WER, 2 gave 7.3 %, 1 gave 8.7 %, for 7-23 ms less a turn; greedy "
                                "first with beam 5 only when unsure was slower than beam 5 at the same WER.")
    stt_threads: int = opt(1, "CTranslate2 threads for Whisper. One is faster than two for tiny.en on this "
                              "box (2.7 s clips: 80 vs 94 ms P50): splitting small matrices across threads costs "
                              "more than it saves, and the other core stays free for the LLM and TTS.")
    stt_replicas: int = opt(2, "Whisper replicas, so two transcriptions can run at once (one core each): the "
                               "transcript at the end of a turn does not wait behind a partial or behind the STT "
                               "of a pause the user talked through. 1 queues them on one thread.")
    llm_threads: int = opt(1, "CTranslate2 threads for the LLM. SmolLM2-135M is 30 thin layers: one thread gives "
                              "42 ms to the first token and 18 ms a token, two threads 77 and 30 ms.")
    tts_threads: int = opt(2, "onnxruntime threads for Piper: two make the first fragment ~30 % faster (39 vs "
                              "63 ms for four words); the LLM yields its core while the first fragment is "
                              "synthesized.")
    llm_cache_system_prompt: bool = opt(True, "Keep the LLM's state after the system prompt (CTranslate2 "
                                               "static_prompt): time to first token drops by about half.")
    verify_checksums: bool = opt(False, "Hash every engine file at boot (seconds) instead of checking sizes only; "
                                        "`edge-build verify` always hashes.")

    def __post_init__(self) -> None:
        for name in ("stt_threads", "stt_replicas", "llm_threads", "tts_threads"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} {getattr(self, name)} must be at least 1")


@dataclass(frozen=True)
class DaemonOptions:
    """Process-level behaviour."""

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = opt("INFO", "Logging threshold (journald keeps it).")
    max_conversations: int = opt(8, "Conversations served at once across all transports; more are refused, so "
                                    "2 cores never fall behind real time for everyone.")


@dataclass(frozen=True)
class Config:
    """The whole configuration file."""

    engines: EngineOptions = group(EngineOptions, "Models and threads.")
    vad: VadOptions = group(VadOptions, "Voice activity detection.")
    endpoint: EndpointOptions = group(EndpointOptions, "End of turn.")
    streaming: StreamingOptions = group(StreamingOptions, "Speculation and partial transcripts.")
    interruption: InterruptionOptions = group(InterruptionOptions, "Barge-in.")
    history: HistoryOptions = group(HistoryOptions, "Conversation memory.")
    fragments: FragmentOptions = group(FragmentOptions, "How replies are cut for the TTS.")
    assistant: AssistantOptions = group(AssistantOptions, "What the assistant says.")
    fillers: FillerOptions = group(FillerOptions, "Fillers when the answer runs late.")
    knowledge: KnowledgeOptions = group(KnowledgeOptions, "Grounded answers from the site's own knowledge.")
    device: DeviceOptions = group(DeviceOptions, "The local sound card transport.")
    rtp: RtpOptions = group(RtpOptions, "The UDP RTP endpoint for PBXs.")
    daemon: DaemonOptions = group(DaemonOptions, "The process.")

    @classmethod
    def load(cls, path: Path | str) -> "Config":
        path = Path(path)
        config = build(cls, load_yaml(path), str(path))
        return config.resolved_against(path.resolve().parent)

    def resolved_against(self, base: Path) -> "Config":
        """Make relative paths absolute against `base` (the config file's folder)."""
        engines = dataclasses.replace(self.engines, dir=_resolve(self.engines.dir, base))
        knowledge = self.knowledge
        if knowledge.site_file is not None:
            knowledge = dataclasses.replace(knowledge, site_file=_resolve(knowledge.site_file, base))
        return dataclasses.replace(self, engines=engines, knowledge=knowledge)

    @staticmethod
    def describe() -> str:
        return "\n".join(describe(Config))


def _resolve(path: Path, base: Path) -> Path:
    return path if path.is_absolute() else (base / path).resolve()


__all__ = ["Config", "ConfigError", "EngineOptions", "DaemonOptions"]
