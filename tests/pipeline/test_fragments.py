"""The fragment splitter: the first fragment comes early, later ones at sentence ends, abbreviations survive."""

from edge.fragments import FragmentOptions, FragmentSplitter, clean_for_speech


def feed_tokens(splitter: FragmentSplitter, text: str) -> list[str]:
    """Feed `text` in small token-like pieces, as the LLM streams it."""
    out: list[str] = []
    pieces = [text[i:i + 3] for i in range(0, len(text), 3)]
    for piece in pieces:
        out.extend(splitter.feed(piece))
    out.extend(splitter.flush())
    return out


def test_first_fragment_cut_at_first_clause_then_sentences():
    text = "Sure, the store opens at 9 a.m. on weekdays. On Sundays it opens at noon, and closes at five."
    fragments = feed_tokens(FragmentSplitter(), text)
    assert fragments[0] == "Sure,"
    assert fragments[1] == "the store opens at 9 a.m. on weekdays."
    assert fragments[2] == "On Sundays it opens at noon, and closes at five."
    assert " ".join(fragments) == text


def test_first_fragment_cut_after_max_words_without_punctuation():
    fragments = feed_tokens(FragmentSplitter(FragmentOptions(first_max_words=4)),
                            "The nearest bus stop is just outside the main entrance.")
    assert fragments[0] == "The nearest bus stop"
    assert fragments[1] == "is just outside the main entrance."


def test_fragment_not_emitted_before_the_boundary_is_certain():
    splitter = FragmentSplitter()
    assert splitter.feed("Yes.") == []  # "Yes." might still become "Yes.5": wait for the space
    assert splitter.feed(" We") == ["Yes."]


def test_decimal_and_initials_are_not_sentence_ends():
    fragments = feed_tokens(FragmentSplitter(FragmentOptions(first_max_words=30)),
                            "Ask J. Smith about the 3.5 inch screws. They are in aisle four.")
    assert fragments == ["Ask J. Smith about the 3.5 inch screws.", "They are in aisle four."]


def test_long_unpunctuated_text_is_bounded():
    words = " ".join(f"w{i}" for i in range(70))
    fragments = feed_tokens(FragmentSplitter(FragmentOptions(first_max_words=5, max_words=30)), words)
    assert [len(f.split()) for f in fragments] == [5, 30, 30, 5]


def test_markup_is_removed_for_speech():
    assert clean_for_speech("**Open** from #9   to 5 _daily_") == "Open from 9 to 5 daily"
    assert feed_tokens(FragmentSplitter(), "* ") == []
