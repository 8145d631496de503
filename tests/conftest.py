"""Session-wide fixtures: the engines directory, built from nothing by model_build, and the loaded engines.

Cheap to import: the heavy libraries load only when a test asks for these fixtures. `engines_dir` runs the real
`model_build.builder.build` once per session into a fresh temp folder (~40 s on 2 cores, mostly the LLM
conversion). Set EDGE_TEST_ENGINES_DIR to a folder of your own to keep the build between sessions: the same
builder then re-uses whatever is unchanged (a second run takes about a second). That folder ends up holding
exactly what the tests build (tiny.en + smollm2): do not point it at a directory with other engines you want.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from engines.loader import LoadedEngines


@pytest.fixture(scope="session")
def engines_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from model_build.builder import build

    kept = os.environ.get("EDGE_TEST_ENGINES_DIR")
    out = Path(kept) if kept else tmp_path_factory.mktemp("engines-build") / "engines"
    build(out, stt_models=["tiny.en"], llms=["smollm2"])
    return out


@pytest.fixture(scope="session")
def engines(engines_dir: Path) -> "LoadedEngines":
    from engines.loader import load_engines

    return load_engines(engines_dir)


@pytest.fixture(scope="session")
def pulse_testbed():
    """A private PulseAudio server with `mic` and `spk` null sinks, and this process's environment pointed at it.

    In-process PortAudio (sounddevice) then reaches it as the device "pulse". Skipped only when the PulseAudio
    programs are not installed; CI installs them, so there it always runs.
    """
    if missing := _testbed().missing_tools():
        pytest.skip(f"PulseAudio test bed unavailable: {', '.join(missing)} not installed "
                    "(apt-get install pulseaudio pulseaudio-utils libasound2-plugins libportaudio2)")
    bed = _testbed().start_testbed()
    try:
        with _testbed().client_env_applied(bed):
            yield bed
    finally:
        _testbed().stop_testbed(bed)


def _testbed():
    from tests import testbed

    return testbed


@pytest.fixture(scope="module")
def daemon(engines_dir, pulse_testbed, tmp_path_factory):
    """A real `edge serve` process per test module (see tests/daemon/harness.py). Not per session: its device
    transport listens to the test bed's mic and talks into its speaker, so it must be gone before other modules
    use that sound card (the device tests heard it answering their questions)."""
    from tests.daemon.harness import run_daemon

    yield from run_daemon(engines_dir, pulse_testbed, tmp_path_factory)
