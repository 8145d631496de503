"""Builds the running pieces from a Config: engines (verified, loaded, warmed), the planner, the transports.

The only place that knows which concrete engine and transport classes exist; everything downstream sees
Protocols.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from edge.config import Config
from edge.conversation import PipelineEngines, PreparedAudio
from edge.daemon import Runtime
from edge.planner import LlmPlanner, ReplyPlanner
from edge.transports.base import Transport
from edge.workers import EngineWorkers
from engines.audio import trim_silence

log = logging.getLogger(__name__)


def build_runtime(config: Config) -> Runtime:
    """Verify the engines directory, load and warm every engine, and wire the planner (blocking)."""
    from engines.loader import EngineThreads, load_engines

    started = time.monotonic()
    e = config.engines
    threads = EngineThreads(stt=e.stt_threads, stt_replicas=e.stt_replicas, llm=e.llm_threads, tts=e.tts_threads)
    loaded = load_engines(e.dir, stt_model=e.stt_model, llm=e.llm, threads=threads,
                          check="sha256" if e.verify_checksums else "size")
    if hasattr(loaded.stt, "beam_size"):
        loaded.stt.beam_size = e.stt_beam_size
    if hasattr(loaded.llm, "cache_static_prompt"):
        loaded.llm.cache_static_prompt = e.llm_cache_system_prompt
    workers = EngineWorkers(loaded.stt, loaded.llm, loaded.tts)
    extras: dict = {}
    planner: ReplyPlanner = LlmPlanner(config.assistant)
    if config.knowledge.site_file is not None:
        from edge.knowledge.service import SiteService

        def synthesize(text: str) -> np.ndarray:
            # Piper is owned by the TTS thread; a SIGHUP reload must not call it from another one.
            return workers.tts_thread.run_blocking(_synthesize_all, loaded.tts, text)

        service = SiteService(config.knowledge, loaded.embedder, synthesize, loaded.tts.sample_rate_hz)
        planner = service
        extras["reload"] = service.reload
        log.info("site knowledge from %s: answers prepared", config.knowledge.site_file)
    fillers = []
    if config.fillers.enabled:
        rate = loaded.tts.sample_rate_hz
        for text in config.fillers.phrases:
            # A filler is only a sign of life: Piper's silence around it would delay the answer behind it.
            pcm = trim_silence(workers.tts_thread.run_blocking(_synthesize_all, loaded.tts, text), rate)
            fillers.append(PreparedAudio(text, pcm, rate))
    engines = PipelineEngines(workers, loaded.vad, planner, fillers)
    runtime = Runtime(engines, loaded, time.monotonic() - started, extras)
    return runtime


def _synthesize_all(tts, text: str) -> np.ndarray:
    chunks = list(tts.synthesize(text))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def build_transports(config: Config) -> list[Transport]:
    """The transports the config enables, not yet started (the daemon starts them after warm-up)."""
    transports: list[Transport] = []
    if config.device.enabled:
        from edge.transports.device import AudioDeviceTransport

        transports.append(AudioDeviceTransport(config.device))
    if config.rtp.enabled:
        from edge.transports.rtp import RtpEndpoint

        transports.append(RtpEndpoint(config.rtp))
    return transports
