"""A real audio device for tests: a private PulseAudio server with two null sinks standing in for mic and speaker.

    sink "mic"  <- the test plays a recorded question into it (paplay); a program records "mic.monitor"
    sink "spk"  <- a program plays into it; the test records "spk.monitor" (parecord)

PortAudio reaches the server through ALSA's `pulse` plugin: a program opens the PortAudio device "pulse" with
`client_env(bed)` in its environment (PULSE_SERVER points at this server, PULSE_SOURCE=mic.monitor,
PULSE_SINK=spk). Each test bed runs its own server in its own runtime directory, so engineers and CI jobs on the
same machine never share (or kill) each other's server. Two silent `pacat` streams keep the null sinks ticking
like a real card's clock (see `_keep_sinks_clocked`). Needs the Debian packages pulseaudio, pulseaudio-utils
(pactl, paplay, parecord, pacat), libasound2-plugins (the ALSA `pulse` device) and libportaudio2.

    bed = start_testbed()                       # or the `pulse_testbed` fixture in tests/device/conftest.py
    env = {**os.environ, **client_env(bed)}     # for a daemon in a subprocess; device "pulse" in its config
    play_into_mic(bed, "question.wav")
    record_speaker(bed, "reply.wav", seconds=8)
    stop_testbed(bed)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

MIC_SINK = "mic"
SPEAKER_SINK = "spk"
TOOLS = ("pulseaudio", "pactl", "paplay", "parecord", "pacat")


class TestbedError(RuntimeError):
    """The test bed could not be set up; the message says what is missing."""


@dataclass
class PulseTestbed:
    """One running PulseAudio server and how to reach it."""

    runtime_dir: Path
    """Holds the server's socket (`native`), pid file and log."""
    started_here: bool
    """True if `start_testbed` launched the server (so `stop_testbed` stops it); False if it was reused."""
    loopback_modules: list[int] = field(default_factory=list)
    keepalive: list[subprocess.Popen] = field(default_factory=list)
    players: list[subprocess.Popen] = field(default_factory=list)
    """paplay processes started by `play_into_mic`, ended by `stop_testbed` if still running."""
    """Silent low-latency streams that keep the null sinks clocked (see `_keep_sinks_clocked`)."""

    @property
    def server(self) -> str:
        return f"unix:{self.runtime_dir / 'native'}"

    @property
    def log_path(self) -> Path:
        return self.runtime_dir / "pulseaudio.log"


def missing_tools() -> list[str]:
    """Which of the programs the test bed needs are not installed (empty when it can run)."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def client_env(bed: PulseTestbed) -> dict[str, str]:
    """Environment a program needs to use the test bed through PortAudio's `pulse` device."""
    return {"PULSE_SERVER": bed.server, "PULSE_SOURCE": f"{MIC_SINK}.monitor", "PULSE_SINK": SPEAKER_SINK}


@contextmanager
def client_env_applied(bed: PulseTestbed) -> Iterator[None]:
    """Put `client_env` into this process's environment (for in-process PortAudio), restoring it afterwards."""
    saved = {key: os.environ.get(key) for key in client_env(bed)}
    os.environ.update(client_env(bed))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def start_testbed(runtime_dir: Path | None = None, timeout_s: float = 10.0) -> PulseTestbed:
    """Start a private PulseAudio server with the `mic` and `spk` null sinks, or reuse one in `runtime_dir`."""
    if missing := missing_tools():
        raise TestbedError(f"not installed: {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils "
                           "libasound2-plugins libportaudio2)")
    if runtime_dir is not None:
        bed = PulseTestbed(Path(runtime_dir), started_here=False)
        if _server_answers(bed):
            _ensure_sinks(bed)
            _keep_sinks_clocked(bed)
            return bed
    else:
        # Short and private: the socket path must fit in 108 bytes, and no other test run may share it.
        runtime_dir = Path(tempfile.mkdtemp(prefix="edge-pulse-", dir="/tmp"))
    bed = PulseTestbed(Path(runtime_dir), started_here=True)
    bed.runtime_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PULSE_RUNTIME_PATH=str(bed.runtime_dir), PULSE_STATE_PATH=str(bed.runtime_dir / "state"),
               XDG_CONFIG_HOME=str(bed.runtime_dir / "config"), HOME=str(bed.runtime_dir))
    cmd = ["pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "-n", "--use-pid-file=yes",
           f"--log-target=file:{bed.log_path}",
           "--load=module-native-protocol-unix",
           f"--load=module-null-sink sink_name={SPEAKER_SINK}",
           f"--load=module-null-sink sink_name={MIC_SINK}"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout_s)
    deadline = time.monotonic() + timeout_s
    while not _server_answers(bed):
        if time.monotonic() > deadline:
            log = bed.log_path.read_text(errors="replace")[-2000:] if bed.log_path.exists() else ""
            raise TestbedError(f"pulseaudio did not come up (exit {done.returncode}): {done.stderr.strip()}\n{log}")
        time.sleep(0.05)
    _keep_sinks_clocked(bed)
    return bed


def stop_testbed(bed: PulseTestbed) -> None:
    """Unload leaks, stop the server if this test bed started it (by the pid in its own pid file), end helpers."""
    for module in list(bed.loopback_modules):
        remove_leak(bed, module)
    if bed.started_here:
        # The server goes first: with its clock streams gone an idle null sink sleeps in 2 s blocks, and the
        # server would take that long to notice SIGTERM.
        _stop_server(bed.runtime_dir / "pid")
        shutil.rmtree(bed.runtime_dir, ignore_errors=True)
    for proc in bed.keepalive + bed.players:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    bed.keepalive.clear()
    bed.players.clear()


def _stop_server(pid_file: Path) -> None:
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
        # It takes ~1.5 s to wind down; a throwaway test server need not, so SIGKILL after a short grace.
        for sig in (signal.SIGKILL, None):
            for _ in range(25):
                if not _running(pid):
                    return
                time.sleep(0.02)
            if sig is not None:
                os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _running(pid: int) -> bool:
    """True while `pid` runs; a zombie waiting for init to reap it counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def play_into_mic(bed: PulseTestbed, wav_path: Path | str, wait: bool = True) -> subprocess.Popen:
    """Play a WAV into the `mic` sink, as if someone spoke at the box; `wait=False` returns while it plays."""
    proc = subprocess.Popen(["paplay", f"--device={MIC_SINK}", str(wav_path)], env=_tool_env(bed),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    bed.players.append(proc)
    if wait:
        _, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            raise TestbedError(f"paplay {wav_path} failed: {err.strip()}")
    return proc


def start_speaker_recording(bed: PulseTestbed, path: Path | str, rate_hz: int = 16_000) -> subprocess.Popen:
    """Record what is played into `spk` (mono int16 WAV at `rate_hz`) until `stop_recording`."""
    return subprocess.Popen(
        ["parecord", f"--device={SPEAKER_SINK}.monitor", f"--rate={rate_hz}", "--channels=1", "--format=s16le",
         "--file-format=wav", "--latency-msec=200", str(path)],
        env=_tool_env(bed), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop_recording(proc: subprocess.Popen) -> None:
    """End a recording cleanly: parecord writes the WAV header's final sizes on SIGINT."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def record_speaker(bed: PulseTestbed, path: Path | str, seconds: float, rate_hz: int = 16_000) -> Path:
    """Record `seconds` of the speaker into `path` (blocking)."""
    proc = start_speaker_recording(bed, path, rate_hz)
    time.sleep(seconds)
    stop_recording(proc)
    return Path(path)


def leak_speaker_into_mic(bed: PulseTestbed, gain: float, latency_ms: int = 20) -> int:
    """Route the speaker back into the mic at linear `gain` (an echo path for echo-cancellation tests).

    Returns the module index; `remove_leak` (or `stop_testbed`) undoes it.
    """
    out = _pactl(bed, "load-module", "module-loopback", f"source={SPEAKER_SINK}.monitor", f"sink={MIC_SINK}",
                 f"latency_msec={latency_ms}", "source_dont_move=true", "sink_dont_move=true")
    module = int(out.strip())
    bed.loopback_modules.append(module)
    for sink_input in json.loads(_pactl(bed, "-f", "json", "list", "sink-inputs")):
        if str(sink_input.get("owner_module")) == str(module):
            _pactl(bed, "set-sink-input-volume", str(sink_input["index"]), f"{gain:.4f}")
            return module
    raise TestbedError(f"module-loopback {module} loaded but its sink input was not found")


def remove_leak(bed: PulseTestbed, module: int) -> None:
    if module in bed.loopback_modules:
        bed.loopback_modules.remove(module)
    _pactl(bed, "unload-module", str(module), check=False)


def _tool_env(bed: PulseTestbed) -> dict[str, str]:
    return dict(os.environ, PULSE_SERVER=bed.server)


def _pactl(bed: PulseTestbed, *args: str, check: bool = True) -> str:
    done = subprocess.run(["pactl", *args], env=_tool_env(bed), capture_output=True, text=True, timeout=20)
    if check and done.returncode != 0:
        raise TestbedError(f"pactl {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _server_answers(bed: PulseTestbed) -> bool:
    if not (bed.runtime_dir / "native").exists():
        return False
    done = subprocess.run(["pactl", "info"], env=_tool_env(bed), capture_output=True, timeout=10)
    return done.returncode == 0


def _keep_sinks_clocked(bed: PulseTestbed, latency_ms: int = 20) -> None:
    """Play endless silence into both null sinks at low latency, as a real card's clock would tick.

    An idle null sink renders in 2-second blocks, so a stream opened on it waits up to 2 s for its first
    callback, and a full-duplex PortAudio stream (which needs both directions ready) stalls. A silent stream
    keeps each sink's block at a few ms; mixing zeros into the mic changes no sample of what a test plays.
    """
    for sink in (SPEAKER_SINK, MIC_SINK):
        with open("/dev/zero", "rb") as zeros:
            bed.keepalive.append(subprocess.Popen(
                ["pacat", "--playback", f"--device={sink}", f"--latency-msec={latency_ms}", "--raw",
                 "--rate=16000", "--channels=1", "--format=s16le", "--client-name=edge-testbed-clock"],
                stdin=zeros, env=_tool_env(bed), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    # The 2 s block already rendered must drain before a new stream starts promptly: wait for it.
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        sinks = json.loads(_pactl(bed, "-f", "json", "list", "sinks"))
        if all(s["latency"]["actual"] < 100_000 for s in sinks if s["name"] in (SPEAKER_SINK, MIC_SINK)):
            return
        time.sleep(0.1)


def _ensure_sinks(bed: PulseTestbed) -> None:
    """A reused server may lack our sinks (someone else's setup): add the missing ones."""
    sinks = _pactl(bed, "list", "short", "sinks").split()
    for name in (SPEAKER_SINK, MIC_SINK):
        if name not in sinks:
            _pactl(bed, "load-module", "module-null-sink", f"sink_name={name}")
