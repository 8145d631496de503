"""Named config overlays the bench measures against the full configuration: each turns one speed measure off.

An overlay is a dict of dotted keys (`group.option`) to values, applied to a loaded Config with the same strict
checks as the YAML file (an unknown key or a wrong type names itself). Overlays that change only how the
pipeline behaves reuse the loaded engines; those that change the engines themselves (`engines.*` except the
LLM's prompt cache, which is a switch on the loaded model) need `needs_new_engines` and a fresh runtime.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge.config import Config
from edge.configfile import ConfigError, build

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FAQ_SITE = REPO_ROOT / "configs" / "sites" / "hotel_lobby.yaml"


@dataclass(frozen=True)
class Variant:
    name: str
    overlay: dict[str, Any]
    why: str
    baseline: bool = False
    """Run the naive sequential pipeline (edge.bench.baseline) instead of the conversation."""
    faq: bool = False
    """Play the site's FAQ questions (and measure the prepared-answer path) instead of the manifest."""


MAIN = Variant("main", {}, "the configuration as loaded: every speed measure on")
BASELINE = Variant("baseline", {"engines.llm_cache_system_prompt": False}, "naive sequential pipeline: fixed 600 ms "
                   "silence, whole transcript, whole reply, whole synthesis, then play", baseline=True)

NAMED: dict[str, Variant] = {v.name: v for v in [
    Variant("no-speculation", {"streaming.speculation": False}, "STT+LLM start only once the end of turn is confirmed"),
    Variant("no-prefix-cache", {"engines.llm_cache_system_prompt": False}, "the LLM re-encodes the system prompt"),
    Variant("long-first-fragment", {"fragments.first_max_words": 30, "fragments.first_min_words": 30},
            "the first fragment is a whole sentence (up to 30 words)"),
    Variant("first-fragment-4-words", {"fragments.first_max_words": 4},
            "the first fragment is cut after 4 words instead of 2 (the previous default)"),
    Variant("one-stt-replica", {"engines.stt_replicas": 1},
            "one Whisper replica: the end-of-turn transcript queues behind a partial or a discarded pause's STT"),
    Variant("no-partials", {"streaming.partial_interval_ms": 0}, "no partial transcripts while the user speaks"),
    Variant("no-fillers", {"fillers.enabled": False}, "no filler phrase when the answer runs late"),
    Variant("speculate-64ms", {"endpoint.speculate_after_ms": 64},
            "speculation starts at the second silent VAD chunk (64 ms) instead of the first"),
    Variant("stt-greedy", {"engines.stt_beam_size": 1}, "greedy final transcript instead of beam search"),
    Variant("threads-2", {"engines.stt_threads": 2, "engines.llm_threads": 2},
            "two threads each for STT and the LLM instead of one"),
    Variant("whole-transcript", {"endpoint.keep_transcript_after_ms": 3_600_000},
            "every pause transcribes the whole turn so far, not just the stretch since the last pause"),
    Variant("no-phrase-cache", {"streaming.phrase_cache": False},
            "every fragment is synthesized, even a phrase said before"),
    Variant("no-llm-hold", {"streaming.hold_llm_for_first_audio": False},
            "the LLM keeps generating while the TTS voices the first words"),
    Variant("faq", {"knowledge.site_file": str(DEFAULT_FAQ_SITE)},
            "site FAQ on: its questions are answered from audio prepared at boot", faq=True),
]}

_LIVE_ENGINE_KEYS = {"engines.llm_cache_system_prompt"}


def apply_overlay(config: Config, overlay: dict[str, Any], source: str = "<bench overlay>") -> Config:
    """`config` with each dotted key set, checked exactly like the YAML file."""
    for key, value in overlay.items():
        group_name, _, option = key.partition(".")
        group = getattr(config, group_name, None)
        if not option or group is None or not dataclasses.is_dataclass(group):
            groups = ", ".join(f.name for f in dataclasses.fields(Config))
            raise ConfigError(source, key, "not a `group.option` key", f"Use one of the groups {groups}")
        if group_name == "knowledge" and option == "site_file" and value is not None:
            value = str(_resolve(Path(value)))
        checked = build(type(group), {option: value}, source, group_name)  # strict: unknown key, wrong type
        group = dataclasses.replace(group, **{option: getattr(checked, option)})
        config = dataclasses.replace(config, **{group_name: group})
    return config


def needs_new_engines(overlay: dict[str, Any]) -> bool:
    return any(k.startswith("engines.") and k not in _LIVE_ENGINE_KEYS for k in overlay)


def parse_overlay(text: str) -> dict[str, Any]:
    """`key=value,key=value` from the command line; values are read as YAML scalars (true, 30, 0.5, text)."""
    import yaml

    overlay = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise ConfigError("--overlay", part, "not a key=value pair", "Write it as group.option=value")
        overlay[key.strip()] = yaml.safe_load(value)
    return overlay


def _resolve(path: Path) -> Path:
    if path.is_absolute() or path.exists():
        return path.resolve()
    return (REPO_ROOT / path).resolve()
