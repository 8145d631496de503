"""Cuts the LLM's token stream into fragments the TTS can speak, the first one as early as possible.

Piper speaks a whole fragment or nothing, and its time to first audio grows with the fragment's length, so the
first fragment is cut at the first clause boundary (or after a few words when there is none): the user hears the
start of the answer while the rest is still being generated. Later fragments are cut at sentence ends (or long
clauses), which keeps the prosody natural.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edge.configfile import opt

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st mt no vs etc e.g i.e a.m p.m approx dept jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_SENTENCE_END = ".!?"
_CLAUSE_END = ",;:"
_MARKUP = re.compile(r"[*_#`~<>\[\]{}|]+")


@dataclass(frozen=True)
class FragmentOptions:
    """How the reply text is cut for the TTS."""

    first_max_words: int = opt(2, "The first fragment is cut after this many words even without punctuation, so "
                                  "first audio never waits on a long opening clause: each word is ~20 ms of LLM "
                                  "(a word is only known to be whole when the next one starts). `edge bench`, 20 "
                                  "turns: first fragment P50 62 ms at 2 words, 82 at 3, 103 at 4. The cut is "
                                  "spoken without a pause ('I'm sorry' + 'for your loss.', see edge/reply.py).")
    first_min_words: int = opt(1, "The first fragment may end at a comma once it has this many words ('Sure,').")
    clause_min_words: int = opt(8, "Later fragments end at a comma only once they are this long; shorter clauses "
                                   "ride along to the sentence end for natural prosody.")
    max_words: int = opt(30, "A fragment with no punctuation at all is cut here, bounding TTS latency.")


def clean_for_speech(text: str) -> str:
    """Drop markup the LLM may emit (asterisks, hashes) and fold whitespace."""
    return " ".join(_MARKUP.sub(" ", text).split())


class FragmentSplitter:
    """Feed it text pieces as the LLM streams them; it returns the fragments that are complete."""

    def __init__(self, options: FragmentOptions | None = None) -> None:
        self.options = options or FragmentOptions()
        self._buffer = ""
        self._emitted = 0

    def feed(self, piece: str) -> list[str]:
        self._buffer += piece
        out: list[str] = []
        while True:
            cut = self._find_cut()
            if cut is None:
                break
            fragment = clean_for_speech(self._buffer[:cut])
            self._buffer = self._buffer[cut:].lstrip()
            if fragment:
                out.append(fragment)
                self._emitted += 1
        return out

    def flush(self) -> list[str]:
        """The rest of the reply, once the LLM has finished."""
        fragment = clean_for_speech(self._buffer)
        self._buffer = ""
        if fragment:
            self._emitted += 1
            return [fragment]
        return []

    def _find_cut(self) -> int | None:
        """Index just past the punctuation (or word) that ends the next fragment, if it is already known."""
        text = self._buffer
        first = self._emitted == 0
        words = 0
        in_word = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if in_word:
                    words += 1
                    in_word = False
                    limit = self.options.first_max_words if first else self.options.max_words
                    if words >= limit:
                        return i
                continue
            in_word = True
            # A boundary is only certain once the character after it is known to be whitespace.
            if i + 1 >= len(text) or not text[i + 1].isspace():
                continue
            if ch in _SENTENCE_END and not self._is_abbreviation(text, i):
                return i + 1
            if ch in _CLAUSE_END:
                need = self.options.first_min_words if first else self.options.clause_min_words
                if words + 1 >= need:
                    return i + 1
        return None

    @staticmethod
    def _is_abbreviation(text: str, dot: int) -> bool:
        if text[dot] != ".":
            return False
        start = dot
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        token = text[start:dot].lower().strip("(\"'")
        if not token:
            return False
        if token in _ABBREVIATIONS:
            return True
        # A lone initial ("J. Smith") or a number's decimal point is not a sentence end.
        return (len(token) == 1 and token.isalpha()) or token.replace(".", "").isdigit() and "." in token
