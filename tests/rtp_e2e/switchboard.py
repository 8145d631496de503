"""The RTP endpoint served in-process the way `edge serve` serves it: one `Conversation` per call, on the session's
real engines, with every event the conversation reports kept per call for the test to inspect.

The daemon process itself is exercised by test_daemon_rtp.py; in-process serving lets the other tests read the
conversation's history and events (and compare its monotonic stamps with the caller's) directly.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from edge.config import Config
from edge.conversation import Conversation, PipelineEngines
from edge.events import AgentResponseCorrection, ConversationEvent, TurnMetrics
from edge.transports.rtp import RtpCall, RtpEndpoint, RtpOptions


@dataclass
class ServedCall:
    call: RtpCall
    conversation: Conversation
    events: list[ConversationEvent] = field(default_factory=list)
    task: asyncio.Task | None = None

    @property
    def turns(self) -> list[TurnMetrics]:
        return [e for e in self.events if isinstance(e, TurnMetrics)]

    @property
    def corrections(self) -> list[AgentResponseCorrection]:
        return [e for e in self.events if isinstance(e, AgentResponseCorrection)]

    def assistant_said(self) -> list[str]:
        """The assistant's turns as the conversation's history holds them."""
        return [m.content for m in self.conversation.history.turns if m.role == "assistant"]


class Switchboard:
    """An `RtpEndpoint` plus a conversation per call (`async with Switchboard(...) as board:`)."""

    def __init__(self, engines: PipelineEngines, options: RtpOptions, config: Config | None = None) -> None:
        self.engines = engines
        self.config = config or Config()
        self.endpoint = RtpEndpoint(options)
        self.served: list[ServedCall] = []
        self._accept_task: asyncio.Task | None = None

    async def __aenter__(self) -> "Switchboard":
        await self.endpoint.start()
        self._accept_task = asyncio.create_task(self._accept())
        return self

    async def __aexit__(self, *exc) -> None:
        for served in self.served:
            served.conversation.close()
        await self.endpoint.close()  # ends every call: each conversation's frames end and run() returns
        await asyncio.gather(*(s.task for s in self.served if s.task), return_exceptions=True)
        if self._accept_task is not None:
            self._accept_task.cancel()
            await asyncio.gather(self._accept_task, return_exceptions=True)

    @property
    def port(self) -> int:
        return self.endpoint.local_address[1]

    @property
    def target(self) -> tuple[str, int]:
        return self.endpoint.local_address

    async def _accept(self) -> None:
        async for call in self.endpoint.calls():
            events: list[ConversationEvent] = []
            conversation = Conversation(call, self.engines, self.config, observer=events.append)
            served = ServedCall(call, conversation, events)
            served.task = asyncio.create_task(served.conversation.run())
            self.served.append(served)

    async def call_from(self, port: int, timeout_s: float = 10.0) -> ServedCall:
        """The call whose packets come from our caller's `port` (waits for its first packet)."""
        return await until(lambda: next((s for s in self.served if s.call.remote[1] == port), None), timeout_s,
                           f"no call from port {port}")


async def until(probe, timeout_s: float, what: str, every_s: float = 0.02):
    """Poll `probe()` on the event loop until it returns something truthy; fail with `what` after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not (value := probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s: {what}")
        await asyncio.sleep(every_s)
    return value
