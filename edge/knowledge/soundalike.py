"""Site words a speech recogniser split into everyday words: "is there a *toy let* in here", "a *point meant*".

Whisper tiny.en writes a word it is unsure of as the words it sounds like ("break fast", "a point meant", "sock its"),
and the matcher then finds words the site never uses and takes the question for one it cannot answer. Two or three
words side by side, one of them a word the site never uses, are read as one site word when, joined, they sound alike
by `sound_key` (no other site word does), and are spelled within `MAX_EDITS` letters of it.

A single word is never replaced, however like a site word it sounds: the words Whisper writes are English words, and
a key that drops vowels makes "story" a "store", "police" "please" and "weather" "water" (round 68 tried it: over the
sets before heldout66 it made 15 new false confident answers and 2 new wrong ones, and lost 9 right ones).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

MIN_KEY = 3
"""Consonant sounds a key needs: "toilet" (t-l-t) is told apart from everyday words; "cash" (k-x) is not."""
MAX_EDITS = 2
"""Letters changed, added or dropped between the joined words and the site word ("toylet" -> "toilet" 1,
"apointmeant" -> "appointment" 2): a key drops vowels, so by its key alone "money out" (m-n-t) sounds like "minute"."""
MAX_JOIN = 3
"""Words a recogniser splits one site word into: "a point meant" (appointment)."""

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Spellings of one sound, folded before the vowels go (order matters: "tch" before "ch"; "x" is the letter first,
# "ks", and then stands for the sound of "sh").
_FOLDS = (("x", "ks"), ("tch", "x"), ("sch", "sk"), ("ch", "x"), ("sh", "x"), ("ph", "f"), ("gh", ""), ("ck", "k"),
          ("wh", "w"), ("kn", "n"), ("wr", "r"), ("qu", "kw"), ("q", "k"), ("dg", "j"), ("z", "s"))


def sound_key(word: str) -> str:
    """The consonant sounds of `word` in order, spelling variants folded: "toylet" and "toilet" -> "tlt", "farmacy"
    and "pharmacy" -> "frms", "apointmeant" and "appointment" -> "apntmnt" (a leading vowel is kept as "a")."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return ""
    for spelled, sound in _FOLDS:
        w = w.replace(spelled, sound)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k")
    w = re.sub(r"g(?=[eiy])", "j", w)
    head = "a" if w[0] in "aeiou" else w[0]
    body = re.sub(r"[aeiouyhw]", "", w[1:])
    key = head + body
    return re.sub(r"(.)\1+", r"\1", key)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance: letters changed, added or dropped to turn `a` into `b`."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]


def _consonants(key: str) -> int:
    return len(key) - key.startswith("a")


def site_sounds(texts: Iterable[str]) -> dict[str, str]:
    """Sound key -> the site word with that sound, for the words of the site's texts (a plural also as its singular:
    "toilets" is heard as "toilet"). A key two different site words share maps to nothing."""
    forms: dict[str, set[str]] = {}
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            for form in {word, re.sub(r"(?<=[^s])s$", "", word)}:
                key = sound_key(form)
                if len(form) >= 4 and _consonants(key) >= MIN_KEY:
                    forms.setdefault(key, set()).add(form)
    return {key: min(words, key=len) for key, words in forms.items() if len({w.rstrip("s") for w in words}) == 1}


def repair_soundalikes(text: str, sounds: dict[str, str], unknown: Callable[[str], bool]) -> str:
    """`text` with each run of two to `MAX_JOIN` words that holds a word the site never uses (`unknown`) and, joined,
    sounds and is spelled like one site word (`sounds`) put back as that word. The longest run wins."""
    if not sounds:
        return text
    low = text.lower().replace("’", "'")
    words = list(_WORD.finditer(low))
    out, last, k = [], 0, 0
    while k < len(words):
        for size in range(min(MAX_JOIN, len(words) - k), 1, -1):
            run = words[k:k + size]
            if low[run[0].start():run[-1].end()].count(" ") != size - 1 or "'" in "".join(m.group(0) for m in run):
                continue  # only words side by side, no contraction ("it's", "i'm")
            joined = "".join(m.group(0) for m in run)
            site_word = sounds.get(sound_key(joined))
            if (site_word is None or _edits(joined, site_word) > MAX_EDITS
                    or not any(unknown(m.group(0)) for m in run)):
                continue
            out.append(text[last:run[0].start()] + site_word)
            last = run[-1].end()
            k += size
            break
        else:
            k += 1
    return "".join(out) + text[last:]
