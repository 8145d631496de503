"""The daemon: boot (config, engines, warm-up), tell systemd it is ready, then serve calls until told to stop.

Boot order matters to the operator: a bad config or a missing engine fails before anything is announced, and
`READY=1` goes out only once every engine has run real inference, so the first caller never pays for warm-up.
A transport that cannot start is logged and skipped; the daemon serves whatever it still can.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from dataclasses import dataclass, field

from edge.config import Config
from edge.conversation import Conversation, PipelineEngines
from edge.events import ConversationEvent, TurnMetrics
from edge.sdnotify import SystemdNotifier, run_watchdog
from edge.transports.base import Call, Transport, TransportError

log = logging.getLogger("edge.daemon")


class DaemonError(RuntimeError):
    """The daemon cannot serve at all; the message says why and what to do."""


@dataclass
class Runtime:
    """Everything booted: engines, their worker threads, the planner."""

    engines: PipelineEngines
    loaded: object
    boot_s: float
    extras: dict = field(default_factory=dict)


def boot_engines(config: Config) -> Runtime:
    """Load, verify and warm every engine (blocking: call it from a thread or before the loop starts)."""
    from edge.assembly import build_runtime

    return build_runtime(config)


class Daemon:
    def __init__(self, config: Config, transports: list[Transport], notifier: SystemdNotifier | None = None):
        self.config = config
        self.transports = transports
        self.notifier = notifier or SystemdNotifier()
        self.runtime: Runtime | None = None
        self.conversations: dict[str, Conversation] = {}
        self.started: list[Transport] = []
        self._stop = asyncio.Event()
        self._tasks: set[asyncio.Task] = set()
        self.refused_calls = 0
        self.failure: str | None = None
        """Why the daemon stopped itself (a transport died); `edge serve` then exits non-zero for a restart."""
        self.hung_transport = False
        """A transport could not be closed (PortAudio stuck in its thread): the process must exit hard."""

    async def run(self) -> None:
        """Boot, announce readiness, serve until SIGTERM/SIGINT (or `stop()`), then shut down cleanly."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop)
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        try:
            self.notifier.status("loading and warming engines")
            started = time.monotonic()
            self.runtime = await asyncio.to_thread(boot_engines, self.config)
            log.info("engines ready in %.1f s", time.monotonic() - started)
            await self._start_transports()
            self.notifier.ready()
            names = ", ".join(t.name for t in self.started)
            self.notifier.status(f"serving on {names}")
            log.info("ready: serving on %s", names)
            self._spawn(run_watchdog(self.notifier, self.healthy))
            await self._stop.wait()
        finally:
            self.notifier.stopping()
            await self._shutdown()

    def stop(self) -> None:
        log.info("stopping")
        self._stop.set()

    def reload(self) -> None:
        """SIGHUP: re-read the site knowledge (the rest of the config needs a restart)."""
        reloader = self.runtime.extras.get("reload") if self.runtime else None
        if reloader is None:
            log.info("SIGHUP: nothing to reload (no site knowledge configured)")
            return
        self._spawn(asyncio.to_thread(reloader))

    def healthy(self) -> bool:
        """The watchdog pings only while this holds: the loop runs (else this is not called at all), the daemon
        is not stopping, and every started transport says it is healthy (a stalled sound card is not)."""
        return not self._stop.is_set() and all(getattr(t, "healthy", True) for t in self.started)

    async def _start_transports(self) -> None:
        for transport in self.transports:
            try:
                await transport.start()
            except TransportError as exc:
                log.error("transport %s not started: %s", transport.name, exc)
                continue
            self.started.append(transport)
            self._spawn(self._accept(transport))
        if not self.started:
            raise DaemonError("no transport could start (see the errors above); enable one that works on this "
                              "machine in the config (device: or rtp:)")

    async def _accept(self, transport: Transport) -> None:
        async for call in transport.calls():  # noqa: B007 (each call is served by its own task)
            if len(self.conversations) >= self.config.daemon.max_conversations:
                self.refused_calls += 1
                log.warning("refusing %s: %d conversations already running", call.call_id, len(self.conversations))
                end = getattr(call, "end", None)
                if end is not None:
                    end("refused")  # free the transport's session now, not at its idle timeout
                continue
            self._spawn(self._converse(call))

    async def _converse(self, call: Call) -> None:
        assert self.runtime is not None
        conversation = Conversation(call, self.runtime.engines, self.config, observer=log_event)
        self.conversations[call.call_id] = conversation
        log.info("%s: conversation started", call.call_id)
        try:
            await conversation.run()
        finally:
            self.conversations.pop(call.call_id, None)
            log.info("%s: conversation ended", call.call_id)
        failure = getattr(self._transport_of(call), "failure", None)
        if failure:
            # The sound card is gone for good: exit non-zero so systemd restarts us (Restart=on-failure).
            log.error("%s failed: %s; stopping so systemd can restart the service", call.call_id, failure)
            self.failure = failure
            self.stop()

    def _transport_of(self, call: Call) -> Transport | None:
        return next((t for t in self.started if getattr(t, "call", None) is call), None)

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("daemon task failed", exc_info=task.exception())

    async def _shutdown(self) -> None:
        for conversation in list(self.conversations.values()):
            conversation.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for transport in self.started:
            try:
                await transport.close()
            except Exception:
                log.exception("closing %s failed", transport.name)
            if getattr(transport, "close_timed_out", False):
                self.hung_transport = True
        if self.runtime is not None:
            self.runtime.engines.workers.shutdown()


def log_event(event: ConversationEvent) -> None:
    """The daemon's observer: one log line per event, with the per-stage timings of each turn."""
    if isinstance(event, TurnMetrics):
        stages = " ".join(f"{k}={v:.0f}ms" for k, v in event.stages_ms().items() if v is not None)
        log.info("%s turn %d [%s]: %r -> %r %s", event.call_id, event.turn_index, event.source, event.transcript,
                 event.reply_text, stages)
    else:
        log.info("%s", event)
