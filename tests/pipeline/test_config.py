"""Config files are checked strictly: each mistake names the file, the key and the fix."""

from pathlib import Path

import pytest

from edge.config import Config
from edge.configfile import ConfigError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "edge.yaml"
    path.write_text(text)
    return path


def test_shipped_default_config_loads_and_resolves_paths():
    config = Config.load(REPO / "configs" / "default.yaml")
    assert config.engines.dir.is_absolute()
    assert config.engines.dir == (REPO / "var" / "engines").resolve()


def test_unknown_key_names_file_key_and_choices(tmp_path):
    path = write(tmp_path, "endpoint:\n  complete_silence: 200\n")
    with pytest.raises(ConfigError) as err:
        Config.load(path)
    message = str(err.value)
    assert str(path) in message and "endpoint.complete_silence" in message and "unknown key" in message
    assert "complete_silence_ms" in message  # the fix lists the real keys


def test_wrong_type_is_an_error_not_a_coercion(tmp_path):
    with pytest.raises(ConfigError, match=r"interruption\.min_speech_ms.*expected int.*'fast'"):
        Config.load(write(tmp_path, "interruption:\n  min_speech_ms: fast\n"))
    with pytest.raises(ConfigError, match=r"streaming\.speculation.*expected bool"):
        Config.load(write(tmp_path, "streaming:\n  speculation: 1\n"))


def test_literal_choices_are_enforced(tmp_path):
    with pytest.raises(ConfigError, match=r"engines\.stt_model.*'large'.*'tiny.en', 'base'"):
        Config.load(write(tmp_path, "engines:\n  stt_model: large\n"))


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        Config.load(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match=r"not valid YAML at line \d+, column \d+"):
        Config.load(write(tmp_path, "vad:\n  activation_threshold: [0.5\n"))


def test_every_option_is_documented():
    for line in Config.describe().splitlines():
        key, _, doc = line.partition("#")
        assert doc.strip(), f"option without a reason beside it: {key}"
