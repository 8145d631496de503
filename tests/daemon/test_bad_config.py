"""A bad config or a missing model stops `edge serve` at once with a message naming the problem and the fix."""

import subprocess
import sys
from pathlib import Path

from tests.daemon.harness import write_config


def serve(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edge.cli", "serve", "--config", str(config)],
                          capture_output=True, text=True, timeout=60)


def test_unknown_key(tmp_path):
    config = tmp_path / "edge.yaml"
    config.write_text("vad:\n  threshold: 0.5\n")
    done = serve(config)
    assert done.returncode == 2
    assert f"{config}: vad.threshold: unknown key" in done.stderr
    assert "activation_threshold" in done.stderr  # the fix names the real keys


def test_wrong_type(tmp_path):
    config = tmp_path / "edge.yaml"
    config.write_text("rtp:\n  port: forty\n")
    done = serve(config)
    assert done.returncode == 2
    assert "rtp.port: expected int, got str 'forty'" in done.stderr


def test_invalid_value_names_the_group(tmp_path):
    config = tmp_path / "edge.yaml"
    config.write_text("rtp:\n  allow_cidrs: ['10.0.0.0/33']\n")
    done = serve(config)
    assert done.returncode == 2
    assert "rtp" in done.stderr and "'10.0.0.0/33' is not a CIDR" in done.stderr


def test_missing_models_name_engine_file_and_fix(tmp_path):
    empty = tmp_path / "engines"
    empty.mkdir()
    config = write_config(tmp_path / "edge.yaml", empty, 0)
    done = serve(config)
    assert done.returncode == 1
    assert "edge-build build --out" in done.stderr and str(empty) in done.stderr
    assert "manifest" in done.stderr.lower()


def test_one_flipped_model_byte_is_named(tmp_path, engines_dir):
    """A corrupted engine file is caught at boot when checksums are on (the default checks sizes only)."""
    import shutil

    copy = tmp_path / "engines"
    shutil.copytree(engines_dir, copy)
    victim = copy / "vad" / "silero_vad_v6.onnx"
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    config = write_config(tmp_path / "edge.yaml", copy, 0, engines={"verify_checksums": True})
    done = serve(config)
    assert done.returncode == 1
    assert "silero_vad_v6.onnx" in done.stderr and "edge-build build" in done.stderr
