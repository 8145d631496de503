"""Broadcast and announcement phrases the kiosk overheard (overheard.py): a pure function, no model."""

from __future__ import annotations

import pytest

from edge.knowledge.intent import out_of_scope_reason
from edge.knowledge.overheard import without_overheard


@pytest.mark.parametrize("heard, left", [
    # Round 69, from the blind heldout67 (a kiosk in a noisy place): each got the fallback, read as asking about the
    # weather or the news.
    ("when do we have to be out of the room tomorrow and now the weather with sarah it's twelve isn't it",
     "when do we have to be out of the room tomorrow it's twelve isn't it"),
    ("can i get on a treadmill at five and it's back to the studio for the headlines or is the gym locked then",
     "can i get on a treadmill at five and or is the gym locked then"),
    ("can i just turn up without booking the news at one our top story what hours are the walk ins",
     "can i just turn up without booking what hours are the walk ins"),
    ("for the nurse advice when you're shut what's the number and now the shipping forecast",
     "for the nurse advice when you're shut what's the number"),
    ("what's the address here please remember to take all your belongings the street and the number",
     "what's the address here the street and the number"),
    ("i put in for my repeat this is heart f m with the breakfast show when can i collect it",
     "i put in for my repeat when can i collect it"),
    ("attention all customers where are the light bulbs", "where are the light bulbs"),
])
def test_a_broadcast_or_an_announcement_is_taken_out(heard: str, left: str) -> None:
    assert without_overheard(heard) == left


@pytest.mark.parametrize("question", [
    "what's the weather doing tomorrow", "is the news on in the lounge", "do you sell radios",
    "is there a tv in the room with the news channels", "what time does the pool open",
])
def test_a_visitors_own_question_is_left_as_it_is(question: str) -> None:
    assert without_overheard(question) == question


def test_the_weather_asked_is_still_out_of_scope_and_overheard_is_not() -> None:
    assert out_of_scope_reason(without_overheard("what's the weather doing tomorrow")) == "the weather"
    assert out_of_scope_reason(without_overheard(
        "when's checkout and now the weather with sarah")) is None
