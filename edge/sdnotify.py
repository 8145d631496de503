"""Tell systemd how the daemon is doing: READY=1 after warm-up, STATUS= lines, STOPPING=1, and watchdog pings.

The protocol (sd_notify(3)) is one datagram of `KEY=value` lines sent to the Unix socket named by $NOTIFY_SOCKET.
systemd-python's `systemd.daemon.notify` does it through libsystemd; when that package is not importable (a
developer machine without libsystemd-dev) we send the datagram ourselves, because the protocol is that small.
Outside systemd ($NOTIFY_SOCKET unset) every call is a no-op, so the daemon runs the same from a terminal.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Callable, Mapping

log = logging.getLogger(__name__)

NotifyFn = Callable[[str], bool]


def _libsystemd_notify() -> NotifyFn | None:
    """systemd-python's notify, or None when it is not installed (then we speak the protocol ourselves)."""
    try:
        from systemd import daemon  # type: ignore[import-not-found]
    except ImportError:
        return None
    return lambda state: bool(daemon.notify(state, unset_environment=False))


def _socket_address(notify_socket: str) -> str | bytes:
    """$NOTIFY_SOCKET as a socket address: a leading '@' means Linux's abstract namespace (a NUL byte)."""
    if notify_socket.startswith("@"):
        return b"\0" + notify_socket[1:].encode()
    return notify_socket


class SystemdNotifier:
    """One daemon's channel to systemd. Never raises: a lost notification is logged, the service keeps running."""

    def __init__(self, environ: Mapping[str, str] | None = None, use_libsystemd: bool = True) -> None:
        env = os.environ if environ is None else environ
        self.socket_path: str | None = env.get("NOTIFY_SOCKET") or None
        """Where systemd listens; None outside a Type=notify service."""
        self._watchdog_usec = _int_or_none(env.get("WATCHDOG_USEC"))
        watchdog_pid = _int_or_none(env.get("WATCHDOG_PID"))
        # systemd sets WATCHDOG_PID so a child that inherited the environment does not ping for its parent.
        if watchdog_pid is not None and watchdog_pid != os.getpid():
            self._watchdog_usec = None
        # libsystemd reads NOTIFY_SOCKET from the real process environment, so only use it when ours is that one.
        self._lib = _libsystemd_notify() if (use_libsystemd and environ is None) else None
        self.via = "libsystemd" if self._lib else "socket"
        """How datagrams are sent: "libsystemd" (systemd-python) or "socket" (our own few lines)."""
        if self.socket_path and self._lib is None:
            log.info("systemd-python not available; sending sd_notify datagrams to %s directly", self.socket_path)
        self._warned = False

    @property
    def enabled(self) -> bool:
        return self.socket_path is not None

    def watchdog_interval_s(self) -> float | None:
        """Seconds between pings: half of WatchdogSec= as systemd advises; None when no watchdog is armed."""
        if not self._watchdog_usec or self._watchdog_usec <= 0:
            return None
        return self._watchdog_usec / 2 / 1_000_000

    def ready(self) -> bool:
        """Every engine is loaded and warm: systemd now counts the unit as started."""
        return self.notify("READY=1")

    def status(self, text: str) -> bool:
        """A one-line human status for `systemctl status` (newlines would start a new key, so they are folded)."""
        return self.notify("STATUS=" + " ".join(text.split()))

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def extend_timeout(self, seconds: float) -> bool:
        """Ask for more start-up time (a slow first model load) instead of being killed by TimeoutStartSec=."""
        return self.notify(f"EXTEND_TIMEOUT_USEC={int(seconds * 1_000_000)}")

    def notify(self, state: str) -> bool:
        """Send raw `KEY=value` lines; True if systemd got them, False if disabled or the send failed."""
        if not self.socket_path:
            return False
        try:
            if self._lib is not None:
                return self._lib(state)
            return self._send(state)
        except OSError as exc:
            if not self._warned:  # once: a dead socket would otherwise log every watchdog tick
                log.warning("sd_notify to %s failed (%s); systemd may restart us", self.socket_path, exc)
                self._warned = True
            return False

    def _send(self, state: str) -> bool:
        assert self.socket_path is not None
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(state.encode(), _socket_address(self.socket_path))
        return True


async def run_watchdog(notifier: SystemdNotifier, is_healthy: Callable[[], bool],
                       interval_s: float | None = None) -> None:
    """Ping systemd's watchdog every `interval_s` (default: from WATCHDOG_USEC) while `is_healthy()` holds.

    Pings stop while the pipeline reports itself unhealthy, so a hung pipeline (not only a hung event loop) gets
    the unit restarted. Returns at once when no watchdog is armed; cancel the task to stop it.
    """
    interval = interval_s if interval_s is not None else notifier.watchdog_interval_s()
    if interval is None or not notifier.enabled:
        return
    while True:
        try:
            healthy = bool(is_healthy())
        except Exception:  # a broken health check counts as unhealthy, it must not kill the pinger silently
            log.exception("health check raised; withholding the watchdog ping")
            healthy = False
        if healthy:
            notifier.watchdog()
        await asyncio.sleep(interval)


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None
