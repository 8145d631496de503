"""Word error rate with light normalisation, so the bench measures recognition, not spelling style.

Case, punctuation and the few spellings Whisper and the Asterisk transcripts disagree on ("OK"/"okay",
"voicemail"/"voice mail") are folded before words are compared.
"""

from __future__ import annotations

import re

_SPELLINGS = {"ok": "okay", "o.k.": "okay", "voicemail": "voice mail", "e-mail": "email", "login": "log in"}


def normalize(text: str) -> list[str]:
    """Lower-case words with punctuation removed and known spelling variants folded."""
    text = text.lower().replace("\u2019", "'")
    for a, b in _SPELLINGS.items():
        text = re.sub(rf"\b{re.escape(a)}(?=\W|$)", b, text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text.replace("-", " "))
    return text.split()


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(word edit distance, reference word count): summed over a run they give the run's WER."""
    ref, hyp = normalize(reference), normalize(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, rw in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, hw in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (rw != hw))
    return row[len(hyp)], len(ref)
