"""The responder's routes on the real embedder, and the LLM plan's gate fed with written replies.

The gate tests feed the plan the fragments an LLM might produce (the real LLM runs in test_knowledge_eval.py):
what is tested is what the gate does with a given reply, which must not depend on the model's mood.
"""

from __future__ import annotations

import dataclasses

import pytest

from edge.knowledge.matcher import AnswerMatcher
from edge.knowledge.options import DEFAULT_FALLBACK, KnowledgeOptions
from edge.knowledge.responder import Direct, Fallback, LlmPlan, Matched, Offer, Responder
from edge.knowledge.site import load_site
from engines.protocols import ChatMessage
from tests.knowledge.evaluation import SITES_DIR

OPTIONS = KnowledgeOptions()


@pytest.fixture(scope="module")
def hotel(engines) -> Responder:
    site = load_site(SITES_DIR / "hotel_lobby.yaml")
    return Responder(AnswerMatcher(engines.embedder, site, OPTIONS.match_threshold), OPTIONS)


def site_responder(engines, site: str) -> Responder:
    """A responder over the example site `site` (configs/sites/SITE.yaml) with the default options."""
    return Responder(AnswerMatcher(engines.embedder, load_site(SITES_DIR / f"{site}.yaml"), OPTIONS.match_threshold),
                     OPTIONS)


def assert_answered_at_once(engines, site: str, question: str, key_fact: str) -> None:
    """`question` on `site` gets a unit spoken as the answer (no LLM, no asking back), and it states `key_fact`."""
    reply = site_responder(engines, site).plan(question)
    assert isinstance(reply, (Matched, Direct)), reply
    assert key_fact in reply.text, reply


def test_routes(hotel: Responder) -> None:
    matched = hotel.plan("what time is breakfast served")
    assert isinstance(matched, Matched) and matched.entry.id == "breakfast"
    direct = hotel.plan("how late is the bar open")  # a fact with a clear lead over the rest
    assert isinstance(direct, Direct) and "midnight" in direct.text
    assert isinstance(hotel.plan("who is the president of the united states"), Fallback)
    assert isinstance(hotel.plan("   "), Fallback)
    assert isinstance(hotel.plan("are pets allowed"), LlmPlan)  # "pets" is only like the site's "dogs"


def test_a_clear_fact_is_spoken_without_the_llm(hotel: Responder) -> None:
    """Every subject word covered, the right kind of fact, a clear lead: the fact path (no LLM)."""
    direct = hotel.plan("how much does it cost to bring a dog")
    assert isinstance(direct, Direct) and "$40" in direct.text


@pytest.mark.parametrize("question", [
    "what's the time now",                      # close to the opening hours, but no fact holds the clock
    "is it going to rain this afternoon",
    "how much is a room for tomorrow night",    # the garage's price per night leaves "room" out
    "how much is the gym",                      # the gym unit holds no price
])
def test_no_confident_answer_to_what_the_site_does_not_say(hotel: Responder, question: str) -> None:
    assert not isinstance(hotel.plan(question), (Matched, Direct))


def test_a_question_about_something_the_site_never_mentions_is_not_answered(hotel: Responder) -> None:
    """No prompt fact can answer "where is the sauna": the LLM is not asked (it would answer the pool's hours); the
    kiosk asks back about the pool, and says why it did not answer. Asked as a yes/no question ("is there a sauna"),
    the pool would not settle it either way, and it scores under what a yes/no question is offered from: the
    fallback, with the same reason."""
    reply = hotel.plan("where is the sauna next to the pool")
    assert isinstance(reply, Offer) and "sauna" in reply.reason and reply.missing_words == ("sauna",)
    assert reply.text == "Are you asking about the pool?"
    without_offers = Responder(hotel.matcher, KnowledgeOptions(offer_threshold=1.1)).plan(
        "where is the sauna next to the pool")
    assert isinstance(without_offers, Fallback) and "sauna" in without_offers.reason
    yes_no = hotel.plan("is there a sauna next to the pool")
    assert isinstance(yes_no, Fallback) and yes_no.missing_words == ("sauna",)
    puppy = hotel.plan("can i bring my puppy")  # a puppy is a dog: asked back about as a yes/no question, not
    assert isinstance(puppy, Offer) and "Dogs" in puppy.unit.text and "never mentions" not in puppy.reason  # unknown


def test_a_unit_must_mention_what_the_question_is_about(hotel: Responder) -> None:
    ranked = hotel.matcher.rank("how much is a room for tomorrow night")
    assert "room" in hotel.matcher.uncovered("how much is a room for tomorrow night", ranked[0].unit)
    dogs = next(s.unit for s in hotel.matcher.rank("can i bring my dog") if "Dogs" in s.unit.text)
    assert hotel.matcher.uncovered("can i bring my dog", dogs) == []  # "bring" is how it is asked


def test_llm_prompt_holds_closest_facts_history_and_a_cacheable_system_prompt(hotel: Responder) -> None:
    history = [ChatMessage("user", "hello"), ChatMessage("assistant", "Hello, how can I help?")]
    plan = hotel.plan("are pets allowed", history)
    assert isinstance(plan, LlmPlan)
    assert plan.messages[0] == ChatMessage("system", hotel.system_prompt)  # the same every turn
    assert plan.messages[1:3] == history
    assert any("Dogs under 25 kilograms" in f for f in plan.facts)
    assert all(f in plan.messages[-1].content for f in plan.facts) and len(plan.facts) == OPTIONS.facts_in_prompt
    assert plan.messages[-1].content.endswith("Question: are pets allowed")


def plan_for(hotel: Responder, question: str = "can i bring my dog") -> LlmPlan:
    plan = hotel.llm_plan(question, [], ["Dogs under 25 kilograms are welcome for a fee of $40 per stay."])
    return plan


def test_a_grounded_sentence_is_spoken_whole_once_it_ends(hotel: Responder) -> None:
    plan = plan_for(hotel)
    assert plan.accept("Yes, dogs under 25 kilograms") is None  # held: half a sentence cannot be judged
    assert plan.accept("are welcome for $40 per stay.") == "Yes, dogs under 25 kilograms are welcome for $40 per stay."
    assert plan.stopped and not plan.guarded and plan.outcome == "answered"
    assert plan.accept("And cats too.") is None  # one sentence is the whole reply
    assert plan.finish() is None


def test_an_invented_fact_is_replaced_by_the_fallback(hotel: Responder) -> None:
    plan = plan_for(hotel)
    plan.accept("Yes, dogs are welcome")
    assert plan.accept("for a fee of $45.") == DEFAULT_FALLBACK
    assert plan.guarded and plan.stopped and plan.unsupported == ("$45",)
    assert plan.text == DEFAULT_FALLBACK  # the held half-sentence was never spoken
    assert plan.finish() is None


def test_the_llm_saying_it_does_not_know_becomes_the_configured_fallback(hotel: Responder) -> None:
    plan = plan_for(hotel, "do you sell umbrellas")
    assert plan.accept("I don't know.") == DEFAULT_FALLBACK
    assert plan.outcome == "declined" and plan.guarded


def test_a_last_sentence_without_a_full_stop_is_released_by_finish(hotel: Responder) -> None:
    plan = plan_for(hotel)
    assert plan.accept("Dogs under 25 kilograms are welcome") is None
    assert plan.finish() == "Dogs under 25 kilograms are welcome"
    assert plan.outcome == "answered"


def test_an_empty_reply_becomes_the_fallback(hotel: Responder) -> None:
    plan = plan_for(hotel)
    assert plan.finish() == DEFAULT_FALLBACK and plan.outcome == "empty"


def test_fragment_by_fragment_when_holding_is_off(engines) -> None:
    options = dataclasses.replace(OPTIONS, hold_sentences=False)
    site = load_site(SITES_DIR / "hotel_lobby.yaml")
    responder = Responder(AnswerMatcher(engines.embedder, site, options.match_threshold), options)
    plan = responder.llm_plan("can i bring my dog", [], [])
    assert plan.accept("Yes, dogs are welcome,") == "Yes, dogs are welcome,"
    assert plan.accept("for $45 per stay.") == DEFAULT_FALLBACK


def test_without_the_guard_anything_is_spoken(engines) -> None:
    """The LLM-alone baseline: the same plan with the guard switched off."""
    options = dataclasses.replace(OPTIONS, guard_enabled=False)
    site = load_site(SITES_DIR / "hotel_lobby.yaml")
    responder = Responder(AnswerMatcher(engines.embedder, site, options.match_threshold), options)
    plan = responder.llm_plan("can i bring my dog", [], [])
    assert plan.accept("Dogs cost $45.") == "Dogs cost $45."


def test_options_reject_inconsistent_thresholds() -> None:
    with pytest.raises(ValueError, match="scope_threshold"):
        KnowledgeOptions(scope_threshold=0.9, extract_threshold=0.6)
    with pytest.raises(ValueError, match="extract_threshold <= match_threshold"):
        KnowledgeOptions(extract_threshold=0.8, match_threshold=0.7)
    with pytest.raises(ValueError, match="fallback_text"):
        KnowledgeOptions(fallback_text=" ")


def test_a_true_fact_about_something_else_is_not_an_answer(hotel: Responder) -> None:
    plan = hotel.llm_plan("can i bring my dog", [], ["The Lantern Bar in the lobby is open until midnight."])
    assert plan.accept("The Lantern Bar in the lobby is open until midnight.") == DEFAULT_FALLBACK
    assert plan.guarded and plan.unsupported == ("leaves out dog",)  # the question's subject is not in it
    # Without a subject word to miss, the similarity to the question still catches it.
    plan = hotel.llm_plan("what time is it open", [], [])
    assert plan.accept("Dogs under 25 kilograms are welcome for a fee of $40 per stay.") == DEFAULT_FALLBACK
    assert plan.guarded


def test_a_site_fact_stated_of_something_else_is_not_spoken(hotel: Responder) -> None:
    """"$25" and "$18" are both site prices; only the second is the price of breakfast."""
    plan = hotel.llm_plan("how much is breakfast", [], [])
    assert plan.accept("Breakfast costs $25.") == DEFAULT_FALLBACK
    assert plan.unsupported == ("states a fact of something else",)
    plan = hotel.llm_plan("how much is breakfast", [], [])
    assert plan.accept("Breakfast costs $18.") == "Breakfast costs $18."


def test_a_price_of_a_thing_the_question_does_not_name_is_not_spoken(engines, hotel: Responder) -> None:
    """Round 40, from the blind heldout39: "$4.50" is the key-cutting price, and "cut" is in both that answer and the
    timber fact; the question names the timber, so only the timber fact's price (50 cents) may be stated. A question
    about two priced things keeps both prices."""
    site = load_site(SITES_DIR / "hardware_store.yaml")
    store = Responder(AnswerMatcher(engines.embedder, site, OPTIONS.match_threshold), OPTIONS)
    question = "after the first five cuts on the timber what is the charges per cut"
    plan = store.llm_plan(question, [], list(site.facts))
    assert plan.accept("The charges per cut are $4.50.") == DEFAULT_FALLBACK
    assert plan.unsupported == ("states a fact of something else",)
    question = "after the first five cuts on the timber what do you charge for a cut"
    plan = store.llm_plan(question, [], list(site.facts))
    assert plan.accept("A cut costs $4.50.") == DEFAULT_FALLBACK
    plan = store.llm_plan(question, [], list(site.facts))
    right = "After the first 5 cuts, each cut costs 50 cents."
    assert plan.accept(right) == right
    plan = store.llm_plan("how much is it to cut a key", [], list(site.facts))
    assert plan.accept("A key costs $4.50.") == "A key costs $4.50."
    both = "Breakfast is $18 and the garage is $25 per night."
    plan = hotel.llm_plan("how much is breakfast and how much is the garage", [], [])
    assert plan.accept(both) == both


def test_site_facts_joined_into_a_new_one_are_not_spoken(hotel: Responder) -> None:
    """The gym's "4th floor" and "24 hours" are site facts; a smoking room on that floor is not. The LLM said this to
    "Is there a smoking floor?" on the blind set heldout13, and the guard let it through while the question asked
    for no kind of fact; two facts joined in one sentence, each about its own subject, are still spoken."""
    plan = hotel.llm_plan("Is there a smoking floor?", [], [])
    assert plan.accept("The hotel has a smoking room on the 4th floor, which is open 24 hours a day.") == \
        DEFAULT_FALLBACK
    assert plan.unsupported == ("states a fact of something else",)
    plan = hotel.llm_plan("can i have a cigarette in the lantern bar", [], [])
    both = "The Lantern Bar in the lobby is open until midnight, and smoking is not allowed anywhere inside the hotel."
    assert plan.accept(both) == both


def test_a_reply_that_repeats_the_instructions_is_not_spoken(hotel: Responder) -> None:
    plan = plan_for(hotel)
    assert plan.accept("You are the voice assistant of a kiosk at The Linden Hotel.") == DEFAULT_FALLBACK
    assert "repeats the instructions" in plan.unsupported


def test_a_reply_that_says_the_question_back_is_not_spoken(hotel: Responder) -> None:
    plan = hotel.llm_plan("i'd like to store my luggage", [], [])
    assert plan.accept("I'd like to store my luggage.") == DEFAULT_FALLBACK
    assert plan.unsupported == ("repeats the question",)


def test_a_reply_that_says_the_question_back_with_its_numbers_is_not_spoken(hotel: Responder) -> None:
    """Round 45: on heldout44 the LLM answered "...if i was to get three more made what'll that run me" with the
    story back ("... if I was to get three more made."): the visitor's number is no fact of the reply's own. A
    number the visitor did not say is still judged by the other checks."""
    plan = hotel.llm_plan("we're three on the trip what's it gonna cost on the shuttle", [], [])
    assert plan.accept("We're three on the trip.") == DEFAULT_FALLBACK
    assert plan.unsupported == ("repeats the question",)
    plan = hotel.llm_plan("what's it gonna cost on the shuttle", [], [])
    assert "repeats the question" not in (plan.accept("The shuttle costs $12.") and plan.unsupported)


def test_a_name_joined_to_another_subject_by_a_semicolon_is_not_spoken(engines) -> None:
    """Round 45: "The doctors are Dr. Amara Patel and Dr. Lewis Chen; the nurse practitioner is Jo Okafor" is two
    statements. On heldout32's "who's the nurse here" the LLM said "The nurse here is Dr. Amara Patel and Dr. Lewis
    Chen.", and the guard let it through while the one site text held both "nurse" and the doctors' names."""
    clinic = Responder(AnswerMatcher(engines.embedder, load_site(SITES_DIR / "clinic_reception.yaml"),
                                     OPTIONS.match_threshold), OPTIONS)
    plan = clinic.llm_plan("who's the nurse here", [], [])
    assert plan.accept("The nurse here is Dr. Amara Patel and Dr. Lewis Chen.") == DEFAULT_FALLBACK
    assert plan.unsupported == ("states a fact of something else",)
    plan = clinic.llm_plan("who's the nurse here", [], [])
    assert plan.accept("The nurse practitioner is Jo Okafor.") == "The nurse practitioner is Jo Okafor."


def test_a_reply_without_the_kind_of_fact_asked_for_is_not_spoken(engines) -> None:
    site = load_site(SITES_DIR / "clinic_reception.yaml")
    clinic = Responder(AnswerMatcher(engines.embedder, site, OPTIONS.match_threshold), OPTIONS)
    plan = clinic.llm_plan("who can i call when the clinic is closed", [], list(site.facts[:1]))
    hours = "The clinic is open Monday to Friday from 8:00 a.m. to 6:00 p.m."
    assert plan.accept(hours) == DEFAULT_FALLBACK  # true, on topic, and no phone number or name
    assert plan.unsupported == ("holds no name or phone",)
    plan = clinic.llm_plan("who can i call when the clinic is closed", [], list(site.facts))
    line = "You can call the nurse advice line on 555-019-4400."
    assert plan.accept(line) == line


def test_thanks_and_goodbyes_get_an_acknowledgement_not_an_entry(hotel: Responder) -> None:
    """"thanks for your help" once matched a clinic's "I need urgent help"; a closing states nothing."""
    for turn in ("thanks for your help", "okay bye", "never mind"):
        reply = hotel.plan(turn)
        assert isinstance(reply, Fallback) and reply.reason == "closing" and reply.text == OPTIONS.closing_text
    greeting = hotel.plan("good morning")
    assert isinstance(greeting, Fallback) and greeting.text == OPTIONS.greeting_text


def test_a_weak_synonym_alone_does_not_make_a_confident_answer(hotel: Responder) -> None:
    """"eat" links to the restaurant's "dinner" only weakly: alone it leaves the answer to the LLM and the guard;
    beside the exact word it may answer."""
    assert isinstance(hotel.plan("where can i get something to eat"), LlmPlan)
    both = hotel.plan("where can we eat dinner tonight")
    assert isinstance(both, Matched) and both.entry.id == "restaurant"


def test_a_weak_synonym_that_is_the_thing_asked_for_is_not_covered(hotel: Responder) -> None:
    """Round 71 (heldout69's non-FAQ list): "what cocktails do they do in the lantern bar" got the bar's hours as a
    confident answer, "cocktail" linked weakly to the bar named beside it; but the cocktails are what is asked for."""
    assert not isinstance(hotel.plan("what cocktails do they do in the lantern bar"), (Matched, Direct))
    assert not isinstance(hotel.plan("which beers have they got at the lantern bar"), (Matched, Direct))
    assert "midnight" in hotel.plan("how late can i get a cocktail in the lantern bar").text


def test_someone_in_danger_gets_the_emergency_answer(engines) -> None:
    """Words the site never uses ("friend") must not send an emergency to the LLM."""
    site = load_site(SITES_DIR / "clinic_reception.yaml")
    clinic = Responder(AnswerMatcher(engines.embedder, site, OPTIONS.match_threshold), OPTIONS)
    reply = clinic.plan("my neighbour can't breathe")
    assert isinstance(reply, Matched) and reply.entry.id == "emergency"
    assert not isinstance(clinic.plan("is the doctor running behind"), (Matched, Direct))


def test_one_word_the_site_never_uses_does_not_block_a_strong_match(hotel: Responder) -> None:
    """"drive" is nowhere in the hotel's words, but the rest is the garage's entry almost word for word; a word that
    may be the real subject ("kids", "train") still blocks a match that is merely good (responder.UNKNOWN_WORD_MATCH)."""
    reply = hotel.plan("where do i drive in to park the car")
    assert isinstance(reply, Matched) and reply.entry.id == "parking"
    assert not isinstance(hotel.plan("is there a swimming pool for kids"), (Matched, Direct))
    assert not isinstance(hotel.plan("how do i get to the airport by train"), (Matched, Direct))


@pytest.mark.parametrize("question, key_fact", [
    ("I'm an early riser, what time does breakfast start?", "6:30 a.m."),
    ("We just got back from a long walk, what time does the bar close?", "midnight"),
    ("Our flight got delayed, can we still check in late?", "3:00 p.m."),
])
def test_the_scene_set_before_a_question_does_not_hide_it(hotel: Responder, question: str, key_fact: str) -> None:
    """ "early riser", "walk" and "flight" are nowhere in the site; they tell why the visitor asks, not what, so the
    question after them is answered (each got the fallback before clauses.py); the yes/no one is asked back about
    first (`ask_before_yes_no_below`), with the unit that holds the answer."""
    reply = hotel.plan(question)
    spoken = reply.unit.text if isinstance(reply, Offer) else getattr(reply, "text", "")
    assert isinstance(reply, (Matched, Direct, Offer)) and key_fact in spoken


@pytest.mark.parametrize("site, question", [
    ("hotel_lobby", "We've brought our bikes, where can we park them?"),      # "them" are the bikes, not a car
    ("clinic_reception", "My dog is ill, can a doctor see him?"),             # "him" is the dog
    ("clinic_reception", "i'm off to thailand do i need any jabs"),          # travel jabs, not the flu jab
])
def test_a_scene_that_names_what_is_asked_about_still_blocks_an_answer(engines, site: str, question: str) -> None:
    """When the question points back at the scene, or the scene says where the visitor is going, a word of it the site
    never uses is still what the question is about: no confident answer (each was one while the rule was built)."""
    responder = site_responder(engines, site)
    assert not isinstance(responder.plan(question), (Matched, Direct))


def test_how_long_something_takes_is_not_answered_by_where_it_is(engines) -> None:
    """ "X-rays are taken in room 4" holds a number but no span of time: no answer to how long an x-ray takes (it
    was a confident one on the blind set heldout11), while how long test results take still is."""
    clinic = Responder(AnswerMatcher(engines.embedder, load_site(SITES_DIR / "clinic_reception.yaml"),
                                     OPTIONS.match_threshold), OPTIONS)
    assert not isinstance(clinic.plan("how long does an x-ray take"), (Matched, Direct))
    results = clinic.plan("how long do test results take")
    assert isinstance(results, (Matched, Direct)) and "3 working days" in results.text


@pytest.mark.parametrize("site_file", sorted(SITES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_question_the_operator_wrote_gets_its_entrys_answer(engines, site_file) -> None:
    """An entry's own question variants are answered by it, whatever kind of fact the answer holds: "Where can I store
    my bags?" wants a place by its "where", and "the concierge will store your luggage" names none; it went to the
    LLM (and the fallback) until the echo of an entry's question was taken as that entry (`edge bench`'s FAQ run)."""
    site = load_site(site_file)
    responder = Responder(AnswerMatcher(engines.embedder, site, OPTIONS.match_threshold), OPTIONS)
    missed = [(e.id, q) for e in site.entries for q in e.questions
              if not (isinstance(d := responder.plan(q), Matched) and d.entry.id == e.id)]
    assert not missed


@pytest.mark.parametrize("site, near_miss, plain, key_fact", [
    ("hotel_lobby", "can i use the gym if i'm not staying here", "can i use the gym in the middle of the night",
     "24 hours"),
    ("hardware_store", "will the timber desk cut wood i bought somewhere else", "can you cut timber to size for me",
     "5 cuts"),
    ("clinic_reception", "can i collect my wife's test results for her", "when can i collect my test results",
     "3 working days"),
    ("hotel_lobby", "how long does the shuttle take to get to the airport",
     "how long do i wait for the airport shuttle", "30 minutes"),
    ("hotel_lobby", "how many floors does the hotel have", "what floor is the pool on", "4th floor"),
    ("hardware_store", "what day does your delivery van come out my way", "how much is delivery", "$12"),
    ("clinic_reception", "do i have to pay for my blood test", "do i have to pay for the flu jab", "$20"),
])
def test_a_near_miss_is_not_answered_with_the_neighbouring_fact(engines, site: str, near_miss: str, plain: str,
                                                                 key_fact: str) -> None:
    """Each near miss was a false confident answer on a blind set before round 16 (the gym's hours for a visitor who is
    not staying, the shuttle's frequency for how long the ride takes, the restaurant's floor for how many floors,
    the delivery price for what day, the blood test's room for whether it costs); the plain question beside it is
    still answered at once."""
    responder = site_responder(engines, site)
    assert not isinstance(responder.plan(near_miss), (Matched, Direct))
    answer = responder.plan(plain)
    assert isinstance(answer, (Matched, Direct)) and key_fact in answer.text


def test_an_exception_gets_the_fallback_unless_the_site_speaks_of_it(engines, tmp_path) -> None:
    """ "If I'm not staying here" asks what the site does not say: the honest fallback, not an offer (a yes would speak
    the usual case). A site that says who else may come answers it."""
    hotel = Responder(AnswerMatcher(engines.embedder, load_site(SITES_DIR / "hotel_lobby.yaml"),
                                    OPTIONS.match_threshold), OPTIONS)
    reply = hotel.plan("can i use the gym if i'm not staying here")
    assert isinstance(reply, Fallback) and "not staying" in reply.reason
    site = tmp_path / "site.yaml"
    site.write_text("site: The Quay Hotel\nkind: hotel lobby kiosk\nfacts:\n"
                    "  - The gym is on the 2nd floor and is open to non-residents for $10 a day.\n"
                    "  - Breakfast is served from 7:00 a.m. to 10:00 a.m. in the lobby.\n")
    quay = Responder(AnswerMatcher(engines.embedder, load_site(site), OPTIONS.match_threshold), OPTIONS)
    assert not isinstance(quay.plan("can i use the gym if i'm not staying here"), Fallback)


@pytest.mark.parametrize("yes_no, asked_plainly", [
    ("can i sit and work in the garden room in the afternoon", "where is the garden room"),
    ("can we pay to check in early, say at noon", "what time can we check in"),
    ("can i get a late dinner", "what time does the restaurant close"),
])
def test_a_yes_no_question_a_unit_only_nears_is_asked_back_about(hotel: Responder, yes_no: str,
                                                                    asked_plainly: str) -> None:
    """A yes/no question asks whether something holds, and the unit about its topic says how the topic is: the
    breakfast room's hours do not say whether one may work there in the afternoon. Under `ask_before_yes_no_below`
    the kiosk names the topic and waits for a yes (each was a confident answer before round 18); the plain question
    about the same topic is still answered at once, and so is a yes/no question the unit answers well."""
    offer = hotel.plan(yes_no)
    assert isinstance(offer, Offer) and offer.reason.startswith("unsure"), offer
    assert isinstance(hotel.plan(asked_plainly), (Matched, Direct))
    rule_off = Responder(hotel.matcher, dataclasses.replace(OPTIONS, ask_before_yes_no_below=0.0))
    assert isinstance(rule_off.plan(yes_no), (Matched, Direct))
    answered = hotel.plan("is the bar still open")
    assert isinstance(answered, Direct) and "midnight" in answered.text


def test_a_yes_no_question_asking_for_a_kind_of_fact_is_answered_at_once(engines) -> None:
    """"do I have to pay": a price answers it (or that it is free), and the kind check (answer_type.py) already
    vets the unit, so it is spoken at once under `ask_before_yes_no_below` too."""
    site = load_site(SITES_DIR / "clinic_reception.yaml")
    clinic = Responder(AnswerMatcher(engines.embedder, site, OPTIONS.match_threshold), OPTIONS)
    reply = clinic.plan("do i have to pay to park here")
    assert isinstance(reply, Direct) and "free for 90 minutes" in reply.text
    assert reply.score < OPTIONS.ask_before_yes_no_below


def test_a_yes_no_question_covered_only_by_a_like_word_is_asked_back(hotel: Responder) -> None:
    """"do they do cocktails in the lantern bar": the bar's unit says nothing of cocktails, only "bar", a word of like
    meaning, and it scores high enough to be spoken. A yes/no question asks whether that very thing is so, so the
    kiosk asks back first; with `ask_before_like_word_yes_no` off it states the bar's hours as the answer. A
    wh-question linked the same way ("where can we eat dinner tonight" -> the restaurant) is still answered."""
    question = "do they do cocktails in the lantern bar"
    bar = hotel.matcher.rank(question)[0].unit
    assert "Lantern Bar" in bar.text and hotel.matcher.soft_covered(question, bar)
    reply = hotel.plan(question)
    assert isinstance(reply, Offer) and reply.unit is bar and "like word" in reply.reason, reply
    careless = Responder(hotel.matcher, KnowledgeOptions(ask_before_like_word_yes_no=False)).plan(question)
    assert isinstance(careless, (Direct, Matched)), careless
    dinner = hotel.plan("where can we eat dinner tonight")
    assert isinstance(dinner, (Direct, Matched)), dinner


def test_one_answerable_question_of_two_is_asked_back_about(hotel: Responder) -> None:
    """Round 36 (heldout35, blind): "... dinner tonight, and do they do vegan food" got the fallback for both parts,
    since the site never mentions vegan food. The part it can answer is asked back about instead, and the reason
    says what it cannot answer; asked alone, the other part still gets the fallback."""
    reply = hotel.plan("is there somewhere in the building to get a proper dinner tonight sorry and do they do "
                       "vegan food")
    assert isinstance(reply, Offer) and "Sorrel" in reply.unit.text and "vegan" in reply.reason
    assert not isinstance(hotel.plan("do they do vegan food"), (Matched, Direct, Offer))


def test_a_wrong_value_to_confirm_is_not_left_to_the_llm(hotel: Responder) -> None:
    """"The airport shuttle is still free for guests, isn't it" (it costs $12): the LLM agreed on the blind heldout36,
    and the guard lets the visitor's own "free" through, so the kiosk asks back about the shuttle."""
    reply = hotel.plan("the airport shuttle is still free for guests isn't it")
    assert isinstance(reply, Offer) and "$12" in reply.unit.text


@pytest.mark.parametrize("site, question, topic", [
    ("hardware_store", "i'm seventy eight and i've had three cups of tea this morning where's the lavvy", "toilets"),
    ("hotel_lobby", "is there a cashpoint in the hotel i need a bit of cash for the taxi", "ATM"),
    ("clinic_reception", "would you happen to know the names of the doctors here my neighbour recommended one",
     "doctors"),
])
def test_a_story_the_site_knows_nothing_of_does_not_hide_the_question(engines, site: str, question: str,
                                                                       topic: str) -> None:
    """Round 42: each got the fallback on the blind heldout41. The visitor's story (told first, or run on after the
    question with no comma: clauses.py) made words the site never uses look like subjects, or diluted the share of
    the question's words the right unit covers under the scope threshold; the unit scored without the story
    (`AnswerMatcher.rank_without_story`) is now asked back about, or named in the fallback of the LLM's reply."""
    responder = site_responder(engines, site)
    reply = responder.plan(question)
    assert not isinstance(reply, Fallback), reply
    said = reply.fallback_text if isinstance(reply, LlmPlan) else reply.text
    assert topic in said, reply


def test_a_story_free_score_never_answers_at_once(hotel: Responder) -> None:
    """Round 42: the score without the visitor's story may only lead to asking back: "our train isn't till late
    afternoon, if we pay how long could we keep the room" scores check-in/out highest without the story, and spoken
    at once that would be a wrong answer (it asks for a late check-out)."""
    question = "our train isn't till late afternoon, if we pay how long could we keep the room"
    story_free = hotel.matcher.rank_without_story(question)
    assert story_free is not None and "Check-in" in story_free[0].unit.text
    assert story_free[0].score >= OPTIONS.match_threshold - 0.2
    assert not isinstance(hotel.plan(question), (Matched, Direct))


@pytest.mark.parametrize("site, question, key_fact", [
    ("clinic_reception", "whar can i change da peerie bairn's nappy", "opposite the pharmacy"),
    ("hardware_store", "where's y'all's terlet at dawlin' the baby gotta go bad", "next to the service desk"),
    ("hardware_store", "du shuts at seventeen hundred on da sabbath is dat richt", "4:00 p.m."),
    ("clinic_reception", "is the clinic open till fourteen hundred on a saturday", "12:00 p.m."),
    ("hardware_store", "i'm about fifteen kilometres outside town will y'all carry a pallet of pavers out to me",
     "10 miles"),
])
def test_dialect_spellings_and_other_units_reach_the_right_unit(engines, site: str, question: str,
                                                                 key_fact: str) -> None:
    """Round 54, from the blind heldout54. A dialect's spelling ("whar", "da", "terlet") is put back before matching
    (spellings.py); a time on the twenty-four hour clock ("fourteen hundred") is a clock time the visitor names, not
    a subject (without it the clinic's hours went to the LLM); kilometres, euros and pounds sterling ask for the
    site's miles and prices. Each is now answered or asked back about with the unit that holds the key fact."""
    responder = site_responder(engines, site)
    reply = responder.plan(question)
    assert isinstance(reply, (Matched, Direct, Offer)), reply
    said = reply.unit.text if isinstance(reply, Offer) else reply.text
    assert key_fact in said, reply


@pytest.mark.parametrize("site, question, key_fact", [
    ("hardware_store", "just had me spare key cut at the desk lad now where do youse keep all the paint and brushes",
     "aisle 3"),
    ("hardware_store", "remind me again which aisle had the power tools i wanna look at a jigsaw", "aisle 9"),
    ("hotel_lobby", "please remind me what time breakfast starts i want to go to the gym first", "6:30 a.m."),
])
def test_an_errand_or_a_reminder_reaches_the_unit_asked_about(engines, site: str, question: str,
                                                              key_fact: str) -> None:
    """Round 55: each got the fallback, or an offer of the errand's service, on the blind heldout55. The errand told
    first ("just had me spare key cut") is not what is asked (clauses.errand_question), and asking to be reminded
    of a fact asks for it again ("remind me" is a chore only with "to", a time or nothing after it)."""
    responder = site_responder(engines, site)
    reply = responder.plan(question)
    assert isinstance(reply, (Matched, Direct, Offer, LlmPlan)), reply
    said = reply.unit.text if isinstance(reply, Offer) else (reply.fallback_text if isinstance(reply, LlmPlan)
                                                             else reply.text)
    assert key_fact in said or (isinstance(reply, LlmPlan) and any(key_fact in f for f in reply.facts)), reply


@pytest.mark.parametrize("site, question, key_fact", [
    ("clinic_reception", "i'm fixin' to come in on my lunch break how early before my slot should i check in at the "
                         "kiosk", "10 minutes"),
    ("clinic_reception", "please must i check in thirty minutes before my appointment by force", "10 minutes"),
    ("hotel_lobby", "i don't suppose we could keep the room on till one o'clock and what would that cost", "$30"),
])
def test_a_routine_or_a_wrong_span_still_reaches_the_unit(engines, site: str, question: str, key_fact: str) -> None:
    """Round 57, from the blind heldout55 and heldout56: each got the fallback or an offer of another unit. The
    visitor's routine ("on my lunch break") frames when they come, like a clock time; a span before the
    appointment ("thirty minutes before") is a time the visitor names, not a subject; "keep the room on" is a late
    check-out; "fixin'" is "fixing"."""
    responder = site_responder(engines, site)
    reply = responder.plan(question)
    assert isinstance(reply, (Matched, Direct, Offer)), reply
    assert key_fact in (reply.unit.text if isinstance(reply, Offer) else reply.text), reply


@pytest.mark.parametrize("site, question", [
    ("hardware_store", "what time does the timber desk stop cutting"),
    ("hotel_lobby", "what time do the lantern bar open"),
    ("hardware_store", "is the car park behind the store open overnight or no"),
    ("hotel_lobby", "is the garage on birch lane open all night"),
    ("clinic_reception", "is dr chen a man or a woman"),
    ("clinic_reception", "how long does a blood test take"),
    ("hotel_lobby", "what floor is my room on"),
])
def test_a_unit_without_the_kind_of_fact_asked_is_not_spoken_for_it(engines, site: str, question: str) -> None:
    """Round 57, from the false confident answers over every set: the timber desk's free cuts for when it stops
    cutting, the bar's closing time for when it opens, two hours' free parking or the garage's nightly rate for
    whether it is open all night, the doctors' names for whether one is a man or a woman, how long to fast before a
    blood test for how long the test takes, the gym's floor for the visitor's own room."""
    responder = site_responder(engines, site)
    assert not isinstance(responder.plan(question), (Matched, Direct))


def test_one_question_answerable_of_two_is_asked_back_when_the_other_is_out_of_scope(engines) -> None:
    """Round 58, from the blind heldout58: "blood test which room and how long's the queue usually" got the fallback,
    because how long the queue is today is how things stand right now, which no site fact says. The other question
    is the site's to answer, so its unit is offered, as when one of two names a thing the site never mentions."""
    responder = Responder(AnswerMatcher(engines.embedder, load_site(SITES_DIR / "clinic_reception.yaml"),
                                        OPTIONS.match_threshold), OPTIONS)
    reply = responder.plan("blood test which room and how long's the queue usually")
    assert isinstance(reply, Offer) and "room 12" in reply.unit.text, reply
    assert isinstance(responder.plan("how long's the queue usually"), Fallback)
    # Small talk with the kiosk asks nothing of the site in any part: no offer of how to pay for "do they pay you".
    store = Responder(AnswerMatcher(engines.embedder, load_site(SITES_DIR / "hardware_store.yaml"),
                                    OPTIONS.match_threshold), OPTIONS)
    assert isinstance(store.plan("who made you and do they pay you for standing here"), Fallback)


@pytest.mark.parametrize("site, question, key_fact", [
    ("hardware_store", "hi how are you, what time do you close on a saturday", "6:00 p.m."),
    ("clinic_reception", "morning how are you doing, where do i go for a blood test", "room 12"),
    ("hotel_lobby", "supposing we wanted a lie in and kept de room till one o'clock wuh extra would wunna charge",
     "$30"),
    ("clinic_reception", "my appointment's at ten on the ninth should i be at the kiosk by a quarter to", "10 minutes"),
])
def test_a_pleasantry_a_dialect_spelling_or_a_quarter_to_still_reaches_the_unit(engines, site: str, question: str,
                                                                               key_fact: str) -> None:
    """Round 59: a pleasantry before the question made the whole turn small talk (the fallback); heldout57's Bajan
    "de room", "wuh" and "wunna" and "kept the room till one", and heldout58's "by a quarter to" (its hour unsaid,
    read as a subject the site never mentions), got the fallback too."""
    assert_answered_at_once(engines, site, question, key_fact)


@pytest.mark.parametrize("site, question", [
    ("hardware_store", "what happens if i go over the two hours in the car park is it a fine"),
    ("hotel_lobby", "can we get breakfast sent up to the room instead"),
    ("hotel_lobby", "what time does the lantern bar start serving in the afternoon"),
])
def test_a_near_miss_of_the_smart_speaker_set_is_not_answered_at_once(engines, site: str, question: str) -> None:
    """Round 60, from the false confident answers of the blind heldout59: the free two hours for what happens after
    them, the breakfast hours for breakfast in the room, the bar's closing time for when it starts serving."""
    responder = site_responder(engines, site)
    assert not isinstance(responder.plan(question), (Matched, Direct))


@pytest.mark.parametrize("site, question, key_fact", [
    ("hardware_store", "hello how's the morning treating you what's the quickest way to the paint", "aisle 3"),
    ("hardware_store", "well done madam where do you keep the energy saving bulbs", "aisle 5"),
    ("hardware_store", "what's the cheapest you'll cut a key for", "$4.50"),
    ("hardware_store", "where can i swap the empties for a full gas bottle", "$22"),
    ("hotel_lobby", "good evening where can i withdraw some cash", "next to the lifts"),
    ("hotel_lobby", "could you get me an ironing board sent up to my room", "dialling 0"),
    ("hotel_lobby", "is the dog fee charged per night", "$40"),
    ("clinic_reception", "can i eat the night before my fasting blood test", "8 hours"),
    ("hardware_store", "who's in charge of this place is it a bloke called steve", "Dana Whitfield"),
    ("hardware_store", "what is the fastest way to the paint mixing", "aisle 3"),
])
def test_a_greeting_an_extreme_or_a_thing_sent_up_still_reaches_the_unit(engines, site: str, question: str,
                                                                        key_fact: str) -> None:
    """Round 61, from the blind heldout60 (greetings first, and limits and extremes): greetings the pleasantry filter
    did not know, the "quickest way to" a place, "the cheapest you can cut one for" (read as asking for an opinion),
    swapping "the empties", withdrawing cash, an iron "sent up" (read as room service, and "get me an iron" as a
    chore) each missed; "per night" and "the night before" are checked because the night is no longer a span. A
    guessed name ("is it a fella called dave", heldout56) had left an unknown subject."""
    assert_answered_at_once(engines, site, question, key_fact)


@pytest.mark.parametrize("site, question", [
    ("clinic_reception", "could i see a female doctor please"),
    ("clinic_reception", "how late can i be for my appointment"),
    ("hardware_store", "will you take back paint that's been mixed"),
    ("hotel_lobby", "does the subway run at night"),
    ("hotel_lobby", "what time does elm street station stop running at night"),
])
def test_a_near_miss_of_the_greetings_set_is_not_answered_at_once(engines, site: str, question: str) -> None:
    """Round 61, from the false confident answers of the blind heldout60 (and heldout54's subway at night): the walk-in
    hours for a woman doctor, the missed-appointment fee for how late one may be, the mixing time for taking mixed
    paint back, a walk to the subway for whether it runs at night."""
    responder = site_responder(engines, site)
    assert not isinstance(responder.plan(question), (Matched, Direct))


@pytest.mark.parametrize("site, question, key_fact", [
    ("hotel_lobby", "could we hang on to the room an hour longer what would that set us back", "$30"),
    ("clinic_reception", "how long before my appointment should i tap in on the screen", "10 minutes"),
    ("hardware_store", "that red cordless drill over there can i take one home for the day what's it cost", "$15"),
])
def test_pointing_or_asking_leave_still_reaches_the_unit(engines, site: str, question: str, key_fact: str) -> None:
    """Round 62, from the blind heldout61 (visitors who point at a thing and ask whether they are allowed): "this
    room ... a couple hours longer" and "what would that set us back", tapping in "on this screen" and "that yellow
    cordless drill" (its colour read as a subject no site mentions) each missed."""
    assert_answered_at_once(engines, site, question, key_fact)


@pytest.mark.parametrize("site, question, key_fact", [
    ("hardware_store", "this bulb blew in my hallway last night where would i find one just like it", "aisle 5"),
    ("hotel_lobby", "will the bar still be serving when we get back from the show around half eleven", "midnight"),
    # The phone number mentions some of it (how to ring), so it stays, though delivery alone says "order".
    ("hardware_store", "my neighbour wants to ring you about an order what number does she call", "555-014-2290"),
])
def test_nothing_sure_asks_back_about_the_unit_that_mentions_what_is_asked(engines, site: str, question: str,
                                                                          key_fact: str) -> None:
    """Round 62: "this bulb blew in my kitchen last night, where would I find one" (heldout61) was asked back about
    plumbing, which scored a hair above the electrical aisle, the only unit that says "bulbs" (and the bar's hours
    were offered as the restaurant's)."""
    responder = site_responder(engines, site)
    reply = responder.plan(question)
    assert isinstance(reply, Offer), reply
    assert key_fact in reply.unit.text, reply


@pytest.mark.parametrize("site, question, key_fact", [
    # Round 69 (heldout67, blind: both got the fallback, read as asking about the news or the weather).
    ("clinic_reception", "can i just turn up without booking to see a doctor the news at one our top story what hours "
                         "are the walk ins", "8:00 a.m."),
    ("clinic_reception", "we're heading back over the causeway tonight so for the nurse advice when you're shut "
                         "what's the number and now the shipping forecast", "555-019-4400"),
    # Round 70 (heldout68, blind: each got the fallback; written anew here).
    ("clinic_reception", "wha de scene bai the repeat of me tablets when it go be ready", "2 working days"),
    ("clinic_reception", "how many minutes ahead do i check in at the screen", "10 minutes"),
    ("clinic_reception", "our toddler got hold of the batteries from the kitchen scales and i think she swallowed one",
     "911"),
    # Round 68 (heldout66, blind: the fallback; "a point meant" is the recogniser's "appointment").
    ("clinic_reception", "can i just walk in without a point meant this morning", "8:00 a.m."),
])
def test_the_repairs_of_rounds_68_to_70_answer_at_once(engines, site: str, question: str, key_fact: str) -> None:
    """Overheard broadcasts, words the recogniser split, a dialect greeting, "minutes ahead", a swallowed battery."""
    assert_answered_at_once(engines, site, question, key_fact)
