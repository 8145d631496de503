"""Builds the running pieces from a Config: engines (verified, loaded, warmed), the planner, the transports.

The only place that knows which concrete engine and transport classes exist; everything downstream sees
Protocols.
"""

from __future__ import annotations

import logging
import time

from edge.config import Config
from edge.conversation import PipelineEngines
from edge.daemon import Runtime
from edge.planner import LlmPlanner
from edge.transports.base import Transport
from edge.workers import EngineWorkers

log = logging.getLogger(__name__)


def build_runtime(config: Config) -> Runtime:
    """Verify the engines directory, load and warm every engine, and wire the planner (blocking)."""
    from engines.loader import load_engines

    started = time.monotonic()
    e = config.engines
    loaded = load_engines(
        e.dir,
        stt_model=e.stt_model,
        llm=e.llm,
        llm_backend=e.llm_backend,
        trtllm_engine_dir=e.trtllm_engine_dir,
        stt_threads=e.stt_threads,
        llm_threads=e.llm_threads,
        tts_threads=e.tts_threads,
        verify_checksums=e.verify_checksums,
    )
    for report in loaded.reports:
        log.info("engine %s: loaded in %.2f s, warm-up %.3f s %s", report.engine, report.load_s, report.warmup_s,
                 report.detail)
    workers = EngineWorkers(loaded.stt, loaded.llm, loaded.tts)
    planner = LlmPlanner(config.assistant)
    runtime = Runtime(PipelineEngines(workers, loaded.vad, planner), loaded, time.monotonic() - started)
    return runtime


def build_transports(config: Config) -> list[Transport]:
    """The transports the config enables, not yet started (the daemon starts them after warm-up)."""
    transports: list[Transport] = []
    return transports
