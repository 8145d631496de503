"""The `device` option group read the strict way the daemon reads its config (no audio device needed)."""

from __future__ import annotations

import pytest

from edge.configfile import ConfigError, build, describe
from edge.transports.device import DeviceOptions


def test_defaults_are_the_pipeline_rate_and_20ms_blocks():
    options = build(DeviceOptions, {})
    assert (options.sample_rate_hz, options.block_ms, options.block_samples) == (16_000, 20, 320)
    assert options.input_device is None and options.output_device is None


@pytest.mark.parametrize("value", ["USB Audio", 3, None])
def test_a_device_is_a_name_an_index_or_null(value):
    assert build(DeviceOptions, {"input_device": value}).input_device == value


@pytest.mark.parametrize("data, key, words", [
    ({"input_devise": "USB"}, "device.input_devise", "unknown key"),
    ({"input_device": True}, "device.input_device", "is not a int or str"),
    ({"sample_rate_hz": "16k"}, "device.sample_rate_hz", "expected int"),
    ({"output_latency_s": "fast"}, "device.output_latency_s", "is not a float or 'low' | 'high'"),
    ({"block_ms": 7.5}, "device.block_ms", "expected int"),
    ({"block_ms": 3}, "device", "block_ms=3 must be 5..100"),
    ({"sample_rate_hz": 44_100, "block_ms": 15}, "device", "a whole number of samples"),
    ({"stall_timeout_s": 0}, "device", "stall_timeout_s"),
])
def test_bad_values_name_the_key_and_the_problem(data, key, words):
    with pytest.raises(ConfigError) as err:
        build(DeviceOptions, data, source="edge.yaml", prefix="device")
    message = str(err.value)
    assert message.startswith(f"edge.yaml: {key}"), message
    assert words in message, message


def test_every_option_documents_itself():
    lines = describe(DeviceOptions, "device")
    assert len(lines) == len(DeviceOptions.__dataclass_fields__)
    assert all("  # " in line and len(line.split("  # ", 1)[1]) > 20 for line in lines), lines
