"""Site words a recogniser split into everyday words (soundalike.py): pure functions, and the real site files."""

from __future__ import annotations

from pathlib import Path

import pytest

from edge.knowledge.site import load_site
from edge.knowledge.soundalike import repair_soundalikes, site_sounds, sound_key

SITES = Path(__file__).resolve().parents[2] / "configs" / "sites"


def everything_unknown(word: str) -> bool:
    return True


@pytest.mark.parametrize("heard, meant", [
    ("toylet", "toilet"), ("farmacy", "pharmacy"), ("apointmeant", "appointment"), ("sockits", "sockets"),
    ("propain", "propane"), ("lawndry", "laundry"), ("manger", "manager"), ("cache", "cash"),
])
def test_spellings_of_one_sound_share_a_key(heard: str, meant: str) -> None:
    assert sound_key(heard) == sound_key(meant)


@pytest.mark.parametrize("a, b", [("toilet", "tools"), ("pharmacy", "farm"), ("desk", "dust"), ("lift", "list")])
def test_different_sounds_keep_different_keys(a: str, b: str) -> None:
    assert sound_key(a) != sound_key(b)


def test_words_split_from_one_site_word_are_joined_back() -> None:
    """Round 68, from the blind heldout66 (questions as Whisper tiny.en mishears them): each got the fallback."""
    sounds = site_sounds(["The customer toilets are next to the service desk.", "Breakfast is in the Garden Room.",
                          "Walk-in appointments are available on weekdays."])
    known = set("is there a in here does stop at half ten can i just walk without this morning".split())
    unknown = lambda word: word not in known  # noqa: E731
    assert repair_soundalikes("is there a toy let in here", sounds, unknown) == "is there a toilet in here"
    assert repair_soundalikes("does break fast stop at half ten", sounds, unknown) == "does breakfast stop at half ten"
    assert (repair_soundalikes("can i just walk in without a point meant this morning", sounds, unknown)
            == "can i just walk in without appointment this morning")
    # Only when a word of the run is one the site never uses: the site's own words stay apart.
    assert repair_soundalikes("is there a toy let in here", sounds, lambda word: False) == "is there a toy let in here"


@pytest.mark.parametrize("question", [
    "tell me a story", "where is the police station", "what's the weather going to do", "do you have room service",
    "can i see a female doctor", "where's the farmacy", "i need to get some money out",
    "what's on the dinner menu at sorrel", "the lab form says fasting glucose", "the quickest way",
])
def test_single_words_and_joins_spelled_unlike_the_site_word_stay(question: str) -> None:
    """A single word is never replaced ("story" would be "store", "police" "please"), nor a join spelled more than two
    letters away from the site word ("money out" sounds like "minute" by its key; "menu at" too): round 68's first
    try replaced them and gave 15 new false confident answers over the earlier sets."""
    texts = [t for name in ("hotel_lobby", "clinic_reception", "hardware_store")
             for t in load_site(SITES / f"{name}.yaml").texts]
    assert repair_soundalikes(question, site_sounds(texts), everything_unknown) == question


def test_two_site_words_that_sound_alike_are_not_guessed() -> None:
    sounds = site_sounds(["Tools are in aisle 9.", "Pay at the tills."])
    assert "tls" not in sounds


def test_the_real_sites_join_what_heldout66_split() -> None:
    """The site files as shipped: the clinic's appointments, the hotel's breakfast, the hardware store's toilets."""
    clinic = site_sounds(load_site(SITES / "clinic_reception.yaml").texts)
    hotel = site_sounds(load_site(SITES / "hotel_lobby.yaml").texts)
    store = site_sounds(load_site(SITES / "hardware_store.yaml").texts)
    assert "appointment" in repair_soundalikes("without a point meant", clinic, everything_unknown)
    assert repair_soundalikes("does break fast stop", hotel, everything_unknown) == "does breakfast stop"
    assert repair_soundalikes("is there a toy let", store, everything_unknown) == "is there a toilet"
