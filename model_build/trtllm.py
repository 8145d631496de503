"""The GPU path: quantize a Hugging Face checkpoint (INT4-AWQ or FP8) and build a TensorRT-LLM engine.

Follows TensorRT-LLM's documented two steps: `examples/quantization/quantize.py --model_dir HF --qformat ...
--output_dir CKPT` (from the TensorRT-LLM source tree, which the wheel does not ship), then `trtllm-build
--checkpoint_dir CKPT --output_dir ENGINE`. The result goes into `OUT/llm-trtllm/` with the same manifest format
as the CPU engines. Everything it needs is checked first, so on a box without a GPU or without tensorrt_llm it
fails at once, before touching any file.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from engines.manifest import EngineEntry, Manifest, describe_files, fingerprint, read_manifest, write_manifest
from model_build.progress import Progress
from model_build.steps import BuildError, version_of

ENGINE = "llm-trtllm"
QFORMATS = ("int4_awq", "fp8")


def gpu_names() -> list[str]:
    """CUDA GPUs the driver reports (empty when there is no driver or no GPU)."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return []
    try:
        result = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line for line in result.stdout.splitlines() if line.startswith("GPU ")]


def preflight(hf_checkpoint: Path, qformat: str, quantize_script: Path | None) -> Path:
    """Every reason the build cannot run, found before any work; returns the quantize.py to use."""
    problems = []
    if qformat not in QFORMATS:
        problems.append(f"--qformat {qformat!r} is not supported; use one of {', '.join(QFORMATS)}")
    if importlib.util.find_spec("tensorrt_llm") is None:
        problems.append("the Python package tensorrt_llm is not installed. Fix: on a machine with an NVIDIA GPU, "
                        "pip install tensorrt_llm --extra-index-url https://pypi.nvidia.com (PyPI only has a stub)")
    if not gpu_names():
        problems.append("no CUDA GPU is visible (nvidia-smi is missing or lists no GPU). Fix: run this on a "
                        "machine with an NVIDIA GPU and its driver; the CPU engines need `edge-build build` instead")
    if shutil.which("trtllm-build") is None:
        problems.append("the trtllm-build command is not on PATH (it comes with the tensorrt_llm wheel)")
    if not (hf_checkpoint / "config.json").is_file():
        problems.append(f"{hf_checkpoint} is not a Hugging Face checkpoint directory (no config.json)")
    script = quantize_script or _default_quantize_script()
    if script is None or not script.is_file():
        problems.append("examples/quantization/quantize.py from the TensorRT-LLM source tree (same version as the "
                        "wheel) was not found. Fix: pass --quantize-script PATH or set TRTLLM_EXAMPLES")
    if problems:
        raise BuildError("edge-build trtllm cannot run:\n  - " + "\n  - ".join(problems))
    assert script is not None
    return script


def _default_quantize_script() -> Path | None:
    examples = os.environ.get("TRTLLM_EXAMPLES")
    return Path(examples) / "quantization" / "quantize.py" if examples else None


def _run(cmd: list[str], progress: Progress, what: str) -> None:
    with progress.stage(ENGINE, what):
        result = subprocess.run(cmd, check=False)
    if result.returncode != 0:
        raise BuildError(f"engine {ENGINE}: `{' '.join(cmd)}` failed with exit code {result.returncode}")


def build_trtllm(hf_checkpoint: Path, qformat: str, out: Path, *, quantize_script: Path | None = None,
                 progress: Progress | None = None, max_batch_size: int = 1, max_input_len: int = 2048) -> Path:
    """Quantize and build; add the engine to `out`'s manifest. Returns the engine's folder."""
    progress = progress or Progress()
    hf_checkpoint, out = Path(hf_checkpoint).absolute(), Path(out).absolute()
    script = preflight(hf_checkpoint, qformat, quantize_script)
    params = {"qformat": qformat, "dtype": "float16", "max_batch_size": max_batch_size,
              "max_input_len": max_input_len, "hf_checkpoint": str(hf_checkpoint)}
    if qformat == "int4_awq":
        params["awq_block_size"] = 128
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".trtllm-", dir=out) as tmp:
        ckpt, engine_dir = Path(tmp) / "checkpoint", Path(tmp) / ENGINE
        quantize = [sys.executable, str(script), "--model_dir", str(hf_checkpoint), "--dtype", "float16",
                    "--qformat", qformat, "--output_dir", str(ckpt), "--calib_size", "32"]
        if qformat == "int4_awq":
            quantize += ["--awq_block_size", "128"]
        _run(quantize, progress, f"quantizing to {qformat}")
        _run(["trtllm-build", "--checkpoint_dir", str(ckpt), "--output_dir", str(engine_dir),
              "--gemm_plugin", "auto", "--max_batch_size", str(max_batch_size),
              "--max_input_len", str(max_input_len)], progress, "building the TensorRT engine")
        for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
            if (hf_checkpoint / name).is_file():
                shutil.copyfile(hf_checkpoint / name, engine_dir / name)
        final = out / ENGINE
        if final.exists():
            shutil.rmtree(final)
        os.rename(engine_dir, final)
    try:
        manifest = read_manifest(out)
    except (OSError, ValueError):
        manifest = Manifest()
    manifest.created_utc = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    tools = {d: version_of(d) for d in ("tensorrt_llm", "tensorrt", "torch", "transformers")}
    manifest.engines[ENGINE] = EngineEntry(
        kind="llm", source_package=f"hf-checkpoint:{hf_checkpoint.name}", source_version="n/a",
        quantization=qformat, build=params, tools=tools, inputs_fingerprint=fingerprint([params, tools]),
        files=describe_files(final))
    write_manifest(out, manifest)
    return final
