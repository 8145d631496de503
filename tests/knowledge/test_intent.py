"""Questions out of scope by their kind, and turns that ask nothing (intent.py): pure functions of the words, no model."""

from __future__ import annotations

import pytest

from edge.knowledge.intent import (asked_exception, asks_to_confirm_a_value, conversational_kind, covers_exception,
                                   is_emergency, out_of_scope_reason, without_pleasantry)


@pytest.mark.parametrize("question, reason", [
    ("what's the time please", "the current time or date"),
    ("what day is it today", "the current time or date"),
    ("will it rain this afternoon", "the weather"),
    ("who won the match last night", "news, sport or general knowledge"),
    ("can you recommend a good restaurant", "an opinion or a recommendation"),
    ("which cordless drill is the best one", "an opinion or a recommendation"),
    ("my kid has a temperature what should i do", "personal advice"),
    ("are you a robot", "the kiosk itself"),
    ("set an alarm for seven", "a chore the kiosk cannot do"),
    ("is the nurse running behind", "how things stand right now"),
    ("how long is the wait for the pharmacy", "how things stand right now"),
    ("is dr. chen in this afternoon", "how things stand right now"),
    ("what should i call you", "the kiosk itself"),
    ("can you find me a hotel", "a chore the kiosk cannot do"),
    ("how long will i wait for the doctor", "how things stand right now"),
    ("how long do we have to wait to see a nurse today?", "how things stand right now"),
    ("how long have you been working here", "the kiosk itself"),
    ("my blood test came back high what should i be eating now", "personal advice"),
    ("what's nine times seven", "news, sport or general knowledge"),  # a sum: its numbers look like site times
    ("what is 12 plus 30", "news, sport or general knowledge"),
    # Small talk about the day (heldout24: "busy day today" got the opening hours as a confident answer).
    ("how's it going, busy day today", "how things stand right now"),
    ("is it always this quiet in here", "how things stand right now"),
    ("how's it going", "the kiosk itself"), ("how are things", "the kiosk itself"),
    # Whether a named person is in now (round 54: heldout54's got the manager's name as a confident answer).
    ("is dana whitfield in the shop today", "how things stand right now"),
    ("is marco working tonight", "how things stand right now"),
    # A conversion between units, and Scots small talk (round 54, from heldout54's near misses).
    ("how many kilometres is ten miles", "news, sport or general knowledge"),
    ("how many pounds are there in a stone", "news, sport or general knowledge"),
    ("how is you the day", "the kiosk itself"),
    ("remind me to take my pills at six", "a chore the kiosk cannot do"),
    ("can you remind me in ten minutes", "a chore the kiosk cannot do"),
    # Round 57: a name does not say whether its bearer is a man or a woman (two got the doctors' names at once).
    ("is dr chen a man or a woman", "whether someone is a man or a woman"),
    ("is the nurse practitioner male or female", "whether someone is a man or a woman"),
    # Round 57: the visitor's own booking, and whether a train runs on time today (each got a site fact at once).
    ("what floor is my room on", "the visitor's own booking"),
    ("can this kiosk tell me my appointment time", "the visitor's own booking"),
    ("when is my appointment", "the visitor's own booking"),
    ("is the t running on time today", "how things stand right now"),
    # Round 59: asking after the kiosk's day (heldout57's Bajan "wunna having a good day" went to the LLM).
    ("what going on you having a good day", "the kiosk itself"),
    # Round 61: which is cheapest is an opinion, and a taxi fetched is a chore, as before.
    ("what's the cheapest one you've got", "an opinion or a recommendation"),
    ("what's the cheapest way to send a parcel", "an opinion or a recommendation"),
    ("can you get me a taxi to the station", "a chore the kiosk cannot do"),
])
def test_kinds_of_question_no_site_answers(question: str, reason: str) -> None:
    assert out_of_scope_reason(question) == reason


@pytest.mark.parametrize("question", [
    "what time do you close", "what time does breakfast start", "what time in the morning do you open",
    "is the pool open in the evening", "how much is the airport shuttle", "where is the nearest subway station",
    "what happens if i miss my appointment", "can you mix paint for me", "is the doctor in room 4", "who is the manager here",
    "how long do i wait before my fasting blood test", "who do i call at night",
    "my husband just fainted what should i do",  # an emergency is never turned away here
    "i think someone is having a heart attack",
    "how long will i wait for my results", "how long do i wait for the shuttle",
    "can i get two keys cut at the same time", "is it open seven days a week",
    "what day is the pool busiest", "how is the shuttle going to the airport",
    # Asking for the hours it keeps is asking for the schedule (round 25; the first got the fallback on heldout24).
    "the shuttle for airport, until what hour it is running at night", "what time is the shuttle running till",
    "is key cutting on today", "who is in charge today", "is there a doctor in the building",
    "how many days is the return window", "how many minutes is the walk to the subway",
    # Asking to be reminded of a site fact asks for it again (round 55: five of heldout55's got the fallback).
    "me head's like a sieve remind me what time you open on a weekday", "remind me again which aisle has power tools",
    "is there a woman doctor", "can i see a female nurse", "which floor is the gym on",
    "my appointment is at ten when should i check in", "when my appointment is over where do i pay",
    "how early before my appointment should i come", "what floor is the restaurant on",
    # Round 61: the cheapest one will be cut for is a price; an iron sent up is a thing the site says how to get.
    "what's the cheapest you'll cut a key for", "could you get me an iron sent up to the room",
    "can you get me an ironing board brought up",
])
def test_site_questions_and_emergencies_pass(question: str) -> None:
    assert out_of_scope_reason(question) is None


@pytest.mark.parametrize("turn, kind", [
    ("thank you very much", "closing"), ("okay great, bye", "closing"), ("never mind, I'll ask someone", "closing"),
    ("you've been a big help", "closing"), ("no that's all thanks", "closing"), ("good afternoon", "greeting"),
    ("hi there", "greeting"), ("hi there good evening", "greeting"), ("hiya", "greeting"),
])
def test_turns_that_ask_nothing(turn: str, kind: str) -> None:
    assert conversational_kind(turn) == kind


@pytest.mark.parametrize("turn", [
    "help", "please help me", "I need urgent help", "thanks, where is the pool", "okay what time do you close",
    "is it good", "hello, do you sell paint", "thank you, someone has collapsed",
])
def test_questions_and_calls_for_help_are_not_small_talk(turn: str) -> None:
    assert conversational_kind(turn) is None


@pytest.mark.parametrize("question, danger", [
    ("my friend has collapsed", True), ("this is an emergency", True), ("what's the emergency number", True),
    ("where's the nearest hospital with an emergency department", False), ("is there an emergency exit", False),
    ("do you do emergency appointments", False),
])
def test_emergency_naming_a_place_or_service_is_no_danger(question: str, danger: bool) -> None:
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question", [
    "help my grandmother's fallen and hit her head and she's not responding", "he's passed out in the toilets",
    "my son won't wake up", "I think she's having an allergic reaction", "he's unresponsive",
])
def test_someone_who_does_not_respond_is_an_emergency(question: str) -> None:
    """Not responding, passed out, an allergic reaction: danger in other words than "fainted" or "collapsed" (the
    first got the fallback on heldout12)."""
    assert is_emergency(question)


@pytest.mark.parametrize("question, danger", [
    ("There's a man outside on the path, he's gone grey and he's clutching his chest, what do I do", True),
    ("my dad's got chest pains", True), ("her lips are blue", True), ("I think his face is drooping", True),
    ("he's slurring his words and can't stand", True), ("my son's having a fit", True),
    ("my hair's going grey, do you sell dye", False), ("the water in the pool has turned blue", False),
    ("do you sell blue paint", False),
    ("there's an old man outside who's fallen and cut his head open and he's very confused", True),
    ("she banged her head and she seems confused", True), ("I'm confused about the parking", False),
])
def test_signs_of_a_heart_attack_or_a_stroke_are_an_emergency(question: str, danger: bool) -> None:
    """Chest pain, a grey or blue face, a drooping face, slurred words, a fit: the warning signs first-aid courses
    teach (the first got the fallback on heldout14), a head injury, someone confused (heldout15). A colour alone is
    no danger, nor a visitor confused about the parking."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my wife's speech has gone all slurred and one arm's gone floppy", True), ("his speech is all garbled", True),
    ("her face has gone droopy on one side", True), ("he can't lift his arm and he's confused", True),
    ("my dad's gone numb down one side", True), ("my speech is slurred", True),
    ("my leg has gone dead from sitting", False), ("my arm is sore after the jab", False),
    ("the words on the screen are jumbled", False), ("is the left side of the car park free", False),
])
def test_the_signs_of_a_stroke_as_a_relative_tells_them_are_an_emergency(question: str, danger: bool) -> None:
    """Slurred or garbled speech, an arm or a leg gone floppy, a face gone droopy, numb down one side (round 28: the
    first got the fallback on the blind heldout27). A dead leg from sitting or a sore arm after a jab is none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my wife's cut her hand on a glass and it's pouring with blood", True), ("there's blood everywhere", True),
    ("he's lost a lot of blood", True), ("it's gushing blood", True),
    ("it's pouring with rain, have you got an umbrella", False), ("how much blood do you take for a test", False),
])
def test_much_blood_is_an_emergency(question: str, danger: bool) -> None:
    """Blood pouring, everywhere, lost (round 29: the first got the fallback on the blind heldout28, which had no
    "bleeding" in it). Rain pouring, or blood asked about for a test, is none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("there's a lady outside who's just been knocked down by a car", True), ("he was run over by a van", True),
    ("my son's lips are swelling up after he ate a nut, please help", True), ("her throat is closing up", True),
    ("there's a lady on the floor in the waiting room and she's not waking up", True),
    ("the price was knocked down by a third", False), ("i was nearly hit by a car outside, is the road busy", False),
    ("my lips are dry, do you sell lip balm", False), ("my glands are swollen, can i see a doctor", False),
])
def test_a_road_accident_a_swelling_mouth_or_someone_not_waking_is_an_emergency(question: str, danger: bool) -> None:
    """Round 30: the first two got the fallback on the blind heldout29, the last on heldout18 ("not waking up" was
    missing beside "isn't waking"). A price knocked down, a near miss, dry lips or swollen glands are none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my husband's gone a terrible grey colour and he's holding his chest", True),
    ("she's turned a funny blue", True), ("he's gripping his chest and sweating", True),
    ("i'm holding my chest x-ray, where do i take it", False), ("the sky's gone a lovely blue", False),
])
def test_a_grey_colour_or_a_held_chest_is_an_emergency(question: str, danger: bool) -> None:
    """Round 31: the first got the fallback on the blind heldout30 ("gone grey" and "clutching his chest" were
    covered, "gone a terrible grey colour" and "holding his chest" not). A chest X-ray or the sky is none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my toddler got into the cleaning stuff in my bag and drank some", True),
    ("she swallowed a button battery", True), ("he's eaten a whole packet of my tablets", True),
    ("my son drank some white spirit", True),
    ("i swallowed my tablets with juice, is that ok", False), ("i ate before my tablets", False),
    ("do you sell weed killer", False), ("what cleaning products do you sell", False),
])
def test_a_child_who_swallowed_something_harmful_is_an_emergency(question: str, danger: bool) -> None:
    """Round 32: the first got the fallback on the blind heldout31. Medicine only in a quantity ("a whole packet"):
    swallowing one's tablets is taking them; buying weed killer or cleaning products is shopping."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my husband's diabetic and he's gone all clammy and confused", True), ("she's gone very confused", True),
    ("i can't get a proper word out of him", True),
    ("he's getting confused by the signs, where is room 12", False), ("i can't get a word out of him", False),
    ("my hands are clammy", False),
])
def test_someone_gone_clammy_or_confused_is_an_emergency(question: str, danger: bool) -> None:
    """Round 33: the first got the fallback on the blind heldout32 ("he's confused" was covered, "he's gone all clammy
    and confused" not). Muddled by signs, a sulking teenager or one's own clammy hands are none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my husband's taken far too many of his tablets and i can't keep him awake", True),
    ("she took too many sleeping pills", True), ("i can't keep her awake", True),
    ("i've got too many tablets to remember, can the pharmacy help", False),
    ("can't keep my eyes open on night shifts, is there a coffee machine", False),
])
def test_too_many_tablets_or_someone_who_cannot_be_kept_awake_is_an_emergency(question: str, danger: bool) -> None:
    """Round 34: the first got the fallback on the blind heldout33. Having too many tablets to keep track of, or
    one's own tiredness, is none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my boyfriend took something at a party and now his lips are going blue and he's barely breathing", True),
    ("her lips are going blue", True), ("the baby is hardly breathing", True), ("he's gasping for air", True),
    ("i can barely breathe through my nose with this cold, can i see a doctor today", False),
    ("my hair's going grey, do you sell dye", False),
])
def test_lips_going_blue_or_barely_breathing_is_an_emergency(question: str, danger: bool) -> None:
    """Round 41: the first got the fallback on the blind heldout40 ("lips gone blue" and "not breathing" were
    covered, "going blue" and "barely breathing" not). A blocked nose or greying hair is none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, reason", [
    ("somewhere to eat dinner in the hotel itself? it's lashing rain out", None),
    ("it's raining, is the pool open", None),
    ("is it going to rain today", "the weather"), ("the forecast for tomorrow", "the weather"),
    # Round 66 (heldout64): the weather told as the visitor's reason inside the clause that asks.
    ("can you hold onto our bags after checkout till the rain quits", None),
    ("the garage entrance is on which street i don't want my car sitting out in the snow", None),
    ("it's raining like anything so i'll come on sunday the shop closes on sunday at", None),
    ("no way i'm carrying ten bags home in this snow what does delivery cost", None),
    ("the rain wash all the paint off my porch so the paint is in aisle", None),
    ("is it raining", "the weather"), ("is it gonna snow this weekend or what", "the weather"),
    ("it's raining today isn't it", "the weather"),
])
def test_rain_that_says_why_is_no_question_about_the_weather(question: str, reason: str | None) -> None:
    """Round 31: the weather in a clause that only sets the scene (clauses.py) does not make the question one about
    the weather (the first got the fallback on the blind heldout30); asked about, it still does. Round 66: nor does the
    weather the visitor tells as their reason inside the clause that asks (`without_weather_scene`; every one of
    heldout64's weather-framed questions got the fallback)."""
    assert out_of_scope_reason(question) == reason


@pytest.mark.parametrize("question, words", [
    ("can i use the gym if i'm not staying here", "not staying"),
    ("is the bar open to people who aren't staying at the hotel", "n't staying"),
    ("can i use your toilets if i'm not buying anything", "not buying"),
    ("are non-residents allowed in the restaurant", "non-residents"),
    ("will you cut wood i bought somewhere else", "bought somewhere else"),
    ("can i return a drill i got from another shop", "i got from another shop"),
    ("can my daughter pick up my prescription for me", "can my daughter pick up my prescription for me"),
    ("can i collect my husband's results", "collect my husband's"),
    # Round 42: with family, friends and neighbours made generic words (lexical.py), the first was a new false
    # confident answer (tool hire) over the earlier sets.
    ("can my neighbour drop the carpet cleaner back for me", "my neighbour drop the carpet cleaner back for me"),
    ("could my flatmate return the drill for me", "my flatmate return the drill for me"),
])
def test_a_question_about_an_exception_to_the_usual_visitor(question: str, words: str) -> None:
    """Someone who is not a guest or a customer, a thing bought elsewhere, someone acting for the visitor."""
    assert asked_exception(question) == words


@pytest.mark.parametrize("question", [
    "can i use the gym at night", "i want to buy a jigsaw, not hire one, where are the power tools",
    "bought this saw last week and it's not what i wanted", "can you hold my bags for me",
    "can i collect my results", "my mum can't walk far, can we borrow a wheelchair",
    "i don't have an appointment can i still see someone",
    "i've got a sample pot from another place, can you mix that shade",  # "got" is "have" here
    "my daughter has earache, can i get an appointment for her today",  # for her, but no one collects for anyone
])
def test_ordinary_questions_ask_about_no_exception(question: str) -> None:
    assert asked_exception(question) is None


@pytest.mark.parametrize("question, holiday", [
    ("will yous be open on good friday or is it shut", True), ("are you closed over christmas", True),
    ("what time do you open on boxing day", True), ("is the pharmacy open on the bank holiday monday", True),
    # Round 58 (from heldout58): a holiday named for another reason, or "shut" as a given, asks no holiday hours.
    ("it's easter sunday the morra and my wean's got a temperature what number do i phone for a nurse with yous shut",
     False),
    ("it's christmas eve and my granda wants to pay for his new spade with a cheque is that alright", False),
    ("what time do yous close on a saturday", False),
])
def test_whether_open_on_a_public_holiday_is_an_exception(question: str, holiday: bool) -> None:
    """Round 58: the clinic's weekday hours were said for "will yous be open on good friday" on the blind heldout58.
    The site's hours are its usual week's; a holiday is an exception unless a site sentence speaks of holidays."""
    assert (asked_exception(question) is not None) == holiday


def test_a_site_sentence_may_cover_an_exception() -> None:
    assert covers_exception("The shop is closed on Christmas Day and open as usual on other holidays.")
    assert covers_exception("The restaurant is open to non-residents.")
    assert covers_exception("The bar is open to the public until midnight.")
    assert not covers_exception("The gym is on the 4th floor and is open 24 hours; your room key opens the door.")


@pytest.mark.parametrize("question, danger", [
    ("my son's fallen off the wall outside and he's not moving", True), ("she isn't moving", True),
    ("my nan's fallen over and can't get up", True), ("they're not moving, please help", True),
    ("my car's not moving, is there a garage", False), ("the queue isn't moving", False),
    ("we're not moving rooms, are we", False), ("I fell behind on my payments", False),
    # Round 27, from the blind heldout26 (the first two got the fallback at the clinic):
    ("my little girl's swallowed something and she can't get her breath", True),
    ("there's an old fella lying on the floor by the lift and he won't answer me", True),
    ("somebody help, my wife's fallen in the bathroom upstairs and she can't get up", True),
    ("the lino is lying on the floor in rolls, which aisle", False), ("can i get a breath test here", False),
    ("the shop won't answer my emails", False),
])
def test_someone_who_does_not_move_or_cannot_get_up_is_an_emergency(question: str, danger: bool) -> None:
    """Not moving after a fall, fallen and unable to get up: danger in words the first-aid signs above do not use (the
    first got the fallback on the blind heldout24). A car, a queue or a room that does not move is no danger."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, confirm", [
    ("the airport shuttle is still free for guests isn't it", True), ("am i right that you close at six", True),
    ("you shut at half five on a saturday right", True),
    ("is the pool open", False), ("what time does the bar close, isn't it late", False),
    ("the shuttle goes from the front, doesn't it", False),  # no value stated
])
def test_a_stated_value_to_confirm_is_told(question: str, confirm: bool) -> None:
    """Round 37 (heldout36, blind): the LLM agreed that the shuttle "is still free" (it costs $12); the guard accepts
    the visitor's own words, so such questions are asked back about instead."""
    assert asks_to_confirm_a_value(question) is confirm


@pytest.mark.parametrize("question, reason", [
    ("i want to thank the head concierge what's the nice chap's name", None),  # asks for his name
    ("what's the nice lady's name at the front desk", None),
    ("what's the nice place to eat round here", "an opinion or a recommendation"),
    ("what's the best pub in town", "an opinion or a recommendation"),
    ("i'm allergic to eggs, is the flu jab safe for me", "personal advice"),
    ("is it safe to take ibuprofen with my tablets", "personal advice"),
    ("is the car park safe at night", None),  # a question about the place, not the visitor's health
])
def test_a_name_after_a_kind_word_and_safety_for_the_visitor_are_told(question: str, reason: str | None) -> None:
    """Round 42: the first got the fallback on the blind heldout41 ("what's the nice" read as asking for a
    recommendation); "is the flu jab safe for me" is medical advice, and a story-free score (matcher.py) no longer
    keeps it from the flu jab's price."""
    assert out_of_scope_reason(question) == reason


@pytest.mark.parametrize("question, reason, exception", [
    ("excuse me which time is it now please", "the current time or date", None),
    ("hold on she wants to know can her husband come in the x ray room with her", None,
     "can her husband come in the x ray room with her"),
    ("can my husband wait in the lobby with me", None, "can my husband wait in the lobby with me"),
    ("can i come in with my husband", None, None),  # the visitor themself, not someone else joining
])
def test_the_clock_asked_as_which_time_and_someone_coming_along(question: str, reason: str | None,
                                                                exception: str | None) -> None:
    """Round 43: both were false confident answers on the blind heldout42 (the opening hours, on all three sites,
    for "which time is it now"; the x-ray room for whether her husband may come in with her)."""
    assert out_of_scope_reason(question) == reason
    assert asked_exception(question) == exception


@pytest.mark.parametrize("question, reason", [
    ("i've brought four residents in for their blood tests which room should i take them to", None),
    ("should i take him to the hospital", "personal advice"),  # "to the hospital": advice, not the way
    ("should i take paracetamol before my blood test", "personal advice"),
])
def test_which_room_to_take_someone_to_asks_the_way(question: str, reason: str | None) -> None:
    """Round 44: the first got the fallback on the blind heldout43 ("should i take" read as asking what medicine)."""
    assert out_of_scope_reason(question) == reason


@pytest.mark.parametrize("question, danger", [
    ("the fella next to me in the waiting room's just slid off his chair onto the floor and he's not answering me",
     True),
    ("my wife's slumped off her chair", True), ("he's not responding to me", True),
    ("my son's not answering me on the phone, can i leave a message for the doctor", False),
    ("my bag slid off the chair, has anyone handed in a purse", False),
    # Round 47: only asked back about on the blind heldout46.
    ("my husband's just dropped to the floor beside me and he's making a funny noise breathing", True),
    ("she's collapsed on the floor", True), ("he's making a rattling noise breathing", True),
    ("my card dropped to the floor somewhere", False), ("the drill i hired is making a funny noise", False),
])
def test_someone_fallen_off_a_chair_who_does_not_answer_is_an_emergency(question: str, danger: bool) -> None:
    """Round 46: the first got the fallback on the blind heldout45 ("won't answer me" was covered, "he's not
    answering me" not). Someone who does not answer the phone, or a bag off a chair, is none."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, reason", [
    ("the pharmacy shut on me at six last tuesday what time is it meant to stay open till", None),
    ("our booking email says check in's from twelve what time is it actually", None),
    ("what time is it now please", "the current time or date"), ("what time is it", "the current time or date"),
    ("the barman shut up shop at eleven is that normal what time's the bar meant to close", None),
    ("i've had this rash for a week is that normal", "personal advice"),
])
def test_a_doubting_visitor_asks_about_the_thing_not_the_clock_or_their_health(question: str,
                                                                               reason: str | None) -> None:
    """Round 46, from the blind heldout45 (sceptical visitors): "what time is it *meant to*..." asks about the thing
    the visitor doubts, not the clock; "is that normal" followed by what they want to know doubts the site, and asks
    no medical advice."""
    assert out_of_scope_reason(question) == reason


@pytest.mark.parametrize("question, danger", [
    ("please my sister's inhaler doh working at all she's wheezing on the floor out there and can barely say one "
     "word at a time", True),
    ("she can only say one word at a time", True), ("he's gasping on the floor", True),
    ("please help fast my father he fall down in the car park and he not wake up what i do", True),
    ("my inhaler isn't working very well lately can i see a doctor", False),
    ("my son has been wheezing a bit at night", False), ("i can't say a word about it", False),
    ("i do not wake up early so when is breakfast", False), ("she does not wake up till nine", False),
])
def test_a_bad_asthma_attack_and_someone_who_will_not_wake_are_emergencies(question: str, danger: bool) -> None:
    """Round 49: the first got the fallback on the blind heldout49 (an asthma attack described by its signs), the
    fourth on heldout37 ("he not wake up"). An inhaler that is "not working" alone, or wheezing at night, is no
    emergency: a visitor may be asking for a repeat prescription or an appointment."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, reason", [
    ("what's the time limit on bringing stuff back", None), ("what is the time frame for my results", None),
    ("what's the time", "the current time or date"), ("what is the time now", "the current time or date"),
])
def test_the_time_limit_on_something_is_no_question_about_the_clock(question: str, reason: str | None) -> None:
    """Round 49, from heldout48: "what's the time limit on bringing stuff back" got the fallback as a question
    about the clock."""
    assert out_of_scope_reason(question) == reason


@pytest.mark.parametrize("question, danger", [
    ("the man outside's put his arm through the glass door and the blood's pumping out of it it won't stop", True),
    ("my little girl's nose bleed won't stop", True), ("blood is pouring from his leg", True),
    ("he smashed his fist through the window", True),
    ("how long does blood take to stop after a test", False), ("is the blood test room upstairs", False),
    ("can i put my hand through the hatch to pay", False), ("i stopped the bleeding myself yesterday", True),
])
def test_blood_that_will_not_stop_or_an_arm_through_glass_is_an_emergency(question: str, danger: bool) -> None:
    """Round 53: the first got the fallback on the blind heldout53 ("blood's pumping", not "pumping blood"). Blood
    that "won't stop", or a limb put through glass, is an emergency; the blood test's words are not. Any mention of
    bleeding already is (the last), since a kiosk that takes a wound for a chat is the worse mistake."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("my father in law's gone grey and keeled over in your car park and he isn't breathing", True),
    ("he isn't breathing", True), ("she's stopped breathing", True), ("my mum just keeled over", True),
    ("i nearly keeled over when i saw the price", False), ("is breathing through the mouth ok before a test", False),
])
def test_someone_who_keeled_over_or_is_not_breathing_is_an_emergency(question: str, danger: bool) -> None:
    """Round 56: the first was only asked back about ("Are you asking about emergencies?") on the blind heldout56:
    "not breathing" was a pattern, "isn't breathing" and "keeled over" were not."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("i've used his epipen but his throat's still closing up", True), ("the baby's gone all floppy", True),
    ("she's going limp in my arms", True), ("my throat is still sore after the cold", False),
    ("is the floppy disk drive still sold", False),
])
def test_a_throat_still_closing_or_a_child_going_floppy_is_an_emergency(question: str, danger: bool) -> None:
    """Round 63: the blind heldout62's emergency (a boy after his EpiPen whose "throat's still closing up and he's
    going floppy") got the fallback: "still" was not among the words allowed before "closing", and going floppy
    counted only with "and confused"."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("turn, left", [
    ("hi how are you what time do you close", "hi what time do you close"),
    ("Hi, how are you doing? Where are the toilets?", "Hi, Where are the toilets?"),
    ("how's it going mate where's the paint", "where's the paint"),
    ("i hope you are well, could you tell me the wifi password", "could you tell me the wifi password"),
    ("you having a good day what time do you close", "what time do you close"),
    # Round 61 (heldout60's greetings): how the night was, how work is, "well done" to someone at work, a day hoped
    # to be going well, all being well, nice to see you, with a form of address after.
    ("morning how was your night where's the lift", "morning where's the lift"),
    ("well done madam how is work which floor is the gym", "which floor is the gym"),
    ("hope your day is going well do you cut keys", "do you cut keys"),
    ("hello hope all is well with you where's the pharmacy", "hello where's the pharmacy"),
    ("nice to see you sir what time's breakfast", "what time's breakfast"),
    ("how's the morning treating you where do i park", "where do i park"),
    # A "well done" steak, the night porter and the day rate are things, not pleasantries.
    ("is the steak well done", "is the steak well done"),
    ("how was the night porter", "how was the night porter"),
    ("how is the day rate worked out", "how is the day rate worked out"),
    # Nothing but the pleasantry, or too little after it: small talk, left as it was.
    ("hi how are you", "hi how are you"),
    ("how are you doing today", "how are you doing today"),
    # "How are you" asking how: no pleasantry.
    ("how are you open on a sunday", "how are you open on a sunday"),
    ("how are you fixed for paint rollers", "how are you fixed for paint rollers"),
    # No pleasantry: the question comes back exactly as it was, its own apostrophes and spacing included.
    ("what’s the  wifi password", "what’s the  wifi password"),
])
def test_a_pleasantry_before_a_question_is_taken_out(turn: str, left: str) -> None:
    """Round 59: "hi how are you, what time do you close" was small talk with the kiosk as a whole, so a visitor who
    greets the kiosk as a person at a desk got the fallback for a question the site answers."""
    assert without_pleasantry(turn) == left


@pytest.mark.parametrize("question, reason", [
    ("namaste dai the manager of this shop what is the good name", None),
    ("what is the good restaurant in town", "an opinion or a recommendation"),
    ("if i'm running late tomorrow can i ring ahead uh what's the number for the shop", None),
    ("if we're running late for check in who do we call", None),
    ("what happens if i'm running late for my appointment", "how things stand right now"),  # a rule no site states
    ("what's the store's phone number, love? i might have to ring if i'm running late.", None),
    ("is my doctor running late", "how things stand right now"),
    ("are we running late", "how things stand right now"),
])
def test_a_good_name_and_the_visitors_own_lateness_are_site_questions(question: str, reason: str | None) -> None:
    """Round 67: both got the fallback on the blind heldout65. "What is the good name" is the polite way to ask a name
    in Indian and Nepali English, not an opinion; "if i'm running late" is the visitor's own condition, not how the
    site's day stands."""
    assert out_of_scope_reason(question) == reason


def test_a_dialect_word_of_address_before_goodbye_still_takes_leave() -> None:
    """Round 67: with "bueno" no longer an unknown word, "bueno that's all thanks see you later" got the late
    check-out price ("later" was all that was left) until the address words joined the words of leave-taking."""
    assert conversational_kind("bueno that's all thanks see you later") == "closing"
    assert conversational_kind("namaste dai thank you") == "closing"
    assert conversational_kind("bueno where is the toilet") is None


@pytest.mark.parametrize("question, danger", [
    ("faamolemole my boy got stung by a be in the car park and his tongue is puffing up and he's wheezing bad", True),
    ("her lips are puffing up", True), ("his tongue's gone all puffed up", True),
    ("he is puffing up the stairs", False), ("the paint is puffing up on the wall", False),
])
def test_a_tongue_or_lips_puffing_up_is_an_emergency(question: str, danger: bool) -> None:
    """Round 68: the first got the fallback on the blind heldout66 (a bee sting, "swelling" said as "puffing up")."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, danger", [
    ("our toddler got hold of the batteries from the kitchen scales and i think she swallowed one", True),
    ("the little round battery out of his watch he's only gone and swallowed it", True),
    ("my son swallowed one of the magnets off the fridge", True),
    ("do you sell the flat round batteries for a watch", False),
    ("where are the batteries i need one for my watch do i just swallow it", False),
])
def test_a_swallowed_battery_or_magnet_is_an_emergency(question: str, danger: bool) -> None:
    """Round 70: a button battery "put in his mouth and swallowed it", told battery first, got the fallback on the
    blind heldout68 (only "swallowed a battery", verb first, was known)."""
    assert is_emergency(question) is danger


@pytest.mark.parametrize("question, rest", [
    ("wha de scene bai the repeat of me tablets when it go be ready", "the repeat of me tablets when it go be ready"),
    ("who the scene mattie where's the pharmacy", "where's the pharmacy"),
    ("what's the scene in the film you're showing", "what's the scene in the film you're showing"),
])
def test_the_guyanese_greeting_is_no_part_of_the_question(question: str, rest: str) -> None:
    """Round 70: "wha de scene bai" (what's up, mate), which spellings.py writes "who the scene", was asked about."""
    assert without_pleasantry(question) == rest


@pytest.mark.parametrize("question, reason", [
    ("can doctor patel see my mother today she's asking", "how things stand right now"),
    ("can the nurse fit me in this afternoon", "how things stand right now"),
    ("what should he eat after the fasting blood test is finished", "personal advice"),
    ("who can see my mother today", None),
    ("what should i bring to my appointment", None),
])
def test_round_71_a_doctor_free_today_and_advice_for_someone_else(question: str, reason: str | None) -> None:
    """Round 71: both got a confident answer on the blind heldout69 (the list of doctors; the fasting rule)."""
    assert out_of_scope_reason(question) == reason
