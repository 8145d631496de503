"""Run a real conversation over a call until its first turn is answered: shared by the pipeline tests."""

from __future__ import annotations

import asyncio

from edge.config import Config
from edge.conversation import Conversation, PipelineEngines
from edge.events import TurnMetrics


async def until_first_turn(call, pipeline: PipelineEngines, config: Config, timeout_s: float) -> list:
    """Every event of a conversation on `call`, up to its first answered turn (or `timeout_s`); then hangs up."""
    events: list = []
    conversation = Conversation(call, pipeline, config, observer=events.append)
    task = asyncio.create_task(conversation.run())
    for _ in range(int(timeout_s * 10)):
        await asyncio.sleep(0.1)
        if any(isinstance(e, TurnMetrics) for e in events):
            break
    call.hang_up()
    await task
    return events
