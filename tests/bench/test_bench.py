"""`edge bench` on the real thing, kept short: 2 real Asterisk prompts as real RTP into the real pipeline.

Engines come from the session fixture (built once by model_build, loaded once); the caller is the bench's own
peer process; every stage, the JSON and the PNG are checked, and the naive baseline must answer too.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest

from edge.bench import report
from edge.bench.baseline import BaselineConversation
from edge.bench.manifest import ManifestError, SpeechEndFinder, load_clip, read_manifest, write_manifest, \
    ManifestEntry, SOUNDS_DIR
from edge.bench.runner import BenchRunner
from edge.bench.variants import NAMED, apply_overlay, needs_new_engines, parse_overlay
from edge.config import Config
from edge.configfile import ConfigError
from edge.conversation import Conversation, PipelineEngines
from edge.planner import LlmPlanner
from edge.workers import EngineWorkers

PROMPTS = {"conf-now-recording": "The conference is now being recorded.",
           "vm-goodbye": "Goodbye."}
ALL_STAGES = ["endpoint", "stt_final", "llm_ttft", "first_fragment", "tts_first_chunk", "output", "delivery", "ttfa"]


@pytest.fixture(scope="module")
def manifest(engines_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[ManifestEntry]:
    finder = SpeechEndFinder(engines_dir)
    entries = []
    for name, text in PROMPTS.items():
        path = SOUNDS_DIR / f"{name}.g722"
        if not path.is_file():
            pytest.fail(f"test speech {path} is missing. Fix: apt-get install -y asterisk-core-sounds-en-g722")
        audio = load_clip(path)
        end = finder.speech_end_s(audio)
        # The VAD-derived end lies inside the clip, after most of it (these prompts end in speech, then a short tail).
        assert end is not None and 0.5 * audio.size / 16000 < end <= audio.size / 16000
        entries.append(ManifestEntry(path, text, end))
    out = tmp_path_factory.mktemp("bench") / "manifest.jsonl"
    write_manifest(out, entries)
    return read_manifest(out)


def test_bench_main_and_baseline_over_rtp(engines, manifest, tmp_path: Path) -> None:
    config = Config()
    # Short replies keep the test short; the bench itself runs the config as loaded.
    config = dataclasses.replace(config, assistant=dataclasses.replace(config.assistant, max_new_tokens=24))
    pipeline = PipelineEngines(EngineWorkers(engines.stt, engines.llm, engines.tts), engines.vad,
                               LlmPlanner(config.assistant))
    lines: list[str] = []
    runner = BenchRunner("pcmu", 1.0, progress=lines.append)

    async def both():
        main = await runner.run("main", manifest, pipeline, config, Conversation)
        base = await runner.run("baseline", manifest[:1], pipeline, config, BaselineConversation)
        return main, base

    try:
        main, base = asyncio.run(both())
    finally:
        pipeline.workers.shutdown()
    turn_lines = [line for line in lines if " turn " in line]
    assert len(turn_lines) == 3 and turn_lines[0].startswith("[main] turn 1/2"), lines
    assert any(line.startswith("[main] phrase cache:") for line in lines), lines
    runs = {"main": main, "baseline": base}
    summaries = {n: report.summarise(r) for n, r in runs.items()}
    report.save_json(tmp_path / "bench.json", runs, summaries, {"test": True})
    report.save_png(tmp_path / "bench.png", runs)

    data = json.loads((tmp_path / "bench.json").read_text())
    for turn in data["turns"]["main"]:
        assert turn["error"] is None, turn
        missing = [s for s in ALL_STAGES if turn["stages_ms"].get(s) is None]
        assert not missing, f"stages not measured: {missing} in {turn}"
        assert 0 < turn["ttfa_ms"] < 20_000
        assert turn["reference_words"] > 0 and turn["transcript"]
        assert set(turn["waterfall"]) >= {"endpoint", "stt_final", "llm_ttft", "output", "delivery"}
    # The caller's TTFA covers the pipeline's own (it adds the wire and the caller's detection of the sound).
    for turn in data["turns"]["main"]:
        assert turn["ttfa_ms"] >= turn["stages_ms"]["ttfa_pipeline"] - 5
    (base_turn,) = data["turns"]["baseline"]
    assert base_turn["error"] is None and base_turn["source"] == "llm" and base_turn["reply_text"], base_turn
    # The baseline waits a fixed 600 ms of silence before it even starts.
    assert base_turn["stages_ms"]["endpoint"] >= 550
    assert data["summaries"]["main"]["stages_ms"]["ttfa"]["n"] == 2
    assert data["summaries"]["main"]["wer"] is not None and data["summaries"]["main"]["wer"] < 0.5
    assert (tmp_path / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_manifest_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "m.jsonl"
    bad.write_text('{"audio": "/usr/share/asterisk/sounds/en/vm-goodbye.g722", "text": "Goodbye."}\n{"text": 1}\n')
    with pytest.raises(ManifestError, match=r"m\.jsonl:2: .*\"audio\" and \"text\""):
        read_manifest(bad)
    bad.write_text('{"audio": "nowhere.g722", "text": "x"}\n')
    with pytest.raises(ManifestError, match="does not exist"):
        read_manifest(bad)


def test_overlays_are_checked_like_the_config_file() -> None:
    config = apply_overlay(Config(), NAMED["long-first-fragment"].overlay)
    assert config.fragments.first_max_words == 30 and config.fragments.first_min_words == 30
    assert apply_overlay(Config(), parse_overlay("streaming.speculation=false")).streaming.speculation is False
    with pytest.raises(ConfigError, match="streaming.speculate: unknown key"):
        apply_overlay(Config(), {"streaming.speculate": False})
    with pytest.raises(ConfigError, match="expected int"):
        apply_overlay(Config(), {"fragments.first_max_words": "many"})
    assert needs_new_engines(NAMED["threads-2"].overlay) and not needs_new_engines(NAMED["no-prefix-cache"].overlay)


def test_percentiles() -> None:
    assert report.percentile([], 50) is None
    assert report.percentile([100, 200, 300, 400], 50) == 250
    assert report.percentile(range(1, 101), 99) == pytest.approx(99.01)


def test_a_turn_reopened_in_a_pause_counts_as_committed_early(engines, engines_dir: Path, tmp_path: Path) -> None:
    """"Login incorrect. [350 ms] Please enter your agent number...": the pipeline commits "Login incorrect." in
    the pause and reopens the turn when the caller goes on. The reopened turn reports no metrics of its own, and
    the bench used to miss it: it must count as a commit before the true end, and the clip as answered whole."""
    path = SOUNDS_DIR / "agent-incorrect.g722"
    audio = load_clip(path)
    entry = ManifestEntry(path, "Login incorrect. Please enter your agent number followed by the pound key.",
                          SpeechEndFinder(engines_dir).speech_end_s(audio))
    config = Config()
    config = dataclasses.replace(config, assistant=dataclasses.replace(config.assistant, max_new_tokens=16))
    pipeline = PipelineEngines(EngineWorkers(engines.stt, engines.llm, engines.tts), engines.vad,
                               LlmPlanner(config.assistant))
    try:
        (record,) = asyncio.run(BenchRunner("pcmu", 1.0, progress=lambda _: None).run(
            "main", [entry], pipeline, config, Conversation))
    finally:
        pipeline.workers.shutdown()
    assert record.error is None and record.pipeline_turns == 1, record
    assert "incorrect" in record.transcript.lower() and "pound" in record.transcript.lower(), record.transcript
    assert record.early_commit, record
    assert record.discards >= 1
    assert report.summarise([record])["early_commits"] == 1


def test_the_peer_counts_reply_voice_heard_before_the_true_end() -> None:
    """Real RTP packets into the bench's caller: voice that arrives before the true end of speech is counted
    (the assistant spoke into a pause), and only voice after it is the first reply."""
    import numpy as np

    from edge.bench.peer import Peer, _Turn
    from edge.transports.rtp.packet import RtpPacket

    peer = Peer(("127.0.0.1", 9), "pcmu")
    events: list[dict] = []
    peer.emit = lambda **event: events.append(event)  # type: ignore[method-assign]
    turn = _Turn(0, 1234, [peer.silence] * 3, speech_end_packet=2)
    tone = (3000 * np.sin(np.arange(peer.samples) / 3)).astype(np.int16)

    def reply(samples: np.ndarray, seq: int) -> bytes:
        return RtpPacket(peer.codec.payload_type, seq, seq * peer.samples, 99, peer.codec.encode(samples)).serialise()

    peer.on_datagram(reply(peer.silence, 0), turn)
    peer.on_datagram(reply(tone, 1), turn)
    peer.on_datagram(reply(tone, 2), turn)
    peer.on_datagram(b"\x00garbage", turn)  # a malformed packet is skipped, not counted
    assert turn.voiced_before_end == 2 and turn.first_reply_ns == 0 and not events
    turn.speech_end_ns = 1
    peer.on_datagram(reply(tone, 3), turn)
    assert turn.voiced_before_end == 2 and turn.first_reply_ns > 0
    assert [e["event"] for e in events] == ["first_reply"]
    for sock in peer.socks:
        sock.close()
