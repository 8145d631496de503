"""Builds an engines directory: runs each step into a fresh folder, reuses unchanged engines, writes the manifest.

Never leaves a half-built directory at `out`: everything is written into a sibling temp folder, which replaces
`out` only once every engine is complete and the manifest is written. (Between the two renames there is a moment
without `out`; the daemon is not meant to start during a build.) An engine whose inputs fingerprint is unchanged
and whose files still match the old manifest is hard-linked (or copied) instead of rebuilt, so a re-run with
nothing changed takes about as long as hashing the files.
"""

from __future__ import annotations

import datetime
import os
import platform
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from engines.manifest import EngineEntry, Manifest, describe_files, fingerprint, read_manifest, verify_engine, \
    write_manifest
from model_build.progress import Progress
from model_build.steps import BuildError, Step, plan, version_of


@dataclass(frozen=True)
class BuildResult:
    out: Path
    built: list[str]
    """Engines whose step ran."""
    reused: list[str]
    """Engines taken unchanged from the previous build."""
    seconds: float


def step_tools(step: Step) -> dict[str, str]:
    tools = {"python": platform.python_version(), "edge-voice": version_of("edge-voice")}
    tools.update({dist: version_of(dist) for dist in step.tools})
    return tools


def step_fingerprint(step: Step) -> str:
    sources = [{"name": p.name, "size_bytes": p.stat().st_size} for p in step.sources()]
    return fingerprint({"engine": step.engine, "package": step.source_package,
                        "version": version_of(step.source_package), "sources": sources, "build": step.build,
                        "quantization": step.quantization, "tools": step_tools(step), "recipe": step.recipe})


def _link_or_copy(src_dir: Path, dst_dir: Path) -> None:
    for src in src_dir.rglob("*"):
        dst = dst_dir / src.relative_to(src_dir)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst)  # no bytes copied; safe because builds never modify a file in place
        except OSError:
            shutil.copy2(src, dst)


def _old_manifest(out: Path) -> Manifest | None:
    try:
        return read_manifest(out)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def build(out: Path, *, stt_models: list[str], llms: list[str], progress: Progress | None = None,
          force: bool = False) -> BuildResult:
    """Build (or refresh) the engines directory `out` with exactly the requested engines."""
    progress = progress or Progress()
    out = Path(out).absolute()
    start = time.monotonic()
    steps = plan(stt_models, llms)  # validates the names before any work
    if out.exists() and any(out.iterdir()) and _old_manifest(out) is None:
        # Refuse to replace a folder that is not an engines directory (a typo must never delete a home dir).
        raise BuildError(f"{out} exists, is not empty and holds no readable manifest.json, so it is not an "
                         "engines directory. Fix: choose a new or empty folder for --out")
    old = None if force else _old_manifest(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    os.chmod(staging, 0o755)  # mkdtemp makes it private; the daemon may run as another user
    built, reused = [], []
    try:
        manifest = Manifest(created_utc=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"))
        for step in steps:
            fp = step_fingerprint(step)
            folder = staging / step.engine
            previous = old.engines.get(step.engine) if old else None
            if previous and previous.inputs_fingerprint == fp and not verify_engine(out, step.engine, previous):
                _link_or_copy(out / step.engine, folder)
                manifest.engines[step.engine] = previous
                reused.append(step.engine)
                progress.note(f"[{step.engine}] unchanged, kept")
                continue
            folder.mkdir()
            with progress.stage(step.engine, f"building from {step.source_package} "
                                             f"{version_of(step.source_package)}"):
                step.run(folder, progress)
            manifest.engines[step.engine] = EngineEntry(
                kind=step.kind, source_package=step.source_package, source_version=version_of(step.source_package),
                quantization=step.quantization, build=dict(step.build), tools=step_tools(step),
                inputs_fingerprint=fp, files=describe_files(folder))
            built.append(step.engine)
        write_manifest(staging, manifest)
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out, built, reused, time.monotonic() - start)


def _swap_in(staging: Path, out: Path) -> None:
    """Put the finished `staging` folder at `out`, removing what was there."""
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, retired / out.name)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
