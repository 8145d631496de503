"""The grounding guard: what counts as the same fact, what is stopped, and what it costs."""

from __future__ import annotations

import time

import pytest

from edge.knowledge.claims import extract_claims, time_ranges
from edge.knowledge.guard import GroundingGuard
from edge.knowledge.site import SiteKnowledge, load_site
from tests.knowledge.evaluation import SITES_DIR


@pytest.fixture(scope="module")
def hardware() -> GroundingGuard:
    return GroundingGuard(load_site(SITES_DIR / "hardware_store.yaml"))


@pytest.mark.parametrize("a, b", [
    ("9am", "9:00 a.m."), ("9 AM", "nine a.m."), ("9 in the morning", "09:00 am"), ("noon", "12 p.m."),
    ("6pm", "6:00 P.M."), ("$4.50", "4 dollars 50"), ("50 cents", "$0.50"), ("555-014-2290", "(555) 014 2290"),
    ("aisle three", "aisle 3"), ("4th floor", "fourth floor"), ("twenty-five", "25"),
])
def test_spellings_of_one_fact_normalise_alike(a: str, b: str) -> None:
    assert [c.key for c in extract_claims(a)] == [c.key for c in extract_claims(b)]


@pytest.mark.parametrize("fragment", [
    "We're open 7:30am to 6pm.",                      # same times, other spelling
    "On Sunday we open at 9 in the morning.",
    "We're open on Tuesdays.",                        # inside "Monday to Saturday"
    "Key cutting costs 4 dollars 50.",
    "Paint is in aisle three.",
    "You can call us on (555) 014-2290.",
    "Dana Whitfield is the store manager.",
    "Sure, the first five cuts are free.",
    "Yes, the garden centre is through the doors beside the tills.",
])
def test_supported_fragments_pass(hardware: GroundingGuard, fragment: str) -> None:
    verdict = hardware.check(fragment)
    assert verdict.ok, verdict.unsupported


@pytest.mark.parametrize("fragment, claim", [
    ("We open at 8 a.m.", "8 a.m."),
    ("We close at 6:30 p.m.", "6:30 p.m."),
    ("Call 555-014-2291.", "555-014-2291"),
    ("A drill costs $16 a day.", "$16"),
    ("Paint is in aisle 4.", "4"),                    # 4 is in the facts, but not as an aisle
    ("Ask John at the desk.", "John"),
    ("Bulbs are next to Homebase.", "Homebase"),
    ("Email us at shop@harbour.com.", "shop@harbour.com"),
    ("Returns are accepted within 60 days.", "60"),
])
def test_invented_claims_are_stopped(hardware: GroundingGuard, fragment: str, claim: str) -> None:
    verdict = hardware.check(fragment)
    assert not verdict.ok
    assert claim in verdict.unsupported


def test_invented_service_without_numbers_is_stopped(hardware: GroundingGuard) -> None:
    verdict = hardware.check("We have a luxury spa with massages and saunas.")
    assert not verdict.ok and "word:massag" in verdict.unsupported


def test_a_site_word_said_with_a_synonym_is_not_an_invented_service(hardware: GroundingGuard) -> None:
    """The LLM answers in the visitor's words: "rent" is the site's "hire", "shop" its "store"."""
    assert hardware.check("You can rent a cordless drill at the shop.", complete=True).ok
    assert not hardware.check("You can rent a bicycle at the shop.", complete=True).ok


def test_a_sentence_that_states_nothing_known_is_not_complete_answer(hardware: GroundingGuard) -> None:
    assert hardware.check("The answer is yes.").ok  # a fragment may still be followed by the facts
    assert not hardware.check("The answer is yes.", complete=True).ok


def test_the_users_own_words_count_as_support(hardware: GroundingGuard) -> None:
    assert not hardware.check("Yes, we close at 10 p.m.").ok
    assert hardware.check("Yes, we close at 10 p.m.", "do you close at 10pm?").ok
    assert hardware.check("It's $15.", "is it fifteen dollars?").ok


def test_guard_follows_the_site_it_was_built_from() -> None:
    site = SiteKnowledge(site="Cafe", kind="cafe", facts=("Coffee costs $3.",))
    assert GroundingGuard(site).check("Coffee is $3.").ok
    assert not GroundingGuard(site).check("Coffee is $4.").ok


def test_guard_costs_well_under_5_ms_per_fragment(hardware: GroundingGuard) -> None:
    """The issue's bound (<= 5 ms per fragment), generously: the benchmark reports the real P50/P95/P99."""
    fragment = "A cordless drill costs $15 per day, and Dana at the service desk opens at 7:30 a.m. on Monday."
    hardware.check(fragment, "how much is a drill")
    start = time.perf_counter()
    for i in range(200):
        hardware.check(fragment, f"how much is a drill {i}")  # a new user text each time: no cache help
    assert (time.perf_counter() - start) / 200 < 0.005


@pytest.mark.parametrize("text, spans", [
    ("open Monday to Friday from 8:00 a.m. to 6:00 p.m., and Saturday from 9:00 a.m. to 12:00 p.m.",
     [((8, 0, "a"), (6, 0, "p")), ((9, 0, "a"), (12, 0, "p"))]),
    ("walk-ins between 8 am and 10 am", [((8, 0, "a"), (10, 0, "a"))]),
    ("open 7:30 a.m. - 6:00 p.m.", [((7, 30, "a"), (6, 0, "p"))]),
    ("we open at 8:00 a.m. and the pharmacy closes at 6:00 p.m.", []),  # two times, no span
])
def test_spans_of_time_are_found(text: str, spans: list) -> None:
    assert [(a.key, b.key) for a, b in time_ranges(text)] == spans


def test_a_span_made_of_two_site_times_is_stopped_unless_the_site_states_it() -> None:
    """"opening times please" got "The clinic is open Monday to Friday from 8:00 a.m. to 12:00 ..." (heldout19):
    both times are the clinic's, the span is not (it closes at 12:00 p.m. on Saturdays). The site's own spans pass
    in other spellings, and so does a span the visitor said."""
    clinic = GroundingGuard(load_site(SITES_DIR / "clinic_reception.yaml"))
    verdict = clinic.check("The clinic is open Monday to Friday from 8:00 a.m. to 12:00 p.m.", complete=True)
    assert not verdict.ok and verdict.unsupported == ("span:8:00 a.m. to 12:00 p.m.",)
    assert clinic.check("The clinic is open Monday to Friday from 8am to 6pm.", complete=True).ok
    assert clinic.check("Walk-ins are from 8:00 a.m. to 10:00 a.m.", complete=True).ok
    assert clinic.check("Yes, from 8:00 a.m. to 12:00 p.m.", "are you open from 8 am to 12 pm").ok
