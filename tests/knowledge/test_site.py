"""Site knowledge files: the examples load, and every kind of mistake is an error naming file, key and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from edge.configfile import ConfigError
from edge.knowledge.site import load_site
from tests.knowledge.evaluation import SITES_DIR

GOOD = """\
site: Test Shop
kind: shop
facts:
  - We open at 9:00 a.m.
entries:
  - id: hours
    questions: ['When do you open?']
    answer: We open at 9:00 a.m.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(SITES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_example_sites_load(path: Path) -> None:
    site = load_site(path)
    assert site.site and len(site.facts) >= 10 and len(site.entries) >= 5
    assert all(len(e.questions) >= 2 for e in site.entries)


def test_three_example_sites_of_different_kinds() -> None:
    kinds = {load_site(p).kind for p in SITES_DIR.glob("*.yaml")}
    assert len(kinds) >= 3


def test_minimal_site_loads(tmp_path: Path) -> None:
    site = load_site(write(tmp_path, GOOD))
    assert site.entry("hours").questions == ("When do you open?",)
    assert "We open at 9:00 a.m." in site.texts


@pytest.mark.parametrize("text, key, words", [
    (GOOD.replace("site: Test Shop\n", ""), "site", "missing"),
    (GOOD.replace("facts:", "fact:"), "fact", "unknown key"),
    (GOOD.replace("id: hours", "id: Opening Hours"), "entries[0].id", "not a valid id"),
    (GOOD.replace("questions: ['When do you open?']", "questions: []"), "entries[0].questions", "no questions"),
    (GOOD.replace("answer: We open at 9:00 a.m.", "answer: ''"), "entries[0].answer", "empty"),
    (GOOD.replace("  - We open at 9:00 a.m.\n", "  - 42\n", 1), "facts[0]", "expected str"),
    (GOOD + "  - id: hours\n    questions: ['Are you open?']\n    answer: Yes.\n", "entries[1].id", "used twice"),
    (GOOD + "  - id: other\n    questions: ['when do you  open?']\n    answer: Yes.\n", "entries[1].questions[0]",
     "also a question of entry 'hours'"),
    ("site: X\nfacts: []\nentries: []\n", "facts", "neither facts nor entries"),
    (GOOD + "synonyms: {'cash machine': atm}\n", "synonyms.cash machine", "not one word for another"),
    (GOOD + "synonyms: [loo, toilet]\n", "synonyms", "expected a mapping"),
    ("site: [unclosed\n", "", "not valid YAML"),
])
def test_mistakes_name_the_key_and_the_fix(tmp_path: Path, text: str, key: str, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_site(path)
    assert err.value.source == str(path)
    assert err.value.key == key
    assert words in str(err.value)
    assert err.value.fix


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_site(tmp_path / "nope.yaml")
