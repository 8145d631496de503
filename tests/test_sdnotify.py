"""The sd_notify protocol for real: the test owns a Unix datagram socket and plays systemd's side of it.

Both send paths are exercised: systemd-python (libsystemd's sd_notify) and our own fallback, which is forced by
making `import systemd` fail exactly as it does on a machine without the package.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from edge.sdnotify import SystemdNotifier, run_watchdog


class FakeSystemdEnd:
    """The receiving end of $NOTIFY_SOCKET (a real socket; only the listener is ours instead of PID 1)."""

    def __init__(self, abstract: bool = False) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        if abstract:
            name = f"edge-voice-test-{uuid.uuid4().hex}"
            self.sock.bind(b"\0" + name.encode())
            self.env_value = "@" + name
            self._dir = None
        else:
            # pytest's tmp_path can exceed the 108-byte sun_path limit, so use a short private directory.
            self._dir = tempfile.mkdtemp(prefix="sdn-", dir="/tmp")
            path = os.path.join(self._dir, "notify")
            self.sock.bind(path)
            self.env_value = path

    def messages(self, timeout_s: float = 0.5) -> list[str]:
        """Everything received until the socket has been quiet for `timeout_s`."""
        out = []
        self.sock.settimeout(timeout_s)
        while True:
            try:
                out.append(self.sock.recv(4096).decode())
            except socket.timeout:
                return out

    def close(self) -> None:
        self.sock.close()
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)


@pytest.fixture
def systemd_end(monkeypatch):
    end = FakeSystemdEnd()
    monkeypatch.setenv("NOTIFY_SOCKET", end.env_value)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    yield end
    end.close()


@pytest.fixture
def without_systemd_python(monkeypatch):
    """`import systemd` raises ImportError, as on a machine where systemd-python is not installed."""
    monkeypatch.setitem(sys.modules, "systemd", None)
    monkeypatch.setitem(sys.modules, "systemd.daemon", None)


def test_libsystemd_path_sends_ready_status_stopping(systemd_end):
    pytest.importorskip("systemd.daemon", reason="systemd-python is not installed (pip install systemd-python)")
    notifier = SystemdNotifier()
    assert notifier.via == "libsystemd"
    assert notifier.ready() is True
    assert notifier.status("loading engines:\n whisper") is True
    assert notifier.stopping() is True
    assert systemd_end.messages() == ["READY=1", "STATUS=loading engines: whisper", "STOPPING=1"]


def test_fallback_path_speaks_the_protocol_itself(systemd_end, without_systemd_python):
    notifier = SystemdNotifier()
    assert notifier.via == "socket"
    notifier.status("warming up")
    notifier.ready()
    notifier.watchdog()
    assert systemd_end.messages() == ["STATUS=warming up", "READY=1", "WATCHDOG=1"]


@pytest.mark.parametrize("use_lib", [True, False], ids=["libsystemd", "fallback"])
def test_abstract_namespace_socket(monkeypatch, use_lib):
    if use_lib:
        pytest.importorskip("systemd.daemon", reason="systemd-python is not installed")
    end = FakeSystemdEnd(abstract=True)
    try:
        monkeypatch.setenv("NOTIFY_SOCKET", end.env_value)
        assert end.env_value.startswith("@")
        notifier = SystemdNotifier(use_libsystemd=use_lib)
        assert notifier.via == ("libsystemd" if use_lib else "socket")
        assert notifier.ready() is True
        assert end.messages() == ["READY=1"]
    finally:
        end.close()


def test_noop_outside_systemd(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    notifier = SystemdNotifier()
    assert not notifier.enabled
    assert notifier.ready() is False
    assert notifier.watchdog_interval_s() is None


@pytest.mark.parametrize("use_lib", [True, False], ids=["libsystemd", "fallback"])
def test_dead_socket_is_logged_not_raised(monkeypatch, caplog, use_lib):
    if use_lib:
        pytest.importorskip("systemd.daemon", reason="systemd-python is not installed")
    monkeypatch.setenv("NOTIFY_SOCKET", "/tmp/edge-voice-no-such-socket-" + uuid.uuid4().hex)
    notifier = SystemdNotifier(use_libsystemd=use_lib)
    assert notifier.ready() is False
    assert notifier.watchdog() is False
    warnings = [r for r in caplog.records if "sd_notify to" in r.getMessage()]
    assert len(warnings) == 1, "the failure is logged once, not on every watchdog tick"


def test_watchdog_interval_is_half_of_watchdog_usec(monkeypatch, systemd_end):
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    assert SystemdNotifier().watchdog_interval_s() == pytest.approx(15.0)
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert SystemdNotifier().watchdog_interval_s() == pytest.approx(15.0)
    # A WATCHDOG_PID that is not ours means the watchdog belongs to a parent process.
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))
    assert SystemdNotifier().watchdog_interval_s() is None


@pytest.mark.parametrize("use_lib", [True, False], ids=["libsystemd", "fallback"])
def test_watchdog_cadence_follows_watchdog_usec_and_health(monkeypatch, systemd_end, use_lib):
    if use_lib:
        pytest.importorskip("systemd.daemon", reason="systemd-python is not installed")
    monkeypatch.setenv("WATCHDOG_USEC", "200000")  # WatchdogSec=0.2 s -> a ping every 0.1 s
    notifier = SystemdNotifier(use_libsystemd=use_lib)
    healthy = {"ok": True}
    arrivals: list[float] = []

    async def scenario() -> None:
        task = asyncio.create_task(run_watchdog(notifier, lambda: healthy["ok"]))
        await asyncio.sleep(1.0)
        healthy["ok"] = False  # the pipeline hangs: pings must stop so systemd restarts us
        await asyncio.sleep(0.2)  # let the tick that may already be due pass
        systemd_end.sock.setblocking(False)
        try:
            while True:
                systemd_end.sock.recv(4096)
                arrivals.append(time.monotonic())
        except BlockingIOError:
            pass
        await asyncio.sleep(0.6)
        task.cancel()

    asyncio.run(scenario())
    # ~10 pings in the healthy second (generous bounds: the machine is shared and loaded).
    assert 5 <= len(arrivals) <= 14, arrivals
    assert systemd_end.messages(timeout_s=0.2) == [], "no ping may be sent while unhealthy"


def test_watchdog_task_returns_when_not_armed(monkeypatch, systemd_end):
    notifier = SystemdNotifier()
    assert notifier.watchdog_interval_s() is None
    asyncio.run(asyncio.wait_for(run_watchdog(notifier, lambda: True), timeout=1.0))
    assert systemd_end.messages(timeout_s=0.1) == []


def test_raising_health_check_withholds_the_ping(monkeypatch, systemd_end, caplog):
    notifier = SystemdNotifier()

    def broken() -> bool:
        raise RuntimeError("pipeline state unreadable")

    async def scenario() -> None:
        task = asyncio.create_task(run_watchdog(notifier, broken, interval_s=0.05))
        await asyncio.sleep(0.3)
        assert not task.done(), "the pinger keeps running after a failed check"
        task.cancel()

    asyncio.run(scenario())
    assert systemd_end.messages(timeout_s=0.1) == []
    assert any("health check raised" in r.getMessage() for r in caplog.records)


def test_module_has_no_import_time_dependency_on_systemd(tmp_path: Path):
    """The daemon must import on a machine without systemd-python (checked in a clean interpreter)."""
    import subprocess

    code = ("import sys; sys.modules['systemd'] = None\n"
            "from edge.sdnotify import SystemdNotifier\n"
            "print(SystemdNotifier(environ={}).via)")
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "socket"
