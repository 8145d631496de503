"""`edge ask`: the operator's view of how the real matcher and responder route a typed question."""

from __future__ import annotations

import io
from pathlib import Path

import yaml

from edge.ask import Asker, run
from edge.cli import main
from edge.knowledge.options import KnowledgeOptions

SITES = Path(__file__).resolve().parents[2] / "configs" / "sites"
STORE = SITES / "hardware_store.yaml"


def test_each_route_is_named_with_what_would_be_said(engines):
    asker = Asker(engines.embedder, KnowledgeOptions(), STORE)
    assert asker.ask("When are you open?").startswith("entry 'opening_hours'")
    assert "aisle 5" in asker.ask("where do I find light bulbs")
    weather = asker.ask("what's the weather like")
    assert weather.startswith("fallback (out_of_scope (the weather))") and "ask a member of staff" in weather


def test_a_word_the_site_lacks_is_named_and_a_synonym_fixes_it(engines, tmp_path):
    """The loop an operator runs: ask, read the missing word, add a synonym, ask again."""
    question = "where do I park my caravan"
    before = Asker(engines.embedder, KnowledgeOptions(), STORE).ask(question)
    assert "never mentions caravan" in before and "synonyms: {caravan:" in before
    assert "Are you asking about parking?" in before and "A yes speaks: There's customer parking" in before
    site = yaml.safe_load(STORE.read_text())
    site["synonyms"] = {**site.get("synonyms", {}), "caravan": "car"}
    edited = tmp_path / "store.yaml"
    edited.write_text(yaml.safe_dump(site))
    after = Asker(engines.embedder, KnowledgeOptions(), edited).ask(question)
    assert "parking" in after and not after.startswith("fallback"), after


def test_blank_lines_are_skipped():
    class Echo:
        def ask(self, question: str) -> str:
            return question.upper()

    out = io.StringIO()
    assert run(Echo(), ["", "  hi  ", "\n"], out) == 1  # type: ignore[arg-type]
    assert out.getvalue() == "> hi\nHI\n\n"


def test_the_command_line_reads_the_engines_directory_from_the_config(engines_dir, tmp_path, capsys):
    config = tmp_path / "edge.yaml"
    config.write_text(f"engines:\n  dir: {engines_dir}\n")
    assert main(["ask", "--config", str(config), "--site", str(STORE), "how much is it to cut a key"]) == 0
    assert "entry 'key_cutting'" in capsys.readouterr().out


def test_without_a_site_file_the_command_says_how_to_give_one(engines_dir, tmp_path, capsys):
    config = tmp_path / "edge.yaml"
    config.write_text(f"engines:\n  dir: {engines_dir}\n")
    assert main(["ask", "--config", str(config), "anything"]) == 2
    assert "--site configs/sites/hardware_store.yaml" in capsys.readouterr().err
