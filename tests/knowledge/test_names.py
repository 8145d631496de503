"""Misheard site names put back (names.py): plain text in, plain text out, no engine needed."""

from __future__ import annotations

import pytest

from edge.knowledge.names import repair_names, site_names

CLINIC = ["The doctors are Dr. Amara Patel and Dr. Lewis Chen; the nurse practitioner is Jo Okafor.",
          "Blood tests are in room 12 on the first floor.", "For a fasting blood test, do not eat for 8 hours."]


def test_the_names_are_those_written_capitalised_inside_a_sentence() -> None:
    """"Blood" starts a sentence and is written in lower case elsewhere: no name."""
    assert site_names(CLINIC) == {"amara", "patel", "lewis", "chen", "jo", "okafor"}


@pytest.mark.parametrize("heard, meant", [
    ("is there a doctor lewis chin here", "is there a doctor lewis Chen here"),  # heldout34, blind
    ("is dr patil in today", "is dr Patel in today"),
    ("can i see nurse okafir", "can i see nurse Okafor"),
    ("i cut my chin on the door", "i cut my chin on the door"),  # no title or name before it: a chin
    ("is doctor chen in", "is doctor chen in"),  # already right
    ("is dr jon in", "is dr jon in"),  # three letters: too like other words to guess from
    ("is the nurse here called jo okafur", "is the nurse here called jo Okafor"),
    ("is the one called amira in today", "is the one called Amara in today"),  # heldout53: a name said after "called"
    ("is it called patch test", "is it called patch test"),  # no name one letter away
])
def test_a_misheard_name_is_put_back_where_a_person_is_named(heard: str, meant: str) -> None:
    assert repair_names(heard, site_names(CLINIC)) == meant


def test_a_word_near_two_names_is_left_alone() -> None:
    assert repair_names("is dr moran in", frozenset({"moran", "morin", "moray"})) == "is dr moran in"
    assert repair_names("is dr morin in", frozenset({"moran", "moren"})) == "is dr morin in"
    assert repair_names("is dr morin in", frozenset({"moran", "moray"})) == "is dr Moran in"
