"""Fixtures of the end-to-end RTP tests: the real daemon process, and the session's real engines wired into a
pipeline for in-process serving."""

from __future__ import annotations

import pytest



@pytest.fixture(scope="session")
def pipeline_engines(engines):
    """The session's loaded engines behind their worker threads, with the plain LLM planner (as `edge serve`
    without site knowledge runs them), and no fillers: whether a filler plays depends on how loaded the machine
    is, and these tests time the answer itself. The daemon tests run the default build, fillers included."""
    from edge.config import Config
    from edge.conversation import PipelineEngines
    from edge.planner import LlmPlanner
    from edge.workers import EngineWorkers

    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    yield PipelineEngines(workers, engines.vad, LlmPlanner(Config().assistant))
    workers.shutdown()

