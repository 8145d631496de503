"""The word half of matching (lexical.py) and the answer-type check (answer_type.py): pure functions, no model."""

from __future__ import annotations

import pytest

from edge.knowledge.answer_type import frame_covered, kinds_in, wanted_kinds
from edge.knowledge.lexical import (LexicalIndex, _fold, is_generic, narrative_terms, phrase_folded, stem,
                                    terms, when_terms)


@pytest.mark.parametrize("a, b", [
    ("Where is the loo?", "toilets"), ("the chemist", "pharmacy"), ("closing", "closed"), ("pipes", "pipe"),
    ("Cheques", "cheque"), ("x rays", "X-ray"), ("rent", "hire"), ("cash machine", "ATM"),
    ("a 20 kilo dog", "a 20 kilogram dog"), ("postal address", "address"), ("by the door", "by the entrance"),
    ("what will that set me back", "what will that cost"), ("where can he go for a wee", "where can he go toilet"),
    ("who runs this place", "manager"), ("roof battens", "roof timber"),
    # Round 31, from the blind heldout30.
    ("brekkie, where's that", "breakfast"), ("money machine, where abouts", "atm"),
    ("checking in on this machine", "checking in at the kiosk"), ("our wee dog", "our dog"),
    ("in the hotel itself", "in the hotel"),
    # Round 32, from the blind heldout31.
    ("can somebody match the wall colour", "can somebody colour mix"), ("can i leave the van here", "can i park here"),
    ("is it cool to smoke here", "is it ok to smoke here"), ("till what time can i show up", "till what time walk-in"),
    ("a refill on my meds", "a repeat prescription"), ("who are the docs here", "who are the doctors here"),
    ("what's the extension for reception", "what's the number for reception"),
    # Round 33, from the blind heldout32.
    ("who runs the place", "manager"), ("where do i leave the bakkie", "where do i park"),
    ("is there an autobank", "is there an atm"), ("how long can the car stay", "how long can i park"),
    ("how long ahead of my appointment", "how long before my appointment"),
    ("keep the room a bit longer", "late check-out"),
    # Round 34, from the blind heldout33.
    ("got the docket", "got the receipt"), ("can i hire the carpet washer", "can i hire the carpet cleaner"),
    ("what's the damage", "what's the cost"), ("the bar, is it still going", "the bar, is it still open"),
    ("where can i withdraw small cash", "where is the atm"), ("what do they sting you for a crafty fag",
                                                               "what do they charge you for smoking"),
    ("the chemist shop", "the pharmacy"), ("the paint counter", "the paint desk"),
    ("what number do i ring when you're not open", "what number do i ring when you're closed"),
    ("rang through for more of me inhalers", "requested a repeat prescription"),
    ("can we hang onto the room till one", "late checkout till one"),
    # Round 35, from the blind heldout34.
    ("where's the lavvy", "where's the toilet"), ("whit's the gaffer's name", "what's the manager's name"),
    ("anywhere tae get yer tea the night", "somewhere to get dinner tonight"),
    ("keep the room a wee bit longer", "late check-out"),
    ("get a tin made up off a colour card", "get paint colour mixed off a colour"),
    ("can you lot drop them round", "can you deliver them"),
    ("is there a bar fur a drink", "is there a bar for a drink"),
    # Round 36, from the blind heldout35: things described rather than named.
    ("where's the little boys' room", "where's the toilet"), ("is there a chair with wheels", "is there a wheelchair"),
    ("where do they take the pictures of your insides", "where do they take the x-rays"),
    ("the place with the running machines", "the gym"), ("the saws you plug in", "the power tools"),
    ("what my blood test said", "test results"), ("when can we go up to the room", "when can we check in"),
    ("wah di address fi dis place", "what the address for this place"),
    # Round 37, from the blind heldout36: trade and regional words.
    ("howzit can i just pitch up", "can i just walk in"), ("how early must i check in at the machine lah",
                                                            "how early must i check in at the kiosk"),
    ("just checking you stock twin and earth", "do you sell cable"), ("off a swatch", "off a colour"),
    ("kindly tell me the opening hours", "tell me the opening hours"),
    # Round 38, from the blind heldout37: word-for-word translations and very formal English.
    ("at what hour i can enter in my room", "what time can i check in"),
    ("would you be so kind as to tell me the name of the manager of this establishment",
     "please tell me the name of the manager here"),
    ("whether we might vacate the room somewhat later", "if we can have a late check-out"),
    # Round 39, from the blind heldout38: older British idioms, a reason given after the question.
    ("where can me dad spend a penny", "where can me dad use the toilet"),
    ("where's the loo he's been caught short", "where's the loo he needs the toilet"),
    ("can he use the gym he can't sleep with the jet lag", "can he use the gym with the jetlag"),
])
def test_spoken_variants_fold_to_one_term(a: str, b: str) -> None:
    assert terms(a) == terms(b)


def test_question_words_and_fillers_are_not_terms() -> None:
    assert terms("um excuse me could you tell me where the paint is please") == ["paint"]


@pytest.mark.parametrize("question, expected", [
    ("I'm after a packet of nails", ["nail"]), ("a couple of bags of compost", ["compost"]),
    ("am i allowed a glass of water", ["allow", "water"]), ("is there some kind of coach", ["coach"]),
    ("your number in case i need it", ["number"]),
])
def test_measures_hedges_and_conjunctions_are_not_what_is_asked(question: str, expected: list[str]) -> None:
    """"A packet of X" asks about X; "bags" there is not luggage."""
    assert terms(question) == expected


def test_a_bag_alone_is_still_luggage() -> None:
    assert terms("can i leave my bags here") == terms("can i leave my luggage here")


def test_coverage_weighs_rare_words_and_unknown_subjects() -> None:
    index = LexicalIndex([["The paint is in aisle 3.", "Where is the paint?"], ["We open at 9:00 a.m.", "When do you open?"],
                          ["Parking is behind the store."]])
    paint, hours, _ = index.coverage("which aisle is the paint in")
    assert paint == 1.0 and hours == 0.0
    # "post office" is nowhere in the site: the opening hours cover only a small part of the question.
    assert index.coverage("is the post office open")[1] < 0.5
    assert index.unknown_share("is the post office open") > 0.5
    # A generic verb the site never uses ("buy") is not an unknown subject.
    assert index.unknown_share("can i buy some paint") == 0.0
    # A site synonym (from the site's YAML) folds a visitor's word onto the site's.
    assert LexicalIndex([["Parking is behind the store."]], {"lot": "parking"}).coverage("where's the lot") == [1.0]


@pytest.mark.parametrize("question, kinds", [
    ("who can i call when the clinic is closed", {"phone", "name"}), ("who is the manager", {"name"}),
    ("how much is a key", {"price"}), ("what time do you close", {"time", "duration", "lead"}),
    ("when will my results be ready", {"time", "number"}), ("how long does it take", {"duration"}),
    ("how long is breakfast on", {"time", "duration", "frequency", "lead"}),
    ("how long do i wait for the shuttle", {"duration", "frequency", "lead"}),
    ("how many cuts are free", {"count"}), ("how many days does it take", {"duration"}),
    ("what day does your van come out my way", {"day"}), ("do i have to pay for a blood test", {"price"}),
    ("how far is the station", {"time", "number"}),
    ("where is the paint", {"location"}), ("do you sell cars", None),
    # Round 31: a maker's name, which no claim kind holds (the tool hire's price was spoken for it on heldout30).
    ("what make is the drill that you hire out", {"brand"}), ("which brand of paint do you sell", {"brand"}),
    # Round 45: whom to go to is answered by a desk as well as a name ("requested from housekeeping").
    ("i need to iron a shirt who do i ask", None), ("who should we talk to about a late check-out", None),
    # Round 46: a reason, which no site fact is (heldout45: "why does the pharmacy never have my tablets in stock"
    # got where the pharmacy is); Whisper's "why fi" is the Wi-Fi.
    ("why have they asked me to have my blood test done again", {"reason"}), ("how come the pool is shut", {"reason"}),
    ("what's the why fi password", None),
    # Round 57: a clock time, or a span before something ("how early"), not any number ("what time does the timber
    # desk stop cutting" got "the first 5 cuts are free"); when a place opens, not when it closes ("open until
    # midnight" was said for "what time does the bar open"); whether it is open all night, its hours.
    ("how early should i check in", {"time", "duration", "lead"}), ("what time does the timber desk stop cutting",
                                                             {"time", "duration", "lead"}),
    ("what time does the bar open", {"opening"}), ("when do you open up on sunday", {"opening"}),
    ("till what time is the chemist open", {"time", "duration", "lead"}),
    ("how late is the bar open", {"time", "duration", "lead"}),
    ("is the car park open overnight", {"time"}), ("is room 12 open all day", {"time"}),
    # Round 60: when a bar "starts serving" is when it opens (heldout59 got "open until midnight" for it).
    ("what time does the lantern bar start serving", {"opening"}),
    # Round 70: an address is a place (the shop's phone number outscored its street for "what's the address of the
    # shop"); "who should i address a letter to" wants a name, an email address is no place.
    ("what's the address of the shop", {"location"}), ("what street are you on", {"location"}),
    ("who should i address a letter to", {"name"}), ("what's the email address", None),
    # Round 71: what the visitor says they are not asking does not choose the kind (heldout69: the bar's closing
    # time for when it opens).
    ("what time does the bar open in the day not when it shuts", {"opening"}),
    ("when does the bar open not the closing time", {"opening"}),
])
def test_the_kind_of_answer_a_question_wants(question: str, kinds: set[str] | None) -> None:
    assert wanted_kinds(question) == (frozenset(kinds) if kinds is not None else None)


@pytest.mark.parametrize("text, opening", [
    ("The Lantern Bar in the lobby is open until midnight.", False),
    ("Late check-out until 1:00 p.m. costs $30.", False),
    ("The pool is open from 7:00 a.m. to 9:00 p.m.", True), ("Check-in starts at 3:00 p.m.", True),
    ("The gym is open 24 hours.", True),
])
def test_a_start_time_is_told_from_a_closing_time(text: str, opening: bool) -> None:
    """Round 57: "open until midnight" does not say when the bar opens."""
    assert ("opening" in kinds_in(text)) == opening


def test_how_far_ahead_is_not_how_long_a_thing_takes() -> None:
    """Round 57: "do not eat for 8 hours before the test" was said for "how long does a blood test take". A span
    before something is a lead ("how early", "how long before"), not how long the thing takes."""
    fasting = kinds_in("For a fasting blood test, do not eat for 8 hours before the test; water is fine.")
    assert "lead" in fasting and "duration" not in fasting
    assert "duration" in kinds_in("Mixing a can of paint to a colour takes about 10 minutes.")
    assert not wanted_kinds("how long does a blood test take") & fasting
    assert wanted_kinds("how many minutes does a blood test take") == frozenset({"duration"})
    assert wanted_kinds("how long before the test do i stop eating") & fasting


def test_weekdays_and_the_site_name_are_not_names() -> None:
    assert "name" not in kinds_in("Riverside Clinic is open Monday to Friday.", "Riverside Clinic")
    assert "name" in kinds_in("The manager is Dana Whitfield.", "Harbour Hardware")
    assert "number" in kinds_in("Paint is in aisle 3.")


@pytest.mark.parametrize("text, duration", [
    ("Mixing takes about 10 minutes.", True), ("Results take 3 working days.", True), ("It is open 24 hours.", True),
    ("The shuttle leaves every 30 minutes.", False), ("X-rays are taken in room 4 on the ground floor.", False),
    ("Dogs under 25 kilograms are welcome.", False),
])
def test_a_span_of_time_is_told_from_other_numbers(text: str, duration: bool) -> None:
    """ "how long does an x-ray take" wants a span, not a room number; nor how often a thing runs ("how long does the
    shuttle take to get to the airport" is not answered by "every 30 minutes")."""
    assert ("duration" in kinds_in(text)) is duration
    assert ("frequency" in kinds_in(text)) is ("every" in text)


@pytest.mark.parametrize("text, kinds", [
    ("The restaurant is on the ground floor.", {"location"}), ("The first 5 cuts are free.", {"count", "price"}),
    ("Bins are collected on Tuesdays.", {"day"}), ("Walk-ins are on weekdays.", {"day"}),
    ("The car park is free for 90 minutes.", {"duration", "count", "price"}),
])
def test_counts_days_and_free_things_are_kinds_of_answer(text: str, kinds: set[str]) -> None:
    """ "how many floors" is not answered by where one floor is, "what day" by no weekday, and "do I have to pay" is
    answered by a price or by "free"."""
    assert kinds <= kinds_in(text)
    assert ("count" in kinds_in(text)) is ("count" in kinds)


@pytest.mark.parametrize("word, generic", [("win", "wine"), ("suit", "suite"), ("far", "fare"), ("car", "care"),
                                           ("sit", "site")])
def test_a_word_is_not_folded_onto_a_generic_word_it_only_looks_like(word: str, generic: str) -> None:
    """Dropping a final "e" would make "wine" the generic "win" ("can we bring our own *wine*" then asked about
    nothing the site lacks); the generic word itself, and "close"/"closing", still fold as before."""
    assert terms(generic) != terms(word)
    assert terms("leaves") == terms("leave") and terms("closing") == terms("close")


@pytest.mark.parametrize("item, category", [
    ("where are the screwdrivers", "hand tools"), ("a faucet", "taps"), ("an extension lead", "cable"),
    ("some potting soil", "compost"), ("a greyhound", "dogs"), ("our alsatian", "dog"),
    ("a stud finder", "hand tools"), ("a mitre saw", "power tools"), ("our wee westie", "dog"),
    ("a jack russell", "dog"), ("our goldendoodle", "dog"), ("the brushes and rollers", "paint"),  # round 66
])
def test_everyday_items_fold_onto_the_category_a_site_names(item: str, category: str) -> None:
    assert set(terms(category)) <= set(terms(item))


def test_a_negated_phrase_is_not_the_phrase_inside_it() -> None:
    """"don't turn up" is a missed appointment, not a walk-in ("turn up")."""
    assert terms("what if i don't turn up") == terms("what if i miss it") != terms("can i just turn up")


def test_who_a_thing_is_for_is_not_what_is_asked_about() -> None:
    index = LexicalIndex([["Wheelchairs can be borrowed at the main entrance."]])
    assert index.subject_terms("i need a wheelchair for my mum") == ["wheelchair"]
    assert "kid" in index.subject_terms("is there a pool for kids")


def test_a_meaning_changing_synonym_is_not_folded() -> None:
    """"eat" is not only dinner: it stays itself (the matcher links it weakly, see test_matcher)."""
    assert terms("where can i eat") == ["eat"] and terms("where can i have supper") == ["dinner"]


def test_grammar_words_are_not_what_is_asked_about() -> None:
    """Prepositions, adverbs, people in general and stand-ins for a thing say how something is asked: a site that
    never uses them is not asked about something it does not know."""
    index = LexicalIndex([["Breakfast costs $18."], ["The gym is open 24 hours."]])
    assert index.subject_terms("is breakfast included or do i pay extra") == ["breakfast"]
    assert index.subject_terms("is the gym in the middle of the garden") == ["gym", "garden"]
    assert index.subject_terms("what's my blood type") == ["blood", "typ"]  # a kind of thing still counts


def test_a_hyphenated_phrase_folds_when_inflected() -> None:
    assert terms("my chest needs to be x-rayed") == terms("my chest needs an x-ray")[:-1] + ["xray"]


def test_a_phrase_folds_in_the_plural_too() -> None:
    """"gas bottles" is "gas bottle" twice: the phrase folds onto the site's "propane cylinder" either way."""
    assert terms("do you swap gas bottles") == terms("do you swap a gas bottle") == ["swap", "propan", "cylinder"]


def test_past_forms_of_everyday_verbs_are_how_a_question_is_asked() -> None:
    """"lose" is a generic verb; the stemmer folds only regular past forms, so "lost" is listed with it."""
    index = LexicalIndex([["Keys are cut at the service desk."]])
    assert index.subject_terms("i lost my spare key") == index.subject_terms("i need a spare key") == ["key"]


@pytest.mark.parametrize("word", ["size", "limit", "weight", "maximum"])
def test_words_asking_for_a_quantity_are_covered_by_a_number(word: str) -> None:
    """"is there a size limit for dogs" is answered by "dogs under 25 kilograms": a number, not the words."""
    (term,) = terms(word)
    assert frame_covered(term, frozenset({"number"})) and not frame_covered(term, frozenset({"location"}))


@pytest.mark.parametrize("word", ["rate", "rates"])
def test_a_rate_is_covered_by_a_price(word: str) -> None:
    """"daily rate on the cordless drill please" is answered by "a cordless drill costs $15 per day": a price (round
    25; it got the fallback on heldout24, "never mentions rat")."""
    (term,) = terms(word)
    assert frame_covered(term, frozenset({"price"})) and not frame_covered(term, frozenset({"location"}))


def test_the_period_of_a_rate_must_be_the_one_the_site_states() -> None:
    """"daily" is "day" and "weekly" is "week" (round 26): a weekly rate is not answered by a price per day, which
    round 25 spoke as the answer to "is there a weekly rate on the cordless drill" on the blind heldout26."""
    index = LexicalIndex([["A cordless drill costs $15 per day."]])
    assert index.uncovered("daily rate on the cordless drill", 0) == ["rat"]  # a price word: the matcher's frame
    # A weekly rate is one word since round 64 ("by the week" asks for it too), still one the site never says.
    assert index.uncovered("is there a weekly rate on the cordless drill", 0) == ["weekrat"]
    assert index.uncovered("the cordless drill by the week", 0) == ["weekrat"]


def test_a_range_or_group_of_days_covers_every_day_in_it() -> None:
    """"Walk-ins on weekdays" speaks of Monday, "Monday to Friday" of Wednesday (round 28: "can i just turn up on a
    monday without booking" got the fallback on the blind heldout27, "never mentions monday")."""
    index = LexicalIndex([["Walk-in appointments are available on weekdays."], ["Open Monday to Friday."],
                          ["Open at weekends."]])
    assert index.uncovered("walk in on a monday", 0) == []
    assert index.uncovered("open on a wednesday", 1) == [] and index.uncovered("open on a saturday", 1) == ["saturday"]
    assert index.uncovered("open on a sunday", 2) == [] and index.uncovered("open on a tuesday", 2) == ["tuesday"]


def test_staffed_is_asked_not_a_generic_man() -> None:
    """"is the garage entrance manned overnight" asks whether someone is there, which the garage's price per night
    does not say (round 28: a false confident answer on the blind heldout27; "manned" stemmed to a generic "man")."""
    index = LexicalIndex([["The hotel garage is $25 per night, with its entrance on Birch Lane."]])
    assert "staff" in index.uncovered("is the garage entrance on birch lane manned overnight", 0)


def test_keeping_a_number_for_next_time_asks_no_time() -> None:
    assert "tim" not in terms("what's your number? i'll stick it on the fridge for next time")
    assert "tim" in terms("when's the next time the shuttle leaves")


@pytest.mark.parametrize("question, narrative", [
    ("So I locked myself out last week and I'd like spare keys made", {"lock"}),
    ("i was wondering if you rent out power drills", {"wonder"}), ("hi we've just landed is it too early", {"land"}),
    ("we're travelling with a little spaniel", {"travell"}),
    ("is the pool heated", set()), ("can i get my car washed", set()), ("how do i reset my password", set()),
    ("I booked a room", set()),  # a synonym ("booked" -> appointment) keeps its meaning
])
def test_what_happened_to_the_visitor_is_told_apart_from_what_they_ask(question: str, narrative: set[str]) -> None:
    """A past or progressive verb after "I"/"we" is the visitor's story; after anything else, or in its base form,
    it can be what the site is asked ("is the pool heated" must still find that the site never says so)."""
    assert narrative_terms(question) == narrative


def test_the_visitors_story_is_no_unknown_subject_unless_the_site_uses_the_word() -> None:
    index = LexicalIndex([["Keys are cut at the service desk."], ["Customer parking is behind the store."]])
    assert index.subject_terms("i locked myself out can you cut a key") == ["key"]
    assert index.unknown_share("i locked myself out can you cut a key") == 0.0
    assert "park" in index.subject_terms("we're parking round the back, is that ok")


@pytest.mark.parametrize("question, when", [
    ("is it too late to come in at half five on a weekday", {"half", "fiv"}),
    ("Does the pool open before my seven thirty meeting?", {"seven", "thirty"}),
    ("bought a light fitting about six weeks back", {"six"}), ("can I come in at 7:30", {"7", "30"}),
    ("open before 8am on saturday", {"8am"}), ("my three o'clock tomorrow", {"thre", "o'clock"}),
    ("my son's seventeen, is he old enough", set()), ("is there a fee if i'm only ten minutes late", set()),
    ("three keys for my lodgers", set()), ("our dog is about sixty kilos", set()), ("about 50 nails please", set()),
    ("can i pop in on a sunday about five", {"fiv"}), ("is room 12 upstairs", set()),
    ("i've been on the van since six", {"six"}),
    ("can he use the gym at three in the morning", {"thre", "morn"}), ("is breakfast served in the morning", set()),
])
def test_a_clock_time_the_visitor_names_is_told_from_other_numbers(question: str, when: set[str]) -> None:
    """A time of day, or how long ago something happened, says when; an age, a count, a weight or a span to come
    can be what the site cannot answer."""
    assert when_terms(question) == when


def test_a_clock_time_is_no_subject_but_counts_for_the_unit_that_states_it() -> None:
    index = LexicalIndex([["We're open Monday to Saturday from 7:30 a.m. to 6:00 p.m."],
                          ["Check-in starts at 3 p.m."], ["Keys are cut at the service desk for $4."]])
    assert index.subject_terms("are you open before eight on a saturday") == ["saturday"]
    assert index.subject_terms("can we check in before 3") == ["checkin"]
    hours, checkin, _ = index.coverage("can we check in before 3")
    assert checkin > hours
    # An age is still a subject, and the site never says one.
    assert "seventeen" in index.subject_terms("my son's seventeen, can he get a key cut")
    assert index.unknown_share("my son's seventeen, can he get a key cut") > 0


def test_how_the_visitor_feels_or_what_they_reckon_is_no_subject() -> None:
    """Round 39, from the blind heldout38: "a wheelchair for grandad, he's knackered", "he reckons he can have a
    fag out the window": the visitor's state and hedges say why or how they ask, not what about."""
    index = LexicalIndex([["Wheelchairs can be borrowed at the main entrance."], ["Smoking is not allowed."],
                          ["The gym is open 24 hours."]])
    assert index.subject_terms("can we get a wheelchair for grandad he's knackered") == ["wheelchair"]
    assert index.unknown_share("can we get a wheelchair for grandad he's knackered") == 0
    assert index.subject_terms("he reckons he can have a fag out the window") == ["smok"]
    assert index.unknown_share("can he use the gym he's jetlagged and knackered") == 0


def test_spoken_contractions_are_not_terms() -> None:
    assert terms("what time d'you shut") == terms("what time do you shut")
    assert terms("where'd they be, innit") == []


def test_a_question_word_asking_about_the_scene_keeps_its_known_words() -> None:
    """"What's the name?" names nothing itself: it asks for a name of what the scene names (the store manager), so the
    scene's known words stay subjects and only the visitor's story the site never mentions ("lady") is dropped. A
    yes/no question about the scene keeps every word ("can someone open it" must not become one about the room)."""
    index = LexicalIndex([["The store manager is Dana Whitfield."], ["The phone number is 555-0100."],
                          ["Your room key opens the gym door."]])
    text = "The lady on the phone told me to ask for the store manager by name. What's the name?"
    assert set(index.subject_terms(text)) == {"shop", "manager", stem("name")}  # "name" asks for the kind of fact
    assert "passport" in index.subject_terms("my passport is in the room safe, can someone open it")


def test_a_topic_said_first_is_what_is_asked_about() -> None:
    """Round 34: "the chemist shop by the front door, what time does it close" names the pharmacy, then asks about
    it; before, the named thing was taken for the visitor's scene and the clinic's own hours won. A story told first
    ("my dad's poorly, what time does it close") still only sets the scene."""
    index = LexicalIndex([["The pharmacy is next to the main entrance and closes at 7:00 p.m."],
                          ["The clinic closes at 6:00 p.m."]])
    assert "pharmacy" in index.subject_terms("the chemist shop by the front door, what time does it close")
    assert "pharmacy" not in index.subject_terms("i've been to the chemist, what time does the clinic close")


def test_round_42_words_for_site_things_and_for_the_visitors_people() -> None:
    """Round 42, from heldout40 and heldout41 (blind runs over): "an a t m", a "bath chair", "calor gas", a "motor
    car" name site things; a brother, a flatmate or a neighbour, being "desperate", and "bach", "fr", "no cap" say
    who or how, not what about."""
    assert terms("is there an a t m in here") == terms("is there an atm in here")
    assert terms("is there a bath chair i can borrow") == terms("is there a wheelchair i can borrow")
    assert "propan" in terms("do you swap the calor gas bottles")
    index = LexicalIndex([["Wheelchairs can be borrowed at the main entrance."], ["Customer toilets are next to the "
                          "service desk."], ["Tool hire: a cordless drill costs $15 per day."]])
    assert index.subject_terms("where's the loo to now bach i'm desperate") == ["toilet"]
    assert index.unknown_share("my roommate wants to rent a cordless drill how much is it per day no cap fr") == 0
    assert index.unknown_share("can my brother borrow a wheelchair for my sister") == 0


def test_a_story_the_site_knows_no_word_of_is_told() -> None:
    """Round 42: matcher.rank_without_story leaves out a scene that is only the visitor's story, when the site knows
    none of its words; a scene with a site word in it may hold what is asked ("fifty mil nails, which aisle")."""
    index = LexicalIndex([["Customer toilets are next to the service desk."], ["Nails and screws are in aisle 2."]])
    assert index.scene_is_foreign("i'm seventy eight and i've had three cups of tea this morning where's the lavvy")
    assert not index.scene_is_foreign("i'm out of nails, where's aisle two")  # "nails" is the site's
    assert not index.scene_is_foreign("where's the lavvy")


def test_round_44_groups_and_signing_in() -> None:
    """Round 44, from heldout43 (blind run over): a visitor asking for a group ("the lads from the building site",
    "the residents", "our delegates") names who, not what about; "may" and "none" are how they ask; signing in at
    the kiosk is checking in."""
    index = LexicalIndex([["Patients should check in at the kiosk 10 minutes before their appointment time."],
                          ["Walk-in appointments are available on weekdays from 8:00 a.m. to 10:00 a.m."]])
    assert index.unknown_share("how early should the residents sign in at the kiosk before their appointments") == 0
    assert index.unknown_share("none of the crew from the building site booked may we have walk in appointments") == 0
    assert terms("when do i sign in") == terms("when do i check in")


def test_round_45_owners_contractions_and_spoken_costs() -> None:
    """Round 45, from heldout44 (blind run over): a child who owns something is whom it is for ("the baby's
    medicine" asks about medicine, not the baby changing room); a realtor or landlord is a person, like a
    neighbour; "shift" (the car, or a work shift) is how, not what; "what'll that run me" asks a cost; "fixin to"
    is the South's "about to"; the screen a visitor signs in at is the kiosk; keeping the room "a while past" is a
    late check-out."""
    index = LexicalIndex([["The toilets and the baby changing room are on the ground floor."],
                          ["The pharmacy is on the ground floor next to the main entrance."]])
    assert "baby" not in terms("could i pick up the baby's medicine from the pharmacy")
    assert "baby" in terms("where can i change the baby")
    assert index.unknown_share("the realtor and the landlord said i should shift it to the pharmacy") == 0
    assert terms("what'll that run me") == terms("what will that cost me")
    assert terms("what's that fixin to run me") == terms("what's that cost me")
    assert terms("should i sign in at the screen") == terms("should i check in at the kiosk")
    assert terms("could we keep the room a while past") == terms("could we have a late checkout")


@pytest.mark.parametrize("text, folded", [
    ("can i leave my truck out back the whole afternoon", "can i park behind the whole afternoon"),
    ("where's the cash machine", "where's the atm"),
    ("where's the pharmacy", None),  # nothing to fold: no second embedding
])
def test_spoken_phrases_are_folded_for_the_embedding(text: str, folded: str | None) -> None:
    """Round 45: the embedding sees "park" where the visitor said "leave my truck" (matcher._rank takes the
    better of the two), as the word score always did."""
    assert phrase_folded(text) == folded


def test_a_capitalised_word_opening_a_sentence_is_no_name() -> None:
    """Round 45: "Patients should check in at the kiosk..." names nobody, so "who built this machine" is no
    question it answers; a name that opens a sentence with its surname ("Marco Ruiz is...") is still a name."""
    assert "name" not in kinds_in("Patients should check in at the kiosk 10 minutes before their appointment time.")
    assert "name" not in kinds_in("Tool hire is at the service desk. Wheelchairs can be borrowed at the entrance.")
    assert "name" in kinds_in("Marco Ruiz is the head concierge.")
    assert "name" in kinds_in("Tool hire is at the service desk. The manager is Dana Whitfield.")


def test_round_46_regional_words_for_being_on_time_staying_on_and_calling_at_night() -> None:
    """Round 46, from heldout45 (blind run over): "bang on time" is on time; to "stop in the room after check out"
    is a late check-out; to ring a clinic at night is to call it outside its opening hours."""
    assert terms("i was bang on time") == terms("i was on time")
    assert terms("can we stop in the room after check out") == terms("can we have a late checkout checkout")
    assert terms("who do i ring at night") == terms("who do i call outside open")
    # Round 47 (heldout46): how late the room may be kept is a late check-out, not the check-out time.
    assert terms("how late can i keep the room") == terms("late checkout")


def test_round_48_swapped_goods_a_room_held_on_to_and_after_closing() -> None:
    """Round 48, from heldout47 (blind run over): goods swapped are returned ("swap it" is left alone: as often as
    not it is a propane cylinder); a room held on to is a late check-out; "after you've shut" is outside opening
    hours; degree adverbs and "wrong" say how, not what."""
    assert terms("can i still swap them") == terms("can i still return them")
    assert terms("can i swap it") != terms("can i return it")
    assert terms("the charge for holding on to our room") == terms("the charge for late checkout")
    assert terms("who can i ring after you've shut") == terms("who can i ring outside open")
    assert terms("what number do i ring once you're closed") == terms("what number do i ring outside open")
    assert terms("who do i ring after you close") == terms("who do i ring outside open")
    assert "outsid" not in terms("once you're close to the lifts where is the gym")
    assert all(is_generic(t) for t in terms("completely totally absolutely entirely wrong"))


def test_a_phrase_holding_a_word_an_earlier_fold_made_still_matches() -> None:
    """Review of round 46: each fold leaves one space between words, so a later phrase written with the folded word
    ("after checkout") matches text where the word came from a phrase ("after check out")."""
    folded = _fold(" can we stay after check out ", (("check out", "checkout"), ("after checkout", "late checkout")))
    assert folded == " can we stay late checkout "
    # Text a phrase only looks like is left as it was, spacing and all: nothing was folded, no second embedding.
    assert phrase_folded("is there a parking  space") is None  # "a park" (the parkland) is only in "a parking"


def test_round_49_returning_visitors_irish_words_and_being_let_into_the_room() -> None:
    """Round 49, from the blind heldout49 (returning visitors comparing with their last visit) and heldout48's
    misses: "used to" and "a fortnight back" say what was, not what is asked; the Irish "jacks" is the toilet; being
    let into the room is check-in; "what should I have on me" asks what to bring; children "in tow" are the scene;
    goods brought back are returned; a landline is the phone, a sat nav wants the street address."""
    assert terms("the chemist used to close at six") == terms("the chemist close at six")
    assert terms("i got a tap a fortnight back") == terms("i got a tap")
    assert terms("i got it a few weeks ago") == terms("i got it")
    assert terms("where's the jacks") == terms("where's the toilet")
    assert terms("when are we let into the bedroom") == terms("when can we check in")
    assert terms("what should i have on me") == terms("what should i bring")
    assert terms("how early do i check in with three kids in tow") == terms("how early do i check in with three")
    assert terms("how far ahead should i check in") == terms("how early should i check in")
    assert terms("the time limit on bringing stuff back") == terms("the time limit on return")
    assert terms("have ye a landline") == terms("have ye a phone")
    assert terms("which street do i put in the sat nav") == terms("which street do i put in the sat street")
    assert terms("if ye mix up a tin for me") == terms("if ye paint colour mix for me")
    # The tap itself stays a subject: a tap bought a while back is still plumbing.
    assert "tap" in terms("got a tap off ye a fortnight back")


def test_round_50_a_question_relayed_for_someone_on_the_phone() -> None:
    """Round 50, from the blind heldout50 (a question relayed for someone on the phone, in Indian and Singaporean
    English): that someone is on the phone or on speaker is the scene, not a phone number asked for; a boss who sends
    the question is a colleague, not the site's manager; a shade is matched like a colour and a tin "tinted" is
    mixed; a room kept "if he pays extra" is a late check-out; "here itself" is here; "because" and "exact" say how,
    not what."""
    assert terms("my husband's on the phone he thinks you close at five") == terms("my husband he thinks you close "
                                                                                    "at five")
    assert terms("she's saying on the phone it's seven days") == terms("she's saying it's seven days")
    assert terms("my wife's on speaker she says") == terms("my wife she says")
    assert terms("my boss says find out when") == terms("my colleague says find out when")
    assert terms("can you match that shade here itself") == terms("can you colour mix here")
    assert terms("if she gets it tinted") == terms("if she gets it mixed")
    assert terms("till when can he keep the room if he pays extra") == terms("till when can he late checkout if he "
                                                                              "pays extra")
    assert "becaus" not in terms("because the cab outside has its meter going")
    assert is_generic("exact")
    # A phone number asked for, and the manager asked about, are still what they are.
    assert terms("what's the phone number") == terms("what's the phone")
    assert terms("who is the boss here") == terms("who is the manager here")


def test_round_51_two_things_in_one_breath_and_visitors_hard_of_hearing() -> None:
    """Round 51, from the blind heldout51 (two linked things asked in one breath, by visitors hard of hearing, in Welsh
    English and Geordie): being hard of hearing is the scene; a car or van "stopping" or left "round the back" is
    parked, "the motor" is the car, and "before the warden's after me" asks how long parking is free; the nightly
    "damage" is the cost; cases are luggage and a "bond" a deposit; the room had "straight away" is check-in, the room
    "cleared out" check-out, staying on in it after check-out a late check-out; "once yous are closed" is outside
    opening hours; battery drills are cordless, a rug shampooer is a carpet cleaner, a tenon saw a hand tool and
    potting mix compost. Three things no site offers are named, so a question about them is not answered with what the
    site does say: fitting what was bought, a meal brought up to the room, a change of doctor."""
    assert terms("say again i'm hard of hearing where's the lift") == terms("where's the lift")
    assert terms("i'm mutt and jeff what time is check out") == terms("what time is check out")
    assert terms("can the motor stop out front") == terms("can i park out front")
    assert terms("can i leave the transit round the back") == terms("can i park behind")
    assert "park" in terms("how long before the warden's after me")
    assert terms("what's the nightly damage") == terms("what's the nightly cost")
    assert terms("can you mind wor cases") == terms("can you mind luggage")
    assert terms("is there a bond") == terms("is there a deposit")
    assert terms("any chance of the room straight away") == terms("any chance of check in")
    assert terms("when must we clear out of the room") == terms("when must we check out")
    assert terms("could we linger on in our room after check out") == terms("could we late checkout check out")
    assert terms("who do i ring once yous are closed") == terms("who do i ring outside opening")
    assert terms("do you hire battery drills") == terms("do you hire cordless drills")
    assert terms("a rug shampooer") == terms("a carpet cleaner")
    assert terms("tenon saws") == terms("hand tools")
    assert terms("a bag of potting mix") == terms("compost")
    assert terms("how early ought i to come") == terms("how early to come")
    assert "install" in terms("can someone come and fit them")
    assert "servic" in terms("can breakfast come up to us")
    assert "transfer" in terms("can i swap from doctor chen")
    # Deafness said for what it asks stays a subject; a tap fitting is still plumbing.
    assert "deaf" in terms("i'm deaf do you have a flashing doorbell")
    assert "fit" in terms("do you sell tap fittings")


def test_round_52_tradespeople_on_a_short_break() -> None:
    """Round 52, from the blind heldout52 (tradespeople and shift workers on a short break, in shorthand, in East
    Midlands, Baltimore and Miami English): "me duck" is a greeting and "the bog" the toilet; "sparking up" is
    smoking and a "quid fine" a fee; a phone tapped at the till is contactless; needing cash is the cash machine; a bar
    "still serving" is still open; a tin "tinted" is a colour mix; a client or a customer is whom a thing is for,
    and "carer here" sets the scene. Hire goods back "a day over" are overdue, which no site prices."""
    assert terms("where's the bog me duck") == terms("where's the toilet")
    assert terms("he keeps sparking up in his room") == terms("he keeps smoking in his room")
    assert terms("a fifty quid fine") == terms("a fifty quid fee")
    assert terms("can i just tap it at the till") == terms("can i just contactless")
    assert terms("need cash any cash point") == terms("atm any atm")
    assert terms("is the bar still serving") == terms("is the bar still open")
    assert terms("need a tin tinted") == terms("need paint colour mix")
    assert is_generic("client") and terms("carer here where is the key cutting") == terms("where is the key cutting")
    # A carer asked about stays a subject: "is the flu jab free for carers" asks about carers.
    assert "carer" in terms("is the flu jab free for carers")
    assert "overdu" in terms("if the drill comes back a day over")
    # A fine said alone, and a cash payment, are still what they are.
    assert terms("is there a fine") == terms("is there a fee")
    assert "cash" in terms("do you take cash")
    # "Quid" alone stays itself: folded onto cost, "free or a few quid" lost the shuttle to the LLM (heldout31).
    assert "quid" in terms("is the shuttle free or do i need a few quid")


def test_round_53_visitors_who_stammer_or_misremember_a_name() -> None:
    """Round 53, from the blind heldout53 (visitors who stammer, and visitors who ask under a misremembered name, in
    Appalachian English, Aberdeen Doric and Cumbrian): what a sign or an email "said" is the visitor's premise, not a
    thing asked about; a tin tinted is a colour mix; "y'uns" is "you" and "up the holler" only where they live; a load
    hauled out is delivered; the dispensary is the pharmacy and radiography the x-ray; a key "copying kiosk" is key
    cutting and a "fitness suite" the gym."""
    assert terms("the drop in clinic the sign said till eleven") == terms("the drop in clinic till eleven")
    assert terms("the booking email said noon") == terms("noon")
    # A tin tinted is done at the paint mixing desk; said "to a colour", it asked how long and got the time.
    assert terms("can you tint a tin for me") == terms("can you paint mixing desk for me")
    assert terms("could y'uns haul it out to my place up the holler") == terms("could you deliver it out to my place")
    assert terms("does the dispensary stay open") == terms("does the pharmacy stay open")
    assert terms("the radiography suite") == terms("the x-ray suite")
    assert terms("is the key copying kiosk by the door") == terms("is the key cutting by the door")
    assert terms("the fitness suite") == terms("the gym")
    # A sign asked about is still asked about.
    assert "sign" in terms("where do i sign the form")


def test_round_54_other_units_and_the_twenty_four_hour_clock() -> None:
    """Round 54, from the blind heldout54 (visitors who pay, measure and tell the time in other units)."""
    # A price in another currency asks the site's price; a distance in kilometres its miles.
    assert terms("is it ten euros a head") == terms("is it ten dollars a head")
    assert terms("about thirty pounds sterling a day") == terms("about thirty dollars a day")
    assert terms("fifteen kilometres out") == terms("fifteen miles out")
    # A time on the twenty-four hour clock is a clock time the visitor says, as "at 5 pm" is.
    assert {"seventeen", "hundr"} <= when_terms("do you shut at seventeen hundred on a sunday")
    assert {"eight", "hundr"} <= when_terms("do you open at oh eight hundred")
    assert {"nineteen", "thirty"} <= when_terms("is it open at nineteen thirty hours")
    assert not when_terms("i'm seventeen years old")
    # The Sabbath is Sunday; telling the screen one is here is checking in.
    assert terms("are you open on the sabbath") == terms("are you open on the sunday")
    assert terms("how early do i tell the screen i'm here") == terms("how early do i checkin")
    # Paying in another currency asks which money is taken, no price; "the little ones" are children (a subject).
    assert "currency" in terms("can i pay the airport shuttle in euros")
    assert "children" in terms("who'll mind the little ones while we go out for dinner")
    # The embedding sees the site's plain word for a slang one.
    assert phrase_folded("what's the gaffer's name") == "what's the manager's name"
    assert phrase_folded("where are the loos") == "where are the toilets"


def test_round_55_errands_and_reminders() -> None:
    """Round 55, from the blind heldout55 (Scouse, Ghanaian and Minnesota English)."""
    assert terms("what time we had to be out the room by") == terms("what time checkout")
    assert terms("must i check in ten minutes before by force") == terms("must i check in ten minutes before")



def test_round_59_missed_appointments_cash_the_address_and_a_quarter_to() -> None:
    """Round 59, from heldout57's and heldout58's misses."""
    # Not making an appointment is missing it; "getting cash" is the cash machine.
    assert "miss" in terms("what if i can't make it and forget to ring")
    assert "miss" in terms("i couldn't make my appointment yesterday")
    assert "atm" in terms("is there a machine in the hotel for getting cash")
    # The street and number is the address (the site's "street"), not the phone number.
    assert terms("what's the street and number of this shop") == terms("what's the street of this shop")
    # A room kept till one is a late check-out; going straight up to the room is checking in.
    assert terms("kept the room till one") == terms("late checkout one")
    assert "checkin" in terms("can we go straight up to the room")
    # Turning up before one's own appointment is arriving for it, not a walk-in; turning up alone still is.
    assert "walkin" not in terms("my appointment's at nine, how long before that should i turn up")
    assert "walkin" in terms("can i just turn up")
    assert "walkin" not in terms("my appointment's at nine, how long before that do i turn up")
    assert "walkin" in terms("do i just turn up")
    # "A quarter to" with its hour unsaid is a clock time; "a quarter of the price" is not.
    assert "quarter" in when_terms("should i be at the kiosk by a quarter to")
    assert {"quarter", "ten"} <= when_terms("if we come down at quarter to ten")
    assert not when_terms("is it a quarter of the price")


def test_round_60_smart_speaker_commands_haggling_room_service_and_overstaying() -> None:
    """Round 60, from the blind heldout59 (visitors who talk to the kiosk as to a smart speaker, and who haggle)."""
    # "Take me to" a place asks where it is.
    assert terms("kiosk take me to the lift") == terms("kiosk where is the lift")
    assert terms("navigate me to the plumbing bits") == terms("where is the plumbing bits")
    # A discount is asked for, which no site gives; "any chance" only softens a request.
    assert "discount" in terms("could you knock a bit off the drill")
    assert terms("any chance of a receipt") == terms("of a receipt")
    # Food sent up to the room is room service, not the restaurant's hours.
    assert terms("can we get breakfast sent up to the room") == terms("can we get breakfast room service")
    # Going over the car park's free hours is overstaying (overdue); being fined is being charged.
    assert (terms("what happens if i go over the two hours in the car park")
            == terms("what happens if overdue in the car park"))
    assert terms("will i get fined") == terms("will i get charged")
    # When one should turn up for one's slot is when to check in; whether one can just turn up is a walk-in.
    assert "checkin" in terms("my appointment's at half two when should i actually turn up")
    assert "checkin" in terms("how long beforehand should i turn up for my slot")
    assert "checkin" in terms("what time do i turn up for my appointment")
    assert "walkin" in terms("can i just turn up")


def test_round_61_the_quickest_way_cash_returns_a_kind_of_doctor_and_the_gas_exchange() -> None:
    """Round 61, from the blind heldout60 (a greeting or pleasantry first, and limits and extremes)."""
    # The quickest way to a place asks where it is.
    assert terms("what's the fastest way to the plumbing bits") == terms("what's where is the plumbing bits")
    # Withdrawing cash is the cash machine, as withdrawing money was.
    assert "atm" in terms("where can i withdraw some cash")
    assert "atm" in terms("can i take out cash here")
    assert "atm" in terms("where can i get money out")
    # Taking a thing back is a return.
    assert "return" in terms("will you take back a saw i haven't used")
    # A woman or a man doctor is a kind of doctor, asked for by that word.
    assert terms("is there a lady gp i could see") == terms("is there a female doctor i could see")
    assert terms("can i have a man doctor") == terms("can i have a male doctor") != terms("can i have a doctor")
    # How late one can be is lateness, not missing the appointment.
    assert "lateness" in terms("how late can we be for the appointment")
    assert "miss" not in terms("how late can we be for the appointment")
    # A full bottle is the bottle; swapping the empties is the exchange.
    assert terms("a full gas bottle") == terms("a gas bottle")
    assert terms("can i swap my empty one here") == terms("can i exchange here")
    # An iron sent up is the iron (the hotel says how to get one), not room service; food sent up still is.
    assert terms("can i get an ironing board sent up to my room") == terms("can i get an ironing board")
    assert terms("can i get dinner sent up to my room") == terms("can i get dinner room service")
    # The night before a test is the evening before it.
    assert terms("can i eat the night before my blood test") == terms("can i eat the evening before my blood test")
    # An energy saver is a light bulb.
    assert terms("energy saving bulbs") == terms("light bulbs")
    # A guessed name is the visitor's premise; "this place" is the site; Scouse "la" and a "fella" are who asks.
    assert terms("who's the boss is it a fella called dave") == terms("who's the boss")
    assert terms("who's on the desk, was it a lady named sue") == terms("who's on the desk")
    assert terms("who is the boss of this place") == terms("who is the boss")
    assert all(is_generic(term) for term in terms("la fella lady"))


def test_round_62_pointing_permission_and_maine_californian_and_maltese_words() -> None:
    """Round 62, from the blind heldout61 (visitors who point at a thing as if the kiosk could see it, and who ask
    whether they are allowed, in Maine, Californian and Maltese English)."""
    # Oaths and fillers of the three dialects say nothing of what is asked.
    assert terms("jeezum crow where's the paint") == terms("where's the paint")
    assert terms("ayuh dude mela ajma where's the paint") == terms("where's the paint")
    # A colour says which one of a thing is meant; a colour in a name is no colour.
    assert all(is_generic(term) for term in terms("red yellow blue green white black"))
    assert terms("can i get a yellow fever jab") == terms("can i get a yellowfever jab")
    # Taking one home for the day is hiring it; keeping the room longer, or hanging on to this room, a late check-out.
    assert terms("can i take one home for the weekend") == terms("can i hire for the weekend")
    assert terms("could we keep our room a couple hours longer") == terms("could we late checkout")
    assert terms("can we hang on to this room") == terms("can we late checkout")
    assert terms("can we hang on to this room a couple hours longer") == terms("can we late checkout")
    assert terms("can we hang on to the room an hour longer") == terms("can we late checkout")
    assert "checkout" not in terms("can my dog stay in the room")
    assert not is_generic(stem("longer"))
    # Tapping in on the kiosk is checking in; a golden retriever is a dog; Whisper's "ex ray" is an x-ray.
    assert "checkin" in terms("do i tap in on the screen when i get here")
    assert terms("can i bring my golden retriever") == terms("can i bring my dog")
    assert terms("where's the ex ray") == terms("where's the x-ray")


def test_round_64_bets_deliveries_round_the_back_and_weekly_rates() -> None:
    """Round 64, from heldout62's misses (settling a bet, and asking after the fact, in Teesside, Manx and Fijian
    English)."""
    # The bet or the row is the scene; "who wins", "which of us is right" and "is he right" only close it.
    assert terms("we've got a bet on how much is a key who wins") == terms("how much is a key")
    assert terms("me and our lass are having a right barney about the key which of us is right") == terms(
        "me and our lass about the key")
    assert terms("our kid reckons a key is a tenner is he right") == terms("a key is a tenner")
    assert terms("bula vinaka where's the paint") == terms("where's the paint")
    # A fiver or a tenner is a price, as dollars are.
    assert terms("is a key a fiver") == terms("is a key dollars")
    # Who is right asks for no name; who to ask still does not ask for the site's fact kind of "name" only.
    assert wanted_kinds("my husband says eight and i say seven who's right") is None
    assert wanted_kinds("which of us is right about the key") is None
    assert wanted_kinds("who is the manager") == frozenset({"name"})
    # A thing brought round is delivered; round the back is behind; a stay that stops being free is a free stay.
    assert "delivery" in terms("do i have to pay to get it brought round")
    assert terms("can you bring it round") == terms("can you deliver")
    assert terms("i left the van round the back") == terms("i left the van behind")
    assert terms("how long before it stops being free") == terms("how long before it free")
    # Paying by the week asks for a weekly rate, which no nightly price states; a week on its own is a span.
    assert stem("weekrate") in terms("can i pay for the garage by the week")
    assert stem("weekrate") in terms("is there a weekly rate on the drill")
    assert stem("weekrate") not in terms("my test results took a week")
    # Half an hour before an appointment is when, as the visitor has it, and "who's" after a time is no plural.
    assert "half" in when_terms("should i be here half an hour before my appointment")
    assert {"half", stem("nine")} <= when_terms("she says half nine who's right")


def test_round_65_how_to_answer_jokes_and_bahamian_yooper_and_zimbabwean_words() -> None:
    """Round 65, from the blind heldout63 (visitors who tell the kiosk how to answer, and who joke or exaggerate, in
    Bahamian, Yooper and Zimbabwean English)."""
    # How the answer should come says nothing of what is asked.
    assert terms("one word answer which aisle has the paint") == terms("which aisle has the paint")
    assert terms("yes or no can i pay by card short answer") == terms("can i pay by card")
    assert terms("what's the phone number say it slowly i'm writing it on my hand") == terms(
        "what's the phone number")
    assert terms("spell the name of the wifi network for me") == terms("the name of the wifi network for me")
    assert terms("what do i bring give it me as a list") == terms("what do i bring")
    assert terms("the papers as a list please") == terms("the papers please")
    assert terms("say them slow the doctors' names") == terms("the doctors' names")
    assert terms("spell it out the concierge's name") == terms("the concierge's name")
    assert terms("i don't need the whole story just the time") == terms("i don't need just the time")
    # Oaths, greetings and people of the three dialects.
    assert terms("holy wah bey mangwanani where's the pharmacy eh") == terms("where's the pharmacy")
    assert all(is_generic(term) for term in terms("sekuru ambuya"))
    # Exaggeration is how the visitor asks.
    assert terms("how early do i check in do i need to camp out overnight") == terms("how early do i check in do i "
                                                                                   "need to")
    assert terms("how long before you charge an arm and a leg") == terms("how long before you charge")
    # Fitting what was bought is installing it (no site offers it); goods dropped at the visitor's place are delivered.
    assert "install" in terms("do you fit the taps for me or just sell them")
    assert "delivery" in terms("what to drop off a few bags of cement at my place")
    # A car park out back is behind; a jitney is a bus and a potcake a dog.
    assert terms("can the truck sit in your lot out back") == terms("can the truck sit in your lot behind")
    assert terms("the jitney to the airport") == terms("the shuttle to the airport")
    assert terms("can i bring my potcake") == terms("can i bring my dog")
    # Close by is near, not closing.
    assert terms("is there a subway close by") == terms("is there a subway nearby")


def test_round_66_weather_as_the_reason_polite_address_and_side_effects() -> None:
    """Round 66, from the blind heldout64 (unfinished and echoed questions, framed by the weather, in Rhode Island,
    Pakistani and Liberian English)."""
    # The weather the visitor tells as their reason is no subject; asked about, it still is a word of the question.
    assert terms("can you hold our bags till the rain quits") == terms("can you hold our bags")
    assert terms("how much is delivery in all this snow") == terms("how much is delivery")
    assert "rain" in terms("is it going to rain")
    # Greetings, address and fillers of the three dialects; a medicine store is the pharmacy.
    assert terms("salaam bhai yaar acha my man i beg you where's the toilet") == terms("where's the toilet")
    # ("Jee", yes sir, stays a word: as a stop word it let "the nearest mosque from here is where jee" be answered with
    # the subway station, whose "nearest" was all it shared.)
    assert "jee" in terms("the nearest mosque from here is where jee")
    assert terms("where is the medicine store") == terms("where is the pharmacy")
    assert terms("drop em off") == terms("drop off")
    # Brushes and rollers are paint things; a porch is where the visitor uses them.
    assert is_generic(stem("porch"))
    # Whether a thing makes you feel ill after it asks about side effects, which no site states.
    assert "sideeffect" in terms("does the flu jab make you feel sick after")
    assert "sideeffect" in terms("are there any side effects")


def test_round_67_hedges_address_words_and_the_time_a_visitor_has() -> None:
    """Round 67, from the blind heldout65 (visitors who say what time it is or how long they have, and who hedge, in
    Bristolian, Nepali and Gibraltarian English)."""
    # Address and filler words of the three dialects, and the hedges of a rough figure, say nothing about what is asked.
    assert terms("namaste dai hajur where is the toilet") == terms("where is the toilet")
    assert terms("bueno chacho mira vale where is the toilet") == terms("where is the toilet")
    assert terms("ballpark roughly what's a key cut or thereabouts give or take") == terms("what's a key cut")
    assert terms("keep the room until one o'clock ish") == terms("keep the room until one o'clock")
    # "Your good name" is the polite Indian and Nepali English way to ask a name; ply is sheet timber.
    assert terms("the manager what is the good name") == terms("the manager what is the name")
    assert terms("a sheet of ply cut") == terms("a sheet of timber cut")
    # The time the visitor has is when they ask, not what: the site's own figure answers.
    assert when_terms("i've got maybe twenty minutes where do they mix the paint") == {"twenty"}
    assert when_terms("my mate wants his van back in ten minutes") == {"ten"}
    assert when_terms("does mixing take ten minutes") == frozenset()


def test_drill_bits_are_a_thing_of_their_own() -> None:
    """Round 67: "bits" is a generic word ("a bit", "cut into bits"), so "does the drill hire include the drill bits"
    was the drill hire's price once "hajur" stopped being an unknown word (heldout65's non-FAQ list)."""
    assert "drillbit" in terms("does the drill hire include the drill bits or no")
    assert "drillbit" not in terms("hire a cordless drill for a bit")


def test_round_68_samoan_address_and_outer_banks_and_alaskan_people() -> None:
    """Round 68, from the blind heldout66 (Samoan, Alaskan and Outer Banks English)."""
    assert terms("talofa uso faamolemole where's the pharmacy") == terms("where's the pharmacy")
    assert terms("fa'afetai where's the pharmacy") == terms("where's the pharmacy")
    for word in ("mommucked", "dingbatter", "cheechako", "sourdough"):
        assert is_generic(stem(word)), word


def test_round_70_tongan_orcadian_and_guyanese_address_and_the_visitors_own_state() -> None:
    """Round 70, from the blind heldout68 (Orcadian, Tongan and Guyanese English): address words, the visitor's purse
    and mood, "minutes ahead", paying "by tapping", the repeat "of me tablets"."""
    assert terms("malo e lelei tulou buddo where's the pharmacy") == terms("where's the pharmacy")
    assert terms("bai where's the pharmacy i'm skint till payday") == terms("where's the pharmacy")
    assert terms("how many minutes ahead do i check in") == terms("how many minutes before do i check in")
    assert "contactless" in terms("can i pay by tapping it")
    assert "prescript" in {t[:9] for t in terms("when will the repeat of me tablets be ready")}
    # The visitor running low is why they ask; the tablets running low are what is asked about.
    assert "low" not in terms("when is it ready me running low")
    assert "low" in terms("my tablets are running low")


def test_serving_is_when_a_bar_is_open() -> None:
    """Round 70: "how late does the bar serve" was not covered by "the bar is open until midnight" (heldout68)."""
    assert frame_covered(stem("serve"), frozenset({"time"}))
    assert not frame_covered(stem("serve"), frozenset({"price"}))


def test_round_71_zambian_tok_pisin_and_dundonian_address() -> None:
    """Round 71, from the blind heldout69 ("iwe my sister wants to know ..." got the fallback: "iwe" unknown)."""
    assert terms("iwe mwebantu where's the pharmacy natotela") == terms("where's the pharmacy")
    assert terms("apinun where's the pharmacy tenkyu tru ken") == terms("where's the pharmacy")
