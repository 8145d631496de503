"""`edge-build trtllm` on a machine without a GPU or tensorrt_llm (this one): it must fail at once, clearly."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from model_build.trtllm import gpu_names

REPO = Path(__file__).resolve().parents[2]


def test_fails_before_doing_anything(tmp_path):
    if gpu_names():
        pytest.skip("this machine has a GPU")
    checkpoint = tmp_path / "hf"
    checkpoint.mkdir()
    (checkpoint / "config.json").write_text("{}")
    out = tmp_path / "engines"
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "model_build", "trtllm", "--hf-checkpoint", str(checkpoint),
                             "--qformat", "int4_awq", "--out", str(out)], capture_output=True, text=True,
                            cwd=REPO, timeout=120, check=False)
    assert result.returncode == 1
    assert "tensorrt_llm is not installed" in result.stderr
    assert "no CUDA GPU is visible" in result.stderr
    assert not out.exists(), "nothing may be written when the build cannot run"
    assert time.monotonic() - start < 60  # generous: it checks, it does not try


def test_bad_qformat_is_refused_by_the_cli(tmp_path):
    result = subprocess.run([sys.executable, "-m", "model_build", "trtllm", "--hf-checkpoint", str(tmp_path),
                             "--qformat", "int3", "--out", str(tmp_path / "o")], capture_output=True, text=True,
                            cwd=REPO, timeout=120, check=False)
    assert result.returncode == 2 and "int4_awq" in result.stderr
