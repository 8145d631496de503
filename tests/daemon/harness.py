"""How the session's real `edge serve` process runs (the `daemon` fixture in tests/conftest.py): PulseAudio null sinks as its sound card, an RTP endpoint
on a free loopback port, and a NOTIFY_SOCKET datagram socket owned by the test (systemd is not PID 1 here)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.testbed import client_env

WATCHDOG_USEC = 1_000_000  # systemd's WatchdogSec=1: the daemon must ping every 0.5 s
READY_TIMEOUT_S = 120.0


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class NotifyListener:
    """The systemd side of sd_notify: a datagram socket that records every message with its arrival time."""

    path: Path
    messages: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))
        self.sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            for line in data.decode().splitlines():
                self.messages.append((time.monotonic(), line))

    def times_of(self, message: str) -> list[float]:
        return [t for t, m in list(self.messages) if m == message]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@dataclass
class RunningDaemon:
    proc: subprocess.Popen
    config_path: Path
    log_path: Path
    notify: NotifyListener
    rtp_port: int
    ready_at: float = 0.0
    log_at_ready: str = ""

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def write_config(path: Path, engines_dir: Path, rtp_port: int, **groups: dict) -> Path:
    import yaml

    config = {
        "engines": {"dir": str(engines_dir)},
        "device": {"enabled": True, "input_device": "pulse", "output_device": "pulse"},
        "rtp": {"enabled": True, "port": rtp_port, "payload": "pcmu", "idle_timeout_s": 2.0},
    }
    for name, values in groups.items():
        config.setdefault(name, {}).update(values)
    path.write_text(yaml.safe_dump(config))
    return path


def run_daemon(engines_dir, pulse_testbed, tmp_path_factory):
    """`edge serve` started as systemd would start it, and stopped with SIGTERM at the end of the session."""
    work = tmp_path_factory.mktemp("daemon")
    rtp_port = free_udp_port()
    config_path = write_config(work / "edge.yaml", engines_dir, rtp_port)
    notify = NotifyListener(work / "notify.sock")
    log_path = work / "daemon.log"
    env = dict(os.environ, **client_env(pulse_testbed), NOTIFY_SOCKET=str(notify.path),
               WATCHDOG_USEC=str(WATCHDOG_USEC), PYTHONUNBUFFERED="1")
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "edge.cli", "serve", "--config", str(config_path)],
                                stdout=log_file, stderr=subprocess.STDOUT, env=env)
    running = RunningDaemon(proc, config_path, log_path, notify, rtp_port)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not notify.times_of("READY=1"):
        if proc.poll() is not None or time.monotonic() > deadline:
            notify.close()
            proc.kill()
            pytest.fail(f"the daemon never sent READY=1 (exit {proc.poll()}):\n{running.log()[-3000:]}")
        time.sleep(0.05)
    running.ready_at = notify.times_of("READY=1")[0]
    running.log_at_ready = running.log()
    try:
        yield running
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        notify.close()
