"""Dialect spellings of everyday words, as the recogniser writes them, are put back before matching (spellings.py)."""

from __future__ import annotations

import pytest

from edge.knowledge.spellings import standard_spelling


@pytest.mark.parametrize("said, meant", [
    ("whar can i change da peerie bairn's nappy", "where can i change the little child's nappy"),
    ("is du open on da sunday", "is you open on the sunday"),
    ("whar's da lift", "where's the lift"),
    ("where's y'all's terlet at dawlin'", "where's y'all's toilet at darling"),
    ("Whaur's the chemist", "Where's the chemist"),  # a capital stays a capital
    ("i cannae find the car park", "i can't find the car park"),
    ("i'm fixin' to come in", "i'm fixing to come in"),  # round 57: Texan, from the blind heldout56
    # Round 59: Bajan, from heldout57.
    ("wuh time wunna close", "what time you close"),
    ("wunna tek cheques doan wunna", "you take cheques don't you"),
    ("i cyan find de lift", "i can't find the lift"),
])
def test_dialect_spellings_are_put_back(said: str, meant: str) -> None:
    """Round 54, from the blind heldout54 (Shetland dialect and New Orleans Yat)."""
    assert standard_spelling(said) == meant


@pytest.mark.parametrize("text", [
    "ta very much",  # "ta" is thanks, not "to"
    "what dose of paracetamol",  # "dose" is a word of its own, not Yat "those"
    "can i hire an axe",
    "Where is the pharmacy?",
    "is there a ken in the building",
])
def test_standard_words_come_back_unchanged(text: str) -> None:
    assert standard_spelling(text) == text
