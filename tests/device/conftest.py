"""The PulseAudio null-sink test bed as a session fixture (see tests/testbed.py)."""

from __future__ import annotations

import pytest

from tests import testbed


@pytest.fixture(scope="session")
def pulse_testbed():
    """A private PulseAudio server with `mic` and `spk` null sinks, and this process's environment pointed at it.

    In-process PortAudio (sounddevice) then reaches it as the device "pulse". Skipped only when the PulseAudio
    programs are not installed; CI installs them, so there it always runs.
    """
    if missing := testbed.missing_tools():
        pytest.skip(f"PulseAudio test bed unavailable: {', '.join(missing)} not installed "
                    "(apt-get install pulseaudio pulseaudio-utils libasound2-plugins libportaudio2)")
    bed = testbed.start_testbed()
    try:
        with testbed.client_env_applied(bed):
            yield bed
    finally:
        testbed.stop_testbed(bed)
