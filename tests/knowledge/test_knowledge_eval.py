"""Every question set through the real matcher (MiniLM on CTranslate2), the real LLM (SmolLM2) and the guard.

The sets were written and used in order (evaluation.SPLITS says which saw what); each held-out set was written by a
helper that saw only the site files and the earlier sets, and run once, blind, with the design of its day. The newest,
heldout70, was run blind with round 71 (on an Intel Xeon); the goal tests below run on it (their docstrings give the
blind figures).
heldout57 is no blind figure: its questions and their routes were seen in a listing of round 57's routes before its run
(no rule was made after that; 82.5 / 93.3 %, 21 of 21, 0 of 120). The issue's goals are at least 90 % right key facts,
no stated fact outside the site knowledge, at least 90 % honest answers out of scope, and at most 1 % false matches. No
unsupported fact is asserted on every set; all three goals are met on the newest set, blind, and asserted there (92.3 /
96.7 %; 21 of 21; 0 of 225). heldout69 met the key-fact and honest-answer goals blind (94.9 / 100 %; 20 of 21) but not
the false-match goal (5 of 225, 2.2 %); with round 71, designed from its misses, 100 / 100 %, 21 of 21, 1 of 225.
heldout68 met the honest-answer and false-match goals blind (21 of 21; 0 of 225); the key-fact goal was not (92.3 / 86.7
%: 26 of 30 facts; 97.4 / 96.7 % with round 70, designed from its misses).
heldout67 met the honest-answer and false-match goals blind (21 of 21; 0 of 225); the key-fact goal was not, by one
paraphrase (89.7 / 90.0 %: someone else's speech, a tannoy or a radio is spliced into its questions; 97.4 / 93.3 % with
round 69, designed from its misses). heldout66 met the honest-answer and false-match goals blind (21 of 21; 2 of 225);
the key-fact goal was not (82.1 / 80.0 %: its questions are written as a small recogniser mishears them; 89.7 / 80.0 %
with round 68, designed from its misses). heldout65 met the honest-answer and false-match goals blind (21 of 21; 2 of
225); the key-fact goal was not (94.9 / 86.7 %) and is met with round 67, designed from its misses (97.4 / 96.7 %).
heldout64 met the honest-answer and false-match goals blind (20 of 21; 1 of 120); the key-fact goal was not (79.5 / 100
%: 31 of 39 paraphrases, every one framed by the weather got the fallback) and is met with round 66, designed from its
misses (94.9 / 100 %). heldout63 met the honest-answer and false-match goals blind (21 of 21; 1 of 120) and was one
paraphrase short of the key-fact goal (89.7 / 96.7 %; 97.4 / 100 % with round 65, designed from its misses). heldout62
met the honest-answer and false-match goals blind (20 of 21; 0 of 120) and was one paraphrase short of the key-fact goal
(89.7 / 96.7 %; 92.3 / 96.7 % with round 63, 100 / 100 % with round 64). heldout61 reached 89.7 / 90.0 % blind, 21 of
21, 0 of 119 (94.9 / 96.7 % with round 62, designed from its misses). heldout60 reached 89.7 / 90.0 % blind too, with 4
of 123 false confident answers (1 with round 61, designed from its misses). heldout59 met the key-fact and honest-answer
goals blind (97.4 / 93.3 %, 21 of 21) but not the false-match goal (3 of 123; 0 with round 60, designed from its
misses). heldout58 met the honest-answer goal blind but neither of the others (92.3 / 86.7 %, 2 of 120); heldout56 met
all three blind (94.9 / 93.3 %, 21 of 21, 0 of 120). The false-match goal over every set together is met since round 57
(65 of 6844, 0.95 %; 64 with round 58; 67 of 6967 with round 59, heldout59 included; 63 with round 60; 67 of 7090 with
heldout60; 63 with round 61; 63 of 7209 with heldout61 and with round 62; 63 of 7329 with heldout62 and with round 64;
64 of 7449 with heldout63; 62 with round 65; 63 of 7569 with heldout64; 62 with round 66; 64 of 7794 with heldout65, on
an Intel Xeon, and with round 67; 66 of 8019 with heldout66 and with round 68; 66 of 8244 with heldout67 and with round
69; 66 of 8469 with heldout68 and with round 70; 71 of 8694 with heldout69; 67 with round 71, and 67 of 8919 with
heldout70). The floors sit a few points under what this build measured on each set (greedy decoding,
so a run is reproducible), so a change that makes answers worse fails here.
"""

from __future__ import annotations

import pytest

from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.responder import Direct, Matched, Offer, Responder
from edge.knowledge.site import load_site
from tests.knowledge.evaluation import (CATEGORIES, SPLITS, EvalItem, KnowledgeEval, Reply, SITES_DIR, is_confident,
                                        load_eval_set, load_non_faq, states_key_facts, summarise, unanswerable)

ITEMS = {split: load_eval_set(split) for split in SPLITS}
ALL_ITEMS = [item for items in ITEMS.values() for item in items]

# Measured (benchmarks/knowledge.py), floors a few points under: (paraphrase, fact) shares with the key fact AT ONCE,
# without asking back first (before round 15 the kiosk never asked back, so these are the figures of each round).
# Measured: calibration 80.0 / 92.6 %, heldout 81.0 / 82.1 %, heldout2 85.7 / 100 %, heldout3 95.2 / 81.0 %,
# heldout4 96.6 / 88.9 % (studied for round 2), heldout5 84.4 / 92.3 % (blind for round 2 at 71.9 / 73.1 %,
# studied for round 3), heldout6 61.8 / 73.1 % (blind for round 3 at 50.0 / 61.5 %, studied for round 4),
# heldout7 55.9 / 72.4 % (blind for round 4 at 41.2 / 27.6 %, studied for round 5), heldout8 83.8 / 88.0 % (blind
# for round 5). Round 5 measured: calibration 82.9 / 92.6 %, heldout 92.9 / 87.2 %, heldout6 70.6 / 76.9 %.
# Round 6 measured: calibration 85.7 / 92.6 %, heldout6 70.6 / 80.8 %, heldout7 58.8 / 82.8 %, heldout8 91.9 / 96.0 %
# (studied for round 6), heldout9 53.8 / 53.3 % (blind for round 6). Round 7 measured: heldout4 100 / 88.9 %,
# heldout6 73.5 / 80.8 %, heldout9 53.8 / 56.7 % (studied for round 7), heldout10 (blind) 25.6 / 50.0 %.
# Round 8 measured: heldout6 79.4 / 80.8 %, heldout7 70.6 / 82.8 %, heldout9 59.0 / 66.7 %, heldout10 30.8 / 56.7 %
# (studied for round 8), heldout11 (blind) 38.5 / 23.3 %; every other set as before. Round 9 measured: heldout11
# 35.9 / 23.3 % (studied for round 9), heldout12 (blind) 46.2 / 53.3 % (23.1 / 23.3 % with the code before round 8).
# Round 10 measured: heldout12 48.7 / 53.3 % (studied for round 10), heldout13 (blind) 33.3 / 13.3 % (7 of 69 right
# with the code before round 8, 17 since). Round 11 measured: heldout9 56.4 / 66.7 %; every other set as before.
# Round 12 measured: heldout9 59.0 / 66.7 %, heldout10 35.9 / 56.7 %, heldout11 41.0 / 23.3 %, heldout12 53.8 /
# 56.7 %, heldout13 35.9 / 13.3 % (studied for round 12), heldout14 (blind) 10.3 / 16.7 % (8 of 69 right with the
# code before round 12, 9 with it). Round 13 measured: heldout9 61.5 / 66.7 %, heldout10 35.9 / 60.0 %, heldout13
# 38.5 / 13.3 %, heldout14 15.4 / 20.0 % (studied for round 13), heldout15 (blind) 33.3 / 26.7 % (19 of 69 right with
# the code before round 12, 20 before round 13, 21 with it). Round 14 measured: heldout15 35.9 / 26.7 % (studied).
# Round 15 left these unchanged; heldout16 (blind) 35.9 / 53.3 % (30 of 69, as with the code before it). Round 16
# measured: heldout 92.9 / 89.7 %, heldout6 79.4 / 84.6 % ("who's in charge" is the manager); every other set as
# before; heldout17 (blind) 15.4 / 20.0 % (12 of 69, as with the code before round 16). Round 17 left these
# unchanged; heldout18 (blind) 25.6 / 16.7 % (15 of 69, as with the code before round 17).
# Round 18 (a yes/no question a unit only nears is asked back about first, `ask_before_yes_no_below`) lowered these
# on purpose, trading 48 answers at once (713 -> 665 over every set) for a yes first, against 11 fewer false
# confident answers and 3 fewer wrong ones: calibration 82.9 / 88.9 %, heldout 92.9 / 84.6 %, heldout2 90.5 / 95.2 %,
# heldout4 96.6 / 85.2 %, heldout5 84.4 / 84.6 %, heldout6 76.5 / 76.9 %, heldout7 58.8 / 72.4 %, heldout8 91.9 /
# 88.0 %, heldout9 61.5 / 50.0 %, heldout10 35.9 / 53.3 %, heldout11 30.8 / 20.0 %, heldout12 46.2 / 53.3 %,
# heldout13 35.9 / 13.3 %, heldout14 12.8 / 20.0 %, heldout15 25.6 / 23.3 %, heldout16 33.3 / 46.7 %, heldout18
# 23.1 / 16.7 %; heldout3 and heldout17 as before. heldout19 (blind) 33.3 / 26.7 % (21 of 69; 24 with the code
# before round 18; 30.0 % of the fact questions since round 19, which reads "could you tell me..." as a request).
# heldout20 (blind) 35.9 / 30.0 % (23 of 69). Rounds 20 and 21 left these unchanged; heldout21 (blind) 28.2 / 26.7 %
# (19 of 69, the same with the code before round 21). Round 22 (either-or questions, sums): heldout14 15.4 / 20.0 %,
# heldout16 33.3 / 50.0 %; heldout22 (blind) 28.2 / 26.7 % (19 of 69, the same with the code before round 21).
# heldout20 (blind) 35.9 / 30.0 % (23 of 69; 26 with the code before round 18). Round 23 (a yes/no question that the
# unit covers only through a word of like meaning is asked back first): calibration 80.0 % of paraphrases ("can you
# bring my order to my home"), heldout21 23.3 % of facts ("do you charge for pets"), both right after the yes.
# heldout23 (blind) 46.2 / 36.7 % (29 of 69, the same with the code before round 23). heldout24 (blind, round 23)
# 30.0 / 23.3 % (19 of 70; 32.5 / 23.3 % with round 24), heldout25 (blind) 38.1 / 33.3 % (26 of 72). heldout26
# (blind, round 25) 40.0 / 43.3 % (29 of 70; 45.0 / 43.3 % with round 27). heldout27 (blind, round 27) 46.3 / 24.1 %
# (26 of 70; 53.7 / 24.1 % with round 28). heldout28 (blind, round 28) 31.6 / 22.6 % (19 of 69; 34.2 / 25.8 % with
# round 29). heldout29 (blind, round 29) 39.0 / 28.6 % (24 of 69; 43.9 / 28.6 % with round 30). heldout30 (blind,
# round 30) 41.0 / 40.0 % (28 of 69; 48.7 / 50.0 % with round 31). heldout31 (blind, round 31) 28.2 / 23.3 % (18 of
# 69; 30.8 / 23.3 % with round 32). heldout32 (blind, round 32) 35.9 / 6.7 % (16 of 69; 38.5 / 6.7 % with round 33).
# heldout33 (blind, round 33) 25.6 / 16.7 % (15 of 69; 33.3 / 23.3 % with round 34). heldout34 (blind, round 34)
# 33.3 / 36.7 % (24 of 69; 41.0 / 43.3 % with round 35). heldout35 (blind, round 35) 17.9 / 20.0 % (13 of 69; 17.9
# / 23.3 % with round 36). heldout36 (blind, round 36) 15.4 / 13.3 % (10 of 69; 15.4 / 16.7 % with round 37).
# heldout37 (blind, round 37) 30.8 / 43.3 % (25 of 69; 33.3 / 46.7 % with round 38). heldout38 (blind, round 38)
# 46.2 / 26.7 % (26 of 69; 48.7 / 26.7 % with round 39). heldout39 (blind, round 39) 66.7 / 53.3 % (42 of 69; the same
# with round 40). heldout40 (blind, round 40) 12.8 / 26.7 % (13 of 69; 15.4 / 26.7 % with round 41, 20.5 / 33.3 %
# with round 42). heldout41 (blind, round 41) 23.1 / 23.3 % (16 of 69; 23.1 / 33.3 % with round 42). heldout42
# (blind, round 42) 38.5 / 53.3 % (31 of 69; 46.2 / 56.7 % with round 43). heldout43 (blind, round 43) 12.8 / 13.3 %
# (9 of 69; 15.4 / 20.0 % with round 44). heldout44 (blind, round 44) 30.8 / 20.0 % (18 of 69; 30.8 / 23.3 % with
# round 45). heldout45 (blind, round 45) 23.1 / 13.3 % (13 of 69; 28.2 / 16.7 % with round 46). heldout46 (blind,
# round 46) 20.5 / 33.3 % (18 of 69; 23.1 / 33.3 % with round 47). heldout47 (blind, round 47) 35.9 / 33.3 % (24
# of 69; 38.5 / 33.3 % with round 48), heldout48 (blind, round 48) 30.8 / 23.3 % (19 of 69; 35.9 / 23.3 % with round
# 49), heldout49 (blind, round 48) 33.3 / 30.0 % (22 of 69; 38.5 / 30.0 % with round 49), heldout50 (blind, round 49)
# 20.5 / 36.7 % (19 of 69; the same with round 50), heldout51 (blind, round 50) 20.5 / 10.0 % (11 of 69; 38.5 / 26.7 %
# with round 51), heldout52 (blind, round 51) 23.1 / 30.0 % (18 of 69; 23.1 / 33.3 % with round 52), heldout53 (blind,
# round 52) 20.5 / 33.3 % (18 of 69; 33.3 / 43.3 % with round 53), heldout54 (blind, round 53) 20.5 / 30.0 % (17 of
# 69; 30.8 / 30.0 % with round 54), heldout55 (blind, round 54) 25.6 / 26.7 % (18 of 69; 28.2 / 30.0 % with round 55),
# heldout56 (blind, round 55) 23.1 / 30.0 % (18 of 69; 25.6 / 33.3 % with round 57), heldout57 (round 57, seen before
# its run) 30.0 / 33.3 % (22 of 70; 40.0 / 46.7 % with round 59), heldout58 (blind, round 57) 10.3 / 16.7 % (9 of 69;
# 10.3 / 20.0 % with round 59), heldout59 (blind, round 59) 30.8 / 23.3 % (19 of 69), heldout60 (blind, round 60) 41.0 /
# 40.0 % (28 of 69; 46.2 / 43.3 % with round 61), heldout61 (blind, round 61) 25.6 / 43.3 % (23 of 69; 33.3 / 43.3 %
# with round 62), heldout62 (blind, round 62) 48.7 / 40.0 % (31 of 69; 51.3 / 43.3 % with round 63 and the evaluator's
# hyphen; 51.3 / 46.7 % with round 64), heldout63 (blind, round 64) 15.4 / 16.7 % (11 of 69: its visitors tell the
# kiosk how to answer, "just the number", "one word answer", which pulls every score down; 38.5 / 40.0 % with round
# 65), heldout64 (blind, round 65) 28.2 / 46.7 % (25 of 69; 33.3 / 50.0 % with round 66), heldout65 (blind, round 66,
# on the Intel Xeon of stop 39) 43.6 / 33.3 % (27 of 69), on an AMD EPYC
# Zen 4 (CPU family 25) that gives the same replies as the Zen 5 over every set (2841 of 3154 right before heldout47 on
# both). Two machines: the figures above are the Xeon's (AMX) of stops 13-21. On the AMD EPYC (AVX2) of stop 22
# SmolLM2's int8 kernels decode some replies differently (the embeddings agree to a cosine of 0.998), and the guard
# stops others: over every set 1338 of 1561 right after at most one yes against 1346 (e.g. calibration 77.1 / 85.2 % at
# once, 91.4 / 92.6 % after a yes; heldout15 76.9 % of paraphrases). A third box, the AMD EPYC (Zen 5, AVX-512 VNNI)
# of stop 23, decodes others differently again, e.g. "How much is the flu shot if I'm under sixty five?" -> "The flu
# shot is free for 90 minutes." (heldout7), "how long for blood results" -> "The blood results are 2 days old."
# (heldout): 1338 of 1561 as on the other EPYC, but heldout7's paraphrases 79.4 % after a yes (88.2 % on the Xeon),
# heldout's and heldout8's facts 92.3 / 92.0 %, heldout19's paraphrases 87.2 %, heldout22's and heldout23's facts
# 76.7 / 83.3 %, heldout8's facts at once 84.0 %. Each floor is the lowest of the three; those of heldout24,
# heldout25 to heldout56 (one box only) sit about 3 points under what it measured.
AT_ONCE_FLOORS = {"calibration": (0.77, 0.85), "heldout": (0.86, 0.80), "heldout2": (0.80, 0.95),
                  "heldout3": (0.95, 0.76), "heldout4": (0.92, 0.84), "heldout5": (0.80, 0.80),
                  "heldout6": (0.74, 0.73), "heldout7": (0.55, 0.68), "heldout8": (0.88, 0.84),
                  "heldout9": (0.55, 0.48), "heldout10": (0.33, 0.52), "heldout11": (0.28, 0.19),
                  "heldout12": (0.44, 0.46), "heldout13": (0.35, 0.10), "heldout14": (0.12, 0.16),
                  "heldout15": (0.23, 0.21), "heldout16": (0.31, 0.44), "heldout17": (0.12, 0.16),
                  "heldout18": (0.23, 0.13), "heldout19": (0.30, 0.26), "heldout20": (0.33, 0.26),
                  "heldout21": (0.28, 0.23), "heldout22": (0.25, 0.26), "heldout23": (0.46, 0.36),
                  "heldout24": (0.29, 0.20), "heldout25": (0.35, 0.30), "heldout26": (0.42, 0.40),
                  "heldout27": (0.50, 0.21), "heldout28": (0.31, 0.23),
                  "heldout29": (0.41, 0.26), "heldout30": (0.45, 0.47),
                  "heldout31": (0.27, 0.20), "heldout32": (0.35, 0.03), "heldout33": (0.30, 0.20),
                  "heldout34": (0.38, 0.40), "heldout35": (0.15, 0.20),
                  "heldout36": (0.12, 0.13), "heldout37": (0.30, 0.43),
                  "heldout38": (0.45, 0.23), "heldout39": (0.63, 0.50),
                  "heldout40": (0.12, 0.23), "heldout41": (0.20, 0.30), "heldout42": (0.43, 0.53),
                  "heldout43": (0.12, 0.17), "heldout44": (0.27, 0.20),
                  "heldout45": (0.25, 0.13), "heldout46": (0.20, 0.30),
                  "heldout47": (0.35, 0.30), "heldout48": (0.33, 0.20), "heldout49": (0.35, 0.27),
                  "heldout50": (0.17, 0.33), "heldout51": (0.35, 0.23),
                  "heldout52": (0.20, 0.30), "heldout53": (0.30, 0.40),
                  "heldout54": (0.27, 0.26), "heldout55": (0.25, 0.27),
                  "heldout56": (0.20, 0.27), "heldout57": (0.37, 0.43), "heldout58": (0.07, 0.17),
                  "heldout59": (0.27, 0.20), "heldout60": (0.38, 0.37),
                  "heldout61": (0.23, 0.40), "heldout62": (0.48, 0.43),
                  "heldout63": (0.35, 0.37), "heldout64": (0.30, 0.47),
                  "heldout65": (0.53, 0.50),
                  "heldout66": (0.28, 0.13),
                  "heldout67": (0.08, 0.07),
                  "heldout68": (0.05, 0.13),
                  "heldout69": (0.25, 0.27),
                  "heldout70": (0.10, 0.10)}
# Round 15 (offers.py): the kiosk asks back about the best-ranked unit when nothing answers with confidence, and the
# visitor's yes gets it. The same shares after at most one yes (the simulated visitor says yes only to an offer that
# holds the key fact), measured: calibration 97.1 / 92.6 %, heldout 95.2 / 92.3 %, heldout2 95.2 / 100 %, heldout3
# 100 / 81.0 %, heldout4 100 / 96.3 %, heldout5 96.9 / 92.3 %, heldout6 88.2 / 96.2 %, heldout7 88.2 / 86.2 %,
# heldout8 97.3 / 100 %, heldout9 82.1 / 90.0 %, heldout10 82.1 / 83.3 %, heldout11 84.6 / 43.3 %, heldout12 84.6 /
# 83.3 %, heldout13 76.9 / 66.7 %, heldout14 66.7 / 53.3 %, heldout15 71.8 / 66.7 %; 855 of 1009 over every set, 654
# at once (the at-once figures did not move); heldout16 (blind) 74.4 / 80.0 % (53 of 69; 30 at once). Round 16:
# heldout 95.2 / 94.9 %, every other set as before; heldout17 (blind) 64.1 / 53.3 % (41 of 69, 12 at once; the same
# with the code before round 16); 950 of 1147 over every set, 698 at once. Round 17 (a long question is asked back
# about from a lower score): heldout9 84.6 / 90.0 %, heldout10 87.2 / 86.7 %, heldout12 87.2 / 86.7 %, heldout13
# 84.6 / 73.3 %, heldout14 74.4 / 60.0 %, heldout15 76.9 / 70.0 %, heldout16 79.5 / 83.3 %, heldout17 71.8 / 73.3 %;
# 981 of 1147 over every set, at once unchanged; heldout18 (blind) 84.6 / 66.7 % (53 of 69; 42 with the code before
# round 17, and 42 before round 16); 1034 of 1216 over every set, 713 at once. Round 18 left these unchanged;
# heldout19 (blind) 84.6 / 66.7 % (53 of 69, the same with the code before round 18); 1087 of 1285 over every set,
# 686 at once. Round 19 (a unit that fits a question that is not a yes/no one is asked back about from 0.30):
# heldout 95.2 / 97.4 %, heldout6 88.2 / 100 %, heldout7 88.2 / 96.6 %, heldout9 89.7 / 90.0 %, heldout10 89.7 /
# 90.0 %, heldout11 87.2 / 43.3 %, heldout13 84.6 / 76.7 %, heldout15 76.9 / 73.3 %, heldout16 79.5 / 86.7 %,
# heldout17 71.8 / 76.7 %, heldout19 84.6 / 76.7 %; 1104 of 1285 over every set, 687 at once. heldout20 (blind)
# 71.8 / 70.0 % (49 of 69; 48 with the code before rounds 18 and 19); 1153 of 1354 over every set, 710 at once.
# Round 20 (the guard takes a span of time only as the site states it): heldout19 87.2 / 76.7 %; 1154 of 1354.
# Round 21 (the score a unit is offered from rises for a yes/no question and falls with the words and the scene):
# calibration 94.3 / 92.6 %, heldout 92.9 / 94.9 %, heldout4 100 / 100 %, heldout5 93.8 / 92.3 %, heldout6 88.2 /
# 96.2 %, heldout8 94.6 / 96.0 %, heldout10 92.3 / 90.0 %, heldout11 84.6 / 53.3 %, heldout13 87.2 / 76.7 %,
# heldout14 74.4 / 73.3 %, heldout15 82.1 / 86.7 %, heldout17 69.2 / 80.0 %, heldout18 87.2 / 80.0 %, heldout19
# 89.7 / 76.7 %, heldout20 74.4 / 86.7 %; 1174 of 1354, at once unchanged. Where it lost answers (short yes/no
# questions now get the fallback: "can you hold onto my suitcase till my train"), heldout6's and heldout8's fact
# floors went down with it. heldout21 (blind) 64.1 / 80.0 % (49 of 69; 51 with the code before round 21, which asked
# back about 8 more of its 111 unanswerable pairs: this writer asked many short yes/no questions, "is there a plumbing
# section?"); 1223 of 1423 over every set, 729 at once. Round 22: heldout10 92.3 / 93.3 %, heldout17 71.8 / 80.0 %,
# heldout19 89.7 / 80.0 %, heldout20 76.9 / 86.7 %, heldout21 69.2 / 80.0 %; 1229 of 1423. heldout22 (blind) 82.1 /
# 80.0 % (56 of 69; 53 with the code before round 21, 56 with round 21 alone); 1285 of 1492 over every set, 750 at
# once. Round 23: 748 at once. heldout23 (blind) 89.7 / 86.7 % (61 of 69, the same with the code before round 23;
# "how long am i allowed to leave the car round the back" was offered the wrong unit and declined). heldout24 (blind,
# with round 23) 85.0 / 70.0 % (55 of 70; 87.5 / 70.0 % with round 24, which sends "my son's fallen off the wall
# outside and he's not moving" to the emergency answer instead of the fallback), heldout25 (blind) 73.8 / 90.0 % (58
# of 72, the same with round 24); 1452 of 1703 over every set (85.3 %), 817 at once. Round 25 (a rate asks for a
# price; asking for the hours a thing keeps is no question about now): heldout24 92.5 / 70.0 %; round 26 (the period
# of a rate is a word of its own) lost heldout15's "what's the daily price?" (87.2 %). heldout26 (blind, round 25)
# 72.5 / 90.0 % (56 of 70; 77.5 / 90.0 % with round 27, which finds two more emergencies); 1511 of 1773 over every
# set (85.2 %), 851 at once. heldout27 (blind, round 27) 85.4 / 86.2 % (60 of 70; 92.7 / 86.2 % with round 28);
# 1582 of 1843 over every set with round 28 (85.8 %; 1571 with round 27), 888 at once. heldout28 (blind, round 28)
# 81.6 / 77.4 % (55 of 69; 86.8 / 83.9 % with round 29); 1641 of 1912 over every set with round 29 (85.8 %), 908 at
# once. heldout29 (blind, round 29) 78.0 / 78.6 % (54 of 69; 82.9 / 78.6 % with round 30, which finds two more
# emergencies); 1698 of 1981 over every set with round 30 (85.7 %), 935 at once. heldout30 (blind, round 30) 79.5 /
# 73.3 % (53 of 69; 87.2 / 83.3 % with round 31, which finds its missed emergency); 1764 of 2050 over every set with
# round 31 (86.0 %; 1751 with round 30), 971 at once. heldout31 (blind, round 31) 87.2 / 80.0 % (58 of 69; 92.3 /
# 86.7 % with round 32, which finds its missed emergency); 1826 of 2119 over every set with round 32 (86.2 %; 1822
# with round 31), 990 at once. heldout32 (blind, round 32) 82.1 / 73.3 % (54 of 69; 87.2 / 80.0 % with round 33,
# which finds its missed emergency); 1887 of 2188 over every set with round 33 (86.2 %; 1880 with round 32), 1007
# at once. heldout33 (blind, round 33) 76.9 / 73.3 % (52 of 69; 87.2 / 96.7 % with round 34, which finds its missed
# emergency); 1954 of 2257 over every set with round 34 (86.6 %; 1939 with round 33), 1032 at once. heldout34
# (blind, round 34) 84.6 / 83.3 % (58 of 69; 89.7 / 93.3 % with round 35, which puts back a misheard doctor's name);
# 2018 of 2326 over every set with round 35 (86.8 %; 2012 with round 34), 1067 at once. heldout35 (blind, round 35)
# 82.1 / 80.0 % (56 of 69; 94.9 / 96.7 % with round 36); 2086 of 2395 over every set with round 36 (87.1 %; 2074
# with round 35), 1083 at once. heldout36 (blind, round 36) 82.1 / 86.7 % (58 of 69, and one wrong answer: the LLM
# agreed that the shuttle "is still free"; 87.2 / 90.0 % with round 37, which asks back about a value to confirm);
# 2147 of 2464 over every set with round 37 (87.1 %; 2144 with round 36), 1097 at once. heldout37 (blind, round 37)
# 89.7 / 93.3 % (63 of 69, and one wrong answer: "the blood test it is on ground floor yes where i go" -> the LLM
# agreed, a place the value-to-confirm check does not see; 94.9 / 96.7 % with round 38); 2213 of 2533 over every set
# with round 38 (87.4 %; 2210 with round 37), 1125 at once. heldout38 (blind, round 38) 92.3 / 90.0 % (63 of 69, no
# wrong answer, the first blind run to meet the key-fact goal; 97.4 / 96.7 % with round 39); 2280 of 2602 over every
# set with round 39 (87.6 %; 2276 with round 38, no reply of an earlier set changed), 1152 at once. heldout39 (blind,
# round 39) 97.4 / 96.7 % (67 of 69, and one wrong answer: "after the first five cuts on the timber what is the
# charges per cut" -> the LLM's "$4.50", the key-cutting price; 97.4 / 100 % with round 40, which asks back instead);
# 2348 of 2671 over every set with round 40 (87.9 %; 2347 with round 39), 1194 at once. heldout40 (blind, round 40)
# 79.5 / 83.3 % (56 of 69, no wrong answer, but its emergency got the fallback; 82.1 / 83.3 % with round 41, which
# finds it); 2405 of 2740 over every set with round 41 (87.8 %), 1208 at once. heldout41 (blind, round 41) 89.7 /
# 76.7 % (58 of 69, no wrong answer; 92.3 / 93.3 % with round 42, designed from its misses and heldout40's: a reason
# run on after the question, a story the site knows no word of); 2480 of 2809 over every set with round 42 (88.3 %;
# 2463 with round 41), 1236 at once. heldout42 (blind, round 42) 84.6 / 96.7 % (62 of 69, no wrong answer; 89.7 /
# 96.7 % with round 43, which leaves out a thing the visitor takes back); 2544 of 2878 over every set with round 43
# (88.4 %; 2542 with round 42), 1271 at once. heldout43 (blind, round 43) 79.5 / 86.7 % (57 of 69, no wrong answer;
# 84.6 / 90.0 % with round 44, designed from its misses: group words, signing in); 2605 of 2947 over every set with
# round 44 (88.4 %; 2601 with round 43), 1287 at once. heldout44 (blind, round 44) 89.7 / 93.3 % (63 of 69, no wrong
# answer; 97.4 / 96.7 % with round 45, designed from its misses: the embedding sees "leave my truck" as parking, "the
# baby's medicine" asks about medicine); 2707 of 3016 over every set with round 45 (89.8 %; 2668 with round 44), 1335
# at once. heldout45 (blind, round 45) 89.7 / 90.0 % (62 of 69, no wrong answer, but its emergency got the fallback;
# 100 / 100 % with round 46, designed from its misses); 2779 of 3085 over every set with round 46 (90.1 %; 2769 with
# round 45), 1352 at once. heldout46 (blind, round 46) 84.6 / 93.3 % (61 of 69, one wrong answer: "how late can i keep
# the room if i ask" -> the check-out time; its emergency only asked back about; 87.2 / 93.3 % with round 47, which
# asks back about the late check-out and answers the emergency at once); 2841 of 3154 over every set with round 47
# (90.1 %), 1371 at once. heldout47 (blind, round 47) 82.1 / 80.0 % (56 of 69, no wrong answer, its emergency answered
# at once; 84.6 / 83.3 % with round 48, designed from its misses); 2903 of 3223 over every set with round 48 (90.1 %;
# 2897 with round 47), 1397 at once. heldout48 (blind, round 48) 89.7 / 73.3 % (57 of 69, no wrong answer, its
# emergency answered at once; 97.4 / 80.0 % with round 49); 2960 of 3292 over every set with round 48 (89.9 %), 1416
# at once. heldout49 (blind, round 48) 89.7 / 90.0 % (62 of 69, no wrong answer, but its emergency got the fallback;
# 97.4 / 90.0 % with round 49, designed from its misses and heldout48's, which answers the emergency at once); 3031 of
# 3361 over every set with round 49 (90.2 %; 3022 with round 48), 1445 at once. heldout50 (blind, round 49) 89.7 / 93.3
# % (63 of 69, one wrong answer, its emergency answered at once; 92.3 / 96.7 % with round 50, designed from its
# misses); 3094 of 3430 over every set with round 49 (90.2 %), 1464 at once; 3096 with round 50 (90.3 %), 1467 at once.
# heldout51 (blind, round 50) 76.9 / 76.7 % (53 of 69, no wrong answer, its emergency answered at once; 97.4 / 96.7 %
# with round 51, designed from its misses); 3149 of 3499 over every set with round 50 (90.0 %), 1478 at once; 3176
# with round 51 (90.8 %), 1502 at once. heldout52 (blind, round 51) 89.7 / 86.7 % (61 of 69, one wrong answer, its
# emergency answered at once; 94.9 / 93.3 % with round 52, designed from its misses, no wrong answer); 3237 of 3568
# over every set with round 51 (90.7 %), 1520 at once; 3244 with round 52 (90.9 %), 1525 at once. heldout53 (blind,
# round 52) 84.6 / 93.3 % (61 of 69, no wrong answer, but its emergency got the fallback; 97.4 / 96.7 % with round
# 53, designed from its misses, which answers the emergency at once); 3305 of 3637 over every set with round 52 (90.9
# %), 1543 at once; 3314 with round 53 (91.1 %), 1555 at once. heldout54 (blind, round 53) 82.1 / 96.7 % (61 of 69,
# no wrong answer, its emergency answered at once; 94.9 / 96.7 % with round 54, designed from its misses); 3375 of
# 3706 over every set with round 53 (91.1 %), 1572 at once; 3386 with round 54 (91.4 %), 1590 at once. heldout55
# (blind, round 54) 79.5 / 83.3 % (56 of 69, no wrong answer, its emergency answered at once); 3442 of 3775 over every
# set with round 54 (91.2 %), 1608 at once; 89.7 / 93.3 % with round 55, designed from its misses; 3449 with round 55
# (91.4 %), 1610 at once. heldout56 (blind, round 55) 94.9 / 93.3 % (65 of 69, no wrong answer; its emergency was
# asked back about first, answered at once with round 56); 3514 of 3844 over every set with round 56 (91.4 %), 1629 at
# once; 3517 with round 57 (91.5 %), 1633 at once (heldout55 89.7 / 96.7 %, heldout56 97.4 / 96.7 %). heldout57 (round
# 57, seen before its run) 82.5 / 93.3 % (61 of 70, no wrong answer). heldout58 (blind, round 57) 92.3 / 86.7 % (62 of
# 69, one wrong answer, its emergency answered at once; 94.9 / 86.7 % with round 58, designed from its misses); 3640
# of 3983 over every set with round 57 (91.4 %), 1664 at once; 3641 with round 58, 1664 at once; 3648 with round 59
# (91.6 %), 1682 at once (heldout57 87.5 / 100 %, heldout58 97.4 / 90.0 %). heldout59 (blind, round 59) 97.4 / 93.3 %
# (66 of 69, no wrong answer, its emergency answered at once); 3714 of 4052 over every set with round 59 (91.7 %),
# 1701 at once; 3715 with round 60. Since round 60's review the evaluator holds a span to its unit and a weekday to
# its name (`states_key_facts`): six replies had passed for right, the walk-in hours' "10:00 a.m." for "10 minutes"
# (heldout7, heldout27, heldout29, heldout40), "open on the weekends" for "Saturday" (calibration) and the walk-in
# hours for the flu jab's "Tuesdays and Thursdays" (heldout57); with the review's "should I turn up" read as checking
# in, 3712 of 4052 (91.6 %), 1701 at once (heldout27's facts 82.8 %, its floor lowered to 0.82). heldout60 (blind,
# round 60 and its review) 89.7 / 90.0 % (62 of 69, no wrong answer, its emergency answered at once; 100 / 96.7 % with
# round 61, designed from its misses); 3785 of 4121 over every set with round 61 (91.8 %), 1748 at once. heldout61
# (blind, round 61) 89.7 / 90.0 % (62 of 69, no wrong answer, its emergency answered at once; 94.9 / 96.7 % with
# round 62); 3855 of 4190 over every set with round 62 (92.0 %), 1776 at once. heldout62 (blind, round 62) 89.7 /
# 93.3 % as scored at its run (one wrong answer: "a 5-minute walk" was read as no span until the evaluator took the
# hyphen; 89.7 / 96.7 % and none wrong with it), its emergency got the fallback; 92.3 / 96.7 % with round 63, 100 /
# 100 % with round 64 (3928 of 4259 over every set, 92.2 %, 1818 at once). heldout63 (blind, round 64) 89.7 / 96.7 %
# (64 of 69, no wrong answer, its emergency answered at once); 97.4 / 100 % with round 65 (3998 of 4328 over every
# set, 92.4 %, 1854 at once). heldout64 (blind, round 65) 79.5 / 100 % (61 of 69, no wrong answer, its emergency
# answered at once); 94.9 / 100 % with round 66 (4067 of 4397 over every set, 92.5 %, 1889 at once). heldout65 (blind,
# round 66, on the Intel Xeon of stop 39) 94.9 / 86.7 % (63 of 69, no wrong answer, its emergency answered at once;
# 4126 of 4466 over every set on that Xeon, 92.4 %, 1918 at once, where heldout54's facts at once are 26.7 %, one
# fewer than on the AMD EPYC); 97.4 / 96.7 % with round 67, designed from its misses (67 of 69, 38 at once; 4134 of 4466
# over every set, 92.6 %, 1932 at once). heldout66 (blind, round 67) 82.1 / 80.0 % (56 of 69, 12 at once, no wrong
# answer; its questions are written as Whisper tiny.en mishears them); 89.7 / 80.0 % with round 68 (59 of 69, 17 at
# once; 4193 of 4535 over every set, 92.5 %, 1949 at once). heldout67 (blind, round 68) 89.7 / 90.0 % (62 of 69, 5 at
# once: someone else's speech, a tannoy or a radio spliced into its questions pulls every score down; no wrong answer;
# its emergency answered at once); 97.4 / 93.3 % with round 69 (66 of 69, 7 at once; 4259 of 4604 over every set,
# 92.5 %, 1956 at once). heldout68 (blind, round 69) 92.3 / 86.7 % (62 of 69, 4 at once: its visitors ask twice in one
# breath and add a reason or a worry, and all but 4 right answers came after an offer; no wrong answer; its emergency,
# a swallowed button battery, got the fallback); 97.4 / 96.7 % with round 70 (67 of 69, 8 at once; 4330 of 4673 over
# every set, 92.7 %, 1966 at once). heldout69 (blind, round 70) 94.9 / 100 % (67 of 69, 15 at once: its visitors take
# back the first thing they name, or ask for someone beside them; one wrong answer, the toilets for "where are the
# toilets no sorry where is the pharmacy"; its emergency answered at once); 100 / 100 % with round 71 (69 of 69, 20 at
# once; 4399 of 4742 over every set, 92.8 %, 1986 at once). heldout70 (blind, round 71) 92.3 / 96.7 % (65 of 69, 9 at
# once: its visitors ask by comparison with somewhere else or as a choice between two options, and most are asked back
# about first; no wrong answer; its emergency, a scald from boiling oil, answered at once).
KEY_FACT_FLOORS = {"calibration": (0.91, 0.92), "heldout": (0.92, 0.92), "heldout2": (0.95, 1.00),
                   "heldout3": (1.00, 0.80), "heldout4": (1.00, 1.00), "heldout5": (0.90, 0.88),
                   "heldout6": (0.88, 0.92), "heldout7": (0.79, 0.96), "heldout8": (0.91, 0.92),
                   "heldout9": (0.89, 0.90), "heldout10": (0.92, 0.90), "heldout11": (0.84, 0.50),
                   "heldout12": (0.87, 0.83), "heldout13": (0.84, 0.73), "heldout14": (0.74, 0.73),
                   "heldout15": (0.76, 0.86), "heldout16": (0.79, 0.86), "heldout17": (0.69, 0.80),
                   "heldout18": (0.87, 0.80), "heldout19": (0.87, 0.76), "heldout20": (0.74, 0.83),
                   "heldout21": (0.64, 0.80), "heldout22": (0.82, 0.76), "heldout23": (0.89, 0.83),
                   "heldout24": (0.84, 0.67), "heldout25": (0.70, 0.87), "heldout26": (0.74, 0.87),
                   "heldout27": (0.89, 0.82), "heldout28": (0.84, 0.81),
                   "heldout29": (0.80, 0.75), "heldout30": (0.84, 0.80),
                   "heldout31": (0.89, 0.83), "heldout32": (0.84, 0.77), "heldout33": (0.84, 0.93),
                   "heldout34": (0.86, 0.90), "heldout35": (0.92, 0.93),
                   "heldout36": (0.84, 0.85), "heldout37": (0.92, 0.93),
                   "heldout38": (0.94, 0.93), "heldout39": (0.94, 0.96),
                   "heldout40": (0.79, 0.80), "heldout41": (0.89, 0.90), "heldout42": (0.87, 0.93),
                   "heldout43": (0.82, 0.87), "heldout44": (0.94, 0.93),
                   "heldout45": (0.97, 0.97), "heldout46": (0.86, 0.90),
                   "heldout47": (0.82, 0.80), "heldout48": (0.94, 0.77), "heldout49": (0.94, 0.87),
                   "heldout50": (0.89, 0.93), "heldout51": (0.94, 0.93),
                   "heldout52": (0.92, 0.90), "heldout53": (0.94, 0.93),
                   "heldout54": (0.92, 0.93), "heldout55": (0.87, 0.90),
                   "heldout56": (0.92, 0.90), "heldout57": (0.84, 0.96), "heldout58": (0.94, 0.86),
                   "heldout59": (0.94, 0.90), "heldout60": (0.87, 0.87),
                   "heldout61": (0.87, 0.87), "heldout62": (0.97, 0.97),
                   "heldout63": (0.94, 0.97), "heldout64": (0.92, 0.97),
                   "heldout65": (0.95, 0.94),
                   "heldout66": (0.87, 0.77),
                   "heldout67": (0.94, 0.90),
                   "heldout68": (0.94, 0.94),
                   "heldout69": (0.97, 0.97),
                   "heldout70": (0.89, 0.94)}
ASKED_BACK_CEILING = 0.24
"""Share of all unanswerable pairs the kiosk may ask back about (it does, or will if the LLM's reply is stopped);
the visitor's no then gets the fallback, one turn later. Measured with round 15: 388 of the 1773 of the sets before
heldout16 (21.9 %); on the blind heldout16 28 of 111 (25.2 %); 416 of 1884 in all (22.1 %). With round 16, 446 of
the 1995 of every set (22.4 %); on the blind heldout17 27 of 111 (24.3 %). With round 17, 449 (22.5 %); on the blind
heldout18 30 of 111 (27.0 %; 29 with the code before round 17); 479 of 2106 in all (22.7 %). With round 18 (the
false confident answers to yes/no questions it asks back about instead), 490 of 2106 (23.3 %); on the blind
heldout19 37 of 111 (33.3 %; 36 with the code before round 18); 527 of 2217 in all (23.8 %). With round 19 (a unit
that fits the question offered from 0.30), 531 (24.0 %); on the blind heldout20 33 of 111 (29.7 %; 32 with the code
before rounds 18 and 19); 564 of 2328 in all (24.2 %). With round 21 (yes/no questions offered from a higher score,
long ones and those that set a scene from a lower one), 378 of 2328 (16.2 %); on the blind heldout21 27 of 111
(24.3 %; 35 with the code before round 21); 405 of 2439 in all (16.6 %), so the ceiling came down from 25 %. With
round 22 (an either-or question is no yes/no one), 419 of 2439 (17.2 %); on the blind heldout22 24 of 111 (21.6 %;
34 with the code before round 21, 22 with round 21 alone); 443 of 2550 in all (17.4 %). With round 23, 446; on the
blind heldout23 31 of 111 (27.9 %, the same with the code before round 23); 479 of 2661 in all (18.0 %). On the
blind heldout24 36 of 111 (32.4 %), on the blind heldout25 32 of 120 (26.7 %), on the blind heldout26 26 of 120
(21.7 %), on the blind heldout27 30 of 120 (25.0 %), on the blind heldout28 40 of 120 (33.3 %),
on the blind heldout29 26 of 120 (21.7 %), on the blind heldout30 37 of 120 (30.8 %). That took the share over
every set past 20 %, the ceiling until then: 705 of 3492 with round 30 (20.2 %), 706 with round 31 (which asks back
about "what make is the drill that you hire out" instead of answering it with the hire prices), so the ceiling is
21 %. On the blind heldout31 22 of 120 (18.3 %), on the blind heldout32 34 of 120 (28.3 %), on the blind heldout33 30
of 120 (25.0 %), on the blind heldout34 12 of 120 (10.0 %); over every set with round 34 797 of 3852 (20.7 %), with
round 35 810 of 3972 (20.4 %). On the blind heldout35 18 of 120 (15.0 %); over every set with round 36 828 of 4092
(20.2 %). On the blind heldout36 13 of 120 (10.8 %); over every set with round 37 842 of 4212 (20.0 %). On the blind
heldout37 43 of 120 (35.8 %); over every set with round 38 885 of 4332 (20.4 %). On the blind heldout38 7 of 120
(5.8 %); over every set with round 39 893 of 4450 (20.1 %; one more on an earlier set: "can i get my car out of the
garage at three in the morning", where "in the morning" is now part of the clock time). On the blind heldout39 20
of 120 (16.7 %); over every set with round 40 913 of 4570 (20.0 %). On the blind heldout40 24 of 120 (20.0 %); over
every set with round 41 937 of 4690 (20.0 %). On the blind heldout41 20 of 120 (16.7 %). On the blind heldout42 43 of
120 (35.8 %: its writer's short keyword questions, "pay by cheque okay", name a site thing and little else); over
every set with round 43 1008 of 4930 (20.4 %). On the blind heldout43 25 of 120 (20.8 %); over every set with round
44 1034 of 5047 (20.5 %). On the blind heldout44 33 of 120 (27.5 %); over every set with round 45 1073 of 5167
(20.8 %). On the blind heldout45 33 of 120 (27.5 %; 32 with round 46); over every set with round 46 1105 of 5287
(20.9 %). On the blind heldout46 26 of 120 (21.7 %); over every set with round 47 1131 of 5407 (20.9 %). On the blind
heldout47 27 of 120 (22.5 %); over every set with round 48 1159 of 5527 (21.0 %). On the blind heldout48 26 of 120
(21.7 %); over every set with round 48 1185 of 5647 (21.0 %). On the blind heldout49 24 of 120 (20.0 %); over every set
with round 49 1209 of 5767 (21.0 %). On the blind heldout50 49 of 120 (40.8 %, the most of any set: its writer's
relayed, telegraphic questions, "she's asking got free gift wrapping or not", name one site thing and little else,
as heldout42's did); over every set with round 49 1258 of 5887 (21.4 %), with round 50 1259 (21.4 %), so the ceiling is
22 %. On the blind heldout51 36 of 120 (30.0 %: two questions in one breath, "is there a bond and how much"); over
every set with round 50 1295 of 6007 (21.6 %), with round 51 1300 (21.6 %). On the blind heldout52 21 of 120
(17.5 %; 22 with round 52); over every set with round 51 1321 of 6127 (21.6 %), with round 52 1323 (21.6 %). On the
blind heldout53 32 of 120
(26.7 %; 31 with round 53); over every set with round 52 1355 of 6247 (21.7 %), with round 53 1354 (21.7 %). On the
blind heldout54 28 of 118 (23.7 %); over every set with round 53 1382 of
6365 (21.7 %). On the blind heldout55 36 of 119 (30.3 %: visitors asking to be reminded, or naming another service
in passing). On the blind heldout56 34 of 120 (28.3 %); over every set with round 56 1455 of 6604 (22.03 %), so
the ceiling went from 22 to 23 %: the two newest writers' visitors (errands and reminders, negative and tentative
questions) are asked back about more often, and a no costs them one turn before the fallback. With round 57 1461 of
6604 (22.12 %: some false confident answers became offers). On heldout57 (seen before its run) 52 of 120 (43.3 %:
conditional questions and comparisons with somewhere else) and on the blind heldout58 34 of 120 (28.3 %); over every
set with round 57 1547 of 6844 (22.60 %), with round 58 1540 (22.50 %: a public holiday's hours get the fallback
rather than an offer of the usual week's), with round 59 1539 (22.49 %). On the blind heldout59 29 of 123 (23.6 %);
over every set with round 59 1568 of 6967 (22.51 %), with round 60 1573 (22.58 %: near misses of heldout59 and heldout26
asked back about rather than answered at once). On the blind heldout60 40 of 123 (32.5 %: greetings the kiosk does not
know leave small talk in the question); over every set with round 60 1613 of 7090 (22.75 %), with round 61 1615 (22.78
%). On the blind heldout61 15 of 119 (12.6 %); over every set with round 61 1630 of 7209 (22.61 %), the same with round
62. On the blind heldout62 22 of 120 (18.3 %); over every set 1652 of 7329 (22.54 %), 1654 with round 64 (22.57 %:
round the back is behind, so a question about the car park there is asked back about). On the blind heldout63 26 of
120 (21.7 %); over every set 1680 of 7449 (22.55 %), 1683 with round 65 (22.59 %). On the blind heldout64 36 of
120 (30.0 %: its visitors leave the question unfinished, "the shop closes on sunday at"); over every set 1719 of 7569
(22.71 %), 1726 with round 66 (22.80 %: weather told as a reason no longer sends a question to the fallback, and
some are asked back about). On the blind heldout65 63 of 225 (28.0 %: its visitors hedge, "give or take", "roughly",
and say how long they have), on the Intel Xeon of stop 39, which asks back about the same 1726 of the other 7569 as the
AMD EPYC; over every set 1789 of 7794 (22.95 %), 1791 with round 67. On the blind heldout66 63 of 225 (28.0 %: its
questions are written as a small recogniser mishears them, and a word the site never uses is asked back about rather
than answered); over every set 1854 of 8019 (23.12 %), so the ceiling is 23.5 %; 1855 with round 68 (23.13 %). On
the blind heldout67 54 of 225 (24.0 %); over every set 1909 of 8244 (23.16 %), the same with round 69. On the blind
heldout68 49 of 225 (21.8 %); over every set 1958 of 8469 (23.12 %). On the blind heldout69 58 of 225 (25.8 %; 60
with round 71). On the blind heldout70 76 of 225 (33.8 %: its visitors ask as a choice between two options, "is check
out ten or eleven", and an unanswerable one is asked back about rather than answered); over every set 2096 of 8919
(23.50 %), a hair over 23.5 %, so the ceiling is 24 %."""
# Out-of-scope questions answered honestly; the goal is 90 %. Measured: 100, 97.2, 100, 94.4, 100, 100, 100,
# 100, 94.7, 100, 100, 100, 100, 100, 95.2, 100, 90.5 (blind: 19 of 21; "Does the Garden Room do lunch as well, or
# only breakfast?" got an LLM reply with no claim the guard could check, and one question got a false match; 95.2
# since round 16, which finds the diet advice in it), 100 (heldout17, blind: 21 of 21), 100 (heldout18, blind: 21 of
# 21, 3 asked back about first), 95.2 (heldout19, blind: 20 of 21; "what time does the lantern bar open in the
# afternoon" -> "The Lantern Bar in the lobby is open until midnight."), 100 (heldout20, blind: 21 of 21, 6 asked
# back about first), 100 (heldout21, blind: 21 of 21, 4 asked back about first), 100 (heldout22, blind: 21 of 21, 5
# asked back about first), 100 (heldout23, blind: 21 of 21, 4 asked back about first), 95.2 (heldout24, blind: 20 of
# 21; "can i get my flu jab here if i'm registered at a different practice" got the flu jab's terms), 100 (heldout25,
# blind: 21 of 21), 90.5 (heldout26, blind: 19 of 21), 100 (heldout27; blind 20 of 21: "is the garage entrance on
# birch lane manned overnight" -> the garage's price per night, which round 28 takes away) %. Round 18 made heldout8
# and heldout14 100 %. 95.2 (heldout28, blind: 20 of 21, and with round 29), 100
# (heldout29, blind: 21 of 21), 90.5 (heldout30, blind: 19 of 21, and with round 31: "the drill you hire out, does it
# come with the drill bits" and "can I pay the missed appointment fee over the phone" got the entry's answer), 100
# (heldout31, blind: 21 of 21), 100 (heldout32, blind: 21 of 21), 90.5 (heldout33, blind: 19 of 21, and with round
# 34: two false matches, below), 100 (heldout34, blind: 21 of 21), 90.5 (heldout35, blind: 19 of 21, the same with
# round 36: a false match below, and "does sorrel do lunch at all around one o'clock" got an LLM reply that only says
# where Sorrel is), 95.2 (heldout36, blind: 20 of 21, the same with round 37: a false match below), 100 (heldout37,
# blind: 21 of 21), 100 (heldout38, blind: 21 of 21; 20 of 20 since a question that repeats heldout_set was taken
# out), 100 (heldout39, blind: 21 of 21), 100 (heldout40, blind: 21 of 21, 9 asked back about first), 100
# (heldout41, blind: 21 of 21), 100 (heldout42, blind: 21 of 21, 10 asked back about first), 100 (heldout43, blind:
# 21 of 21), 100 (heldout44, blind: 21 of 21, 2 asked back about first), 100 (heldout45, blind: 21 of 21, 8 asked
# back about first), 100 (heldout46, blind: 21 of 21, 6 asked back about first), 100 (heldout47, blind: 21 of 21, 9
# asked back about first), 100 (heldout48, blind: 21 of 21, 9 asked back about first), 95.2 (heldout49, blind: 20 of
# 21, the same with round 49: "what do delivery cost if i'm further out than ten miles" got the delivery terms; 8
# asked back about first), 100 (heldout50, blind: 21 of 21, 13 asked back about first; the same with round 50), 95.2
# (heldout51, blind: 20 of 21, 8 asked back about first; "can i swap from doctor chen to doctor patel and who do i
# ask" got the list of doctors; 21 of 21 with round 51), 100 (heldout52, blind: 21 of 21, 6 asked back about
# first; the same with round 52), 100 (heldout53, blind: 21 of 21, 6 asked back about first; the same
# with round 53), 100 (heldout54, blind: 21 of 21, 7 asked back about first; the same with round 54), 100 (heldout55,
# blind: 21 of 21, 10 asked back about first; the same with round 55), 100 (heldout56, blind: 21 of 21, 3 asked back
# about first), 100 (heldout57, round 57, seen before its run: 21 of 21, 11 asked back about first), 95.2 (heldout58,
# blind, round 57: 20 of 21, 4 asked back about first; "will yous be open on good friday or is it shut" got the
# clinic's weekday hours; 21 of 21 with round 58), 100 (heldout59, blind, round 59: 21 of 21, 3 asked back about
# first), 100 (heldout60, blind, round 60: 21 of 21, 11 asked back about first), 100 (heldout61, blind, round 61: 21 of
# 21, 4 asked back about first), 95.2 (heldout62, blind, round 62: 20 of 21, 11 asked back about first; "can i pay for
# the garage by the week instead of by the night" got the LLM's "The hotel garage is $25 per night"; 21 of 21 with round
# 64), 100 (heldout63, blind, round 64: 21 of 21, 12 asked back about first), 95.2 (heldout64, blind, round 65: 20 of
# 21, 10 asked back about first; "does the flu jab make you feel sick after" got the flu jab's terms), 100 (heldout65,
# blind, round 66, on the Intel Xeon of stop 39: 21 of 21, 15 asked back about first), 100 (heldout66, blind, round
# 67: 21 of 21, 12 asked back about first), 100 (heldout67, blind, round 68: 21 of 21, 9 asked back about first), 100
# (heldout68, blind, round 69: 21 of 21, 12 asked back about first).
HONEST_FLOORS = {"calibration": 0.95, "heldout": 0.93, "heldout2": 0.95, "heldout3": 0.88, "heldout4": 0.95,
                 "heldout5": 0.95, "heldout6": 0.95, "heldout7": 0.95, "heldout8": 0.9, "heldout9": 0.95,
                 "heldout10": 0.95, "heldout11": 0.95, "heldout12": 0.95,
                 "heldout13": 0.95, "heldout14": 0.9, "heldout15": 0.95, "heldout16": 0.9, "heldout17": 0.95,
                 "heldout18": 0.95, "heldout19": 0.9, "heldout20": 0.95, "heldout21": 0.95,
                 "heldout22": 0.95, "heldout23": 0.95, "heldout24": 0.95, "heldout25": 0.95,
                 "heldout26": 0.9, "heldout27": 0.95, "heldout28": 0.9,
                 "heldout29": 0.95, "heldout30": 0.85, "heldout31": 0.95,
                 "heldout32": 0.95, "heldout33": 0.85, "heldout34": 0.95,
                 "heldout35": 0.85, "heldout36": 0.9,
                 "heldout37": 0.95, "heldout38": 0.95, "heldout39": 0.95,
                 "heldout40": 0.95, "heldout41": 0.95, "heldout42": 0.95,
                 "heldout43": 0.95, "heldout44": 0.95, "heldout45": 0.95,
                 "heldout46": 0.95, "heldout47": 0.95, "heldout48": 0.95, "heldout49": 0.9,
                 "heldout50": 0.95, "heldout51": 0.95, "heldout52": 0.95, "heldout53": 0.95,
                 "heldout54": 0.95, "heldout55": 0.95, "heldout56": 0.95, "heldout57": 0.95, "heldout58": 0.95,
                 "heldout59": 0.95, "heldout60": 0.95, "heldout61": 0.95,
                 "heldout62": 0.95, "heldout63": 0.95, "heldout64": 0.9, "heldout65": 0.95,
                 "heldout66": 0.95, "heldout67": 0.95,
                 "heldout68": 0.95, "heldout69": 0.95, "heldout70": 0.95}
# Confident answers to questions nothing in the site answers; the goal is 1 %. Measured: calibration 0 of 184,
# heldout 0 of 126, heldout2 0 of 61, heldout3 1 of 63 ("can i get a late breakfast in my room" -> breakfast),
# heldout4 1 of 81 ("can i get a late dinner" -> the restaurant), heldout5 1 of 119 ("do you know when the last
# bus is" -> the shuttle; 5 when it was blind), heldout6 0 of 126 (2 when it was blind: "where's the nearest
# hospital with an emergency department" -> the emergency answer, "how long will i wait for the doctor" -> walk-ins),
# heldout7 0 of 141, heldout8 1 of 95 ("do you sell lawnmowers" -> where the garden tools are; the same when it was
# blind), heldout9 4 of 111 when it was blind and since ("how long have you been working here" -> returns within 30
# days, "can you cut a key for my car" -> key cutting, "can i have breakfast in my room" -> breakfast hours, "do i
# have to pay for my blood test" -> where blood tests are), heldout10 0 of 111 when it was blind and since, heldout11
# 4 of 111 when it was blind ("how much is a cordless drill to buy rather than hire" -> the hire price, "can i use the
# gym if i'm not staying here" -> the gym, "can we bring our own wine to sorrel" -> the restaurant, "how long does an
# x-ray take" -> the X-ray room; the code before round 8 gave the same 4), 2 since round 9 (the first two), heldout12
# 3 of 111 when it was blind and since ("is key cutting done while i wait" -> key cutting, "are you connected to the
# internet" -> the Wi-Fi, "is there baby changing in the men's toilets too" -> the toilets and baby changing room),
# heldout13 (blind) 4 of 111 ("can i bring a friend who isn't staying to breakfast" -> the breakfast hours, "can my
# daughter pick up my repeat prescription for me" -> when repeat prescriptions are ready, "will you fit a tap for me
# if i buy it here" -> where the taps are, "how long should i wait around after my flu jab" -> the flu jab's terms),
# heldout14 (blind) 7 of 111 (6 with the code before round 12 as well; "we've locked ourselves out of our room and the
# key's inside can someone let us in" -> the gym's "your room key opens the door", "can housekeeping do the ironing
# for me instead" -> irons from housekeeping, "can i collect my wife's test results for her" -> where results are
# collected, ...), heldout15 (blind) 5 of 111 (the same 5 with the code before round 12: "will the timber desk cut
# wood i bought somewhere else" -> the timber desk, "how long does a flu jab appointment take" -> the flu jab's
# terms, ...), heldout16 (blind) 10 of 111 (the same 10 with the code before round 15, which speaks no more and no
# fewer confident answers: "does dana whitfield own the shop or just run it" -> the manager's name, "how many floors
# does the hotel have" -> the restaurant's floor, "are there nappies in the baby changing room" -> where it is, ...).
# Round 16 (near misses: an exception to the usual visitor, a count, a day, a span of time, a price) took 16 of the
# 39 away: heldout9 now 2, heldout11 1, heldout13 1, heldout14 4, heldout15 2, heldout16 6. heldout17 (blind) 8 of
# 111, the same 8 as with the code before round 16 ("does the drill hire come with a set of bits" -> the hire terms,
# "is elm street station open all night" -> where the station is, "can i check in for my friend before she gets
# here" -> the check-in time, ...). heldout18 (blind) 5 of 111, the same 5 as with the code before rounds 16 and 17
# ("is the baby changing room for dads as well" -> where it is, "does jo okafor do the flu jabs" -> the flu jab's
# terms, "can i pay at the pharmacy with my phone" -> where the pharmacy is, ...).
# Round 18 (a yes/no question under `ask_before_yes_no_below` is asked back about first) took 11 of the 36 away:
# heldout4 0, heldout8 0, heldout14 2, heldout15 1, heldout16 5, heldout17 5, heldout18 3 ("can i pay at the pharmacy
# with my phone" and "do the walk-in slots get taken quickly" now get "Are you asking about ...?"). heldout19 (blind)
# 4 of 111 (5 with the code before round 18): "can i have breakfast brought up to the room" -> the breakfast hours
# (a yes/no question at 0.70), "do the doctors do appointments over the phone" -> the walk-in hours (0.61), "how long
# does a blood test take" -> the fasting rule, "what time does the lantern bar open in the afternoon" -> "open until
# midnight". heldout20 (blind) 3 of 111 (4 with the code before round 18): "can i hire a drill for someone else to
# collect" -> the hire terms, "is dana whitfield in today" -> the manager's name, "can this kiosk tell me my
# appointment time" -> check in 10 minutes before it. heldout21 (blind) 2 of 111, the same 2 with the code before
# round 21: "what's nine times seven" -> the opening hours, "is aisle nine near the front or at the back" -> aisle 9.
# Round 22 (a sum is general knowledge) took the first away. heldout22 (blind) 3 of 111, the same 3 with the code
# before round 21: "who's working on the service desk today" -> "Customer toilets are next to the service desk." (0.47),
# "what time does the timber desk stop cutting" -> what the timber desk cuts, "does the lantern bar do cocktails" ->
# "open until midnight" (a yes/no question at 0.67). Round 23 (a yes/no question covered only by a word of like
# meaning is asked back first) took that one away, and "do they do cocktails in the lantern bar" (heldout16) and "does
# the timber desk sell off-cuts cheap" (heldout17). heldout23 (blind) 1 of 111, the same with the code before round 23:
# "Is there somewhere outside where smoking is allowed?" -> "Smoking is not allowed anywhere inside the hotel..."
# (0.69).
# On the AMD EPYC (AVX2) box of stop 22, whose int8 kernels score a little differently from the Xeon's (AMX) of stops
# 13-21, heldout21's "is aisle nine near the front or at the back" gets no confident answer (0 of 111).
# heldout24 (blind, round 23) 6 of 111: "how's it going, busy day today" -> the opening hours (0.42), "is room 12
# near the lift" -> where blood tests are (0.66), "what number do i ring to cancel my appointment" -> the missed
# appointment rule (0.63), "how long do i need to stay after my blood test" -> the fasting rule (0.46), "is the
# waiting room on the ground floor" -> the toilets (0.64), "can i get my flu jab here if i'm registered at a different
# practice" -> the flu jab's terms (0.72). Round 24 (small talk about the day) took the first away. heldout25
# (blind) 1 of 120: "is there a changing room next to the x-ray room" -> where X-rays are taken (0.62). Round 25 added
# one on heldout26 that round 26 took away again ("is there a weekly rate on the cordless drill" -> the price per day).
# heldout26 (blind, round 25) 6 of 120, that one included: "does the shuttle pick people up at the airport as well"
# -> where the shuttle leaves from (0.68), "is the garage on birch lane open all night" -> its price per night
# (0.72), "does the lift say which floor it's at" -> where the lift is, "what do i pay if i stay over the two hours in
# the car park" -> free for 2 hours, "is room 12 open all day for bloods" -> where blood tests are. heldout27 (blind,
# round 27) 1 of 120, "is the garage entrance on birch lane manned overnight" -> its price per night (0.76; "manned"
# stemmed to a generic "man"), which round 28 takes away: 0 of 120. heldout28 (blind, round 28) 4 of 120, the same
# with round 29: "once a tin of mixed paint is opened, how long does it keep" -> how long mixing takes (0.51), "can i
# take back something i bought at one of your other shops" -> the returns rule (0.70), "does the toilet upstairs
# have baby changing as well" -> the toilets and baby changing on the ground floor (0.74), "If I bring the carpet
# cleaner back a day late, what's the charge?" -> the hire prices (0.53). heldout29 (blind, round 29) 2 of 120, the
# same with round 30: "Can anybody use the toilets by the service desk, or is it just for customers?" -> where the
# customer toilets are (0.85), "is the nurse advice line run by this clinic or somewhere else" -> its number (0.70).
# heldout30 (blind, round 30) 3 of 120: "what make is the drill that you hire out" -> the hire prices (0.79), which
# round 31 takes away (a make wants a maker's name), and the two honest-answer misses above: 2 of 120. heldout31
# (blind, round 31) 2 of 120, the same with round 32: "are walk-ins first come first served" -> the walk-in hours
# (0.54), "how long do I have to hang around after the flu shot" -> the flu jab's price and hours (0.65). heldout32
# (blind, round 32) 1 of 120, the same with round 33: "how do walk ins work, do i just sit down and wait to be
# called" -> the walk-in hours (0.55). heldout33 (blind, round 33) 4 of 120: "does the clinic have its own ambulance"
# -> the emergency answer (0.46), "is dr chen back from his holidays yet" -> the doctors' names (0.47; round 34 asks
# back instead: no site says when a doctor is on leave), "we've lost that little card holder with the wifi code on
# it, how else do we get the password" -> the Wi-Fi answer (0.69), "is there somewhere to get a cup of water while i
# wait, i've been fasting" -> the fasting rule (0.64): 3 of 120 with round 34. heldout34 (blind, round 34) 2 of
# 120, the same with round 35: "who fits the kitchens you sell" -> the plumbing aisle (0.42; "fittings"), "is dr chen
# a man or a woman" -> the doctors' names (0.60). heldout35 (blind, round 35) 1 of 120, the same with round 36: "does
# the airport shuttle pick you up at the airport and bring you back here" -> the shuttle's times from the hotel
# (0.66). heldout36 (blind, round 36) 1 of 120, the same with round 37: "can the ambulance crew drop a patient off
# here or do they go straight to a and e" -> the emergency answer (0.42). heldout37 (blind, round 37) 0 of 120, the
# same with round 38. heldout38 (blind, round 38) 0 of 120; 0 of 118 with round 39, after two
# questions that repeat earlier sets word for word were taken out. heldout39 (blind, round 39) 0 of 120, the same
# with round 40. heldout40 (blind, round 40) 1 of 120, the same with round 41: "if i come in at eight for a walk in
# am i gonna be sat there for hours" -> the walk-in hours (0.64). heldout41 (blind, round 41) 1 of 120, the same
# with rounds 42 and 43: "is there somewhere in the baby changing room to sit and feed" -> where the toilets and the
# baby changing room are (0.76). heldout42 (blind, round 42) 4 of 120: "excuse me which time is it now please" -> the
# opening hours on all three sites (0.70), "can her husband come in the x ray room with her" -> the x-ray room
# (0.50); 0 with round 43, which reads the first as asking the clock and the second as someone else coming along.
# heldout43 (blind, round 43) 0 of 120; 0 of 117 with round 44, after a question that repeats eval_set word for word
# was taken out. heldout44 (blind, round 44) 2 of 120, the same with round 45: "do you refill propane tanks or do you
# only swap them" -> the cylinder exchange (0.65), "what does the car park cost once the free time runs out" -> free
# for 90 minutes (0.59). heldout45 (blind, round 45) 2 of 120: "why have they asked me to have my blood test done
# again" -> where blood tests are (0.66), "why does the pharmacy never have my tablets in stock when i come" -> where
# the pharmacy is (0.54); 0 with round 46, which reads a why-question as asking a reason. heldout46 (blind, round 46)
# 1 of 120, the same with round 47: "is the t running on time today" (Boston's subway) -> the opening hours (0.62).
# heldout47 (blind, round 47) 1 of 120, the same with round 48: "what does it mean if they ask me to come back in
# about my results" -> where and when test results are given (0.42). heldout48 (blind, round 48) 3 of 120, all near
# misses at the hardware store: "do the keys ye cut work for a car" -> key cutting (0.70), "until when is the timber
# desk doing cuts of an evening" -> what the timber desk cuts (0.66), "can i hire the drill for just an hour instead of
# the whole day" -> the hire terms per day (0.60); the same with round 49. heldout49 (blind, round 48) 2 of 120, the
# same with round 49: "what time do the lantern bar open" -> open until midnight (0.81), "what do delivery cost if
# i'm further out than ten miles" -> the delivery terms within 10 miles (0.74). heldout50 (blind, round 49) 0 of 120,
# the same with round 50. heldout51 (blind, round 50) 4 of 120, a second question in one breath asking what the
# site never says: "if i buy taps here can someone come and fit them" -> the plumbing aisle (0.66), "can breakfast
# come up to us in the room and is that extra" -> breakfast (0.65), "my daughter could fetch my results could she or
# must it be me" -> where results are given (0.43), "can i swap from doctor chen to doctor patel and who do i ask" ->
# the doctors (0.67); with round 51 only the results one. heldout52 (blind, round 51) 1 of 120: "what's the late fee
# if the hire drill comes back a day over" -> the hire terms per day (0.64); 0 with round 52, which reads goods back
# "a day over" as overdue. heldout53 (blind, round 52) 3 of 120, near misses: "what floor is my room on" -> the gym
# on the 4th floor (0.68), "what's the wait like today for a walk in" -> the walk-in hours (0.56), "does the lift
# behind reception go up to a a second floor" -> the lift to the first floor (0.80); the same with round 53. heldout54
# (blind, round 53) 3 of 118, near misses: "is dana whitfield in the shop today" -> the store manager is Dana
# Whitfield (0.78), "what time does the elm street subway stop running at night" -> the nearest station (0.56), "how
# many minutes does a blood test take" -> the fasting rule (0.42); 2 with round 54, which reads whether a named
# person is in today as how things stand right now. heldout55 (blind, round 54) 3 of 119, near misses: "is the car
# park behind the store open overnight or no" -> the free parking (0.61), "where do i go to pay the fee for missing an
# appointment" -> the cancellation terms (0.77), "after the walk in hours can i still get a same day appointment" ->
# the walk-in hours (0.65); the same with round 55, 2 with round 57 (which asks for the hours when the car park is
# asked about overnight). heldout56 (blind, round 55) 0 of 120. heldout57 (round 57, seen before its run) 0 of 120.
# heldout58 (blind, round 57) 2 of 120: "will yous be open on good friday or is it shut" -> the clinic's weekday hours
# (0.79), "can i take my fasting blood test in the afternoon instead" -> the fasting rule (0.63); 1 with round 58.
# heldout59 (blind, round 59) 3 of 123, near misses: "what happens if i go over the two hours in the car park is it a
# fine" -> the free 2 hours (0.67), "can we get breakfast sent up to the room instead" -> the breakfast hours (0.65),
# "what time does the lantern bar start serving in the afternoon" -> open until midnight (0.58); 0 with round 60.
# heldout60 (blind, round 60) 4 of 123, near misses: "can i leave my car overnight in the customer parking" -> the free
# 2 hours (0.64), "will you take back a tin of paint once it's been mixed to a colour" -> how long mixing takes
# (0.67), "how late can i be for my appointment before i lose it" -> the missed-appointment terms (0.56), "can i ask
# to see a woman doctor" -> the walk-in hours (0.61); 1 with round 61 (the car park overnight: "free" is a price, and
# the night is what a price is counted by). heldout61 (blind, round 61) 0 of 119. heldout62 (blind, round 62) 0 of 120.
# heldout63 (blind, round 64) 1 of 120: "do you fit the taps for me or just sell them" -> the plumbing aisle (0.68); 0
# with round 65. heldout64 (blind, round 65) 1 of 120: "does the flu jab make you feel sick after" -> the flu jab's
# terms (0.64); 0 with round 66 (it asks about side effects). heldout65 (blind, round 66, on the Intel Xeon of stop 39)
# 2 of 225 (its non-FAQ list is twice as long as the others'): "how do i wire a light switch myself" -> the electrical
# aisle (0.49), "the kids want to swim at seven is somebody watching the pool" -> the pool's hours (0.64); the same with
# round 67. heldout66 (blind, round 67) 2 of 225: "good morning to you how's your morning been" -> the opening hours
# (0.55), "how many cuts can the timber desk do in an hour" -> the cutting terms (0.67). heldout67 (blind, round 68)
# 0 of 225; the same with round 69. heldout68 (blind, round 69) 0 of 225.
FALSE_MATCH_CEILINGS = {"calibration": 0.01, "heldout": 0.01, "heldout2": 0.01, "heldout3": 0.02, "heldout4": 0.01,
                        "heldout5": 0.01, "heldout6": 0.01, "heldout7": 0.01, "heldout8": 0.01, "heldout9": 0.02,
                        "heldout10": 0.01, "heldout11": 0.01,
                        "heldout12": 0.03, "heldout13": 0.01, "heldout14": 0.02,
                        "heldout15": 0.01, "heldout16": 0.05, "heldout17": 0.05,
                        "heldout18": 0.03, "heldout19": 0.04, "heldout20": 0.03, "heldout21": 0.02,
                        "heldout22": 0.03, "heldout23": 0.01, "heldout24": 0.05, "heldout25": 0.01,
                        "heldout26": 0.05, "heldout27": 0.01, "heldout28": 0.04,
                        "heldout29": 0.02, "heldout30": 0.02, "heldout31": 0.02,
                        "heldout32": 0.01, "heldout33": 0.03,
                        "heldout34": 0.02, "heldout35": 0.01,
                        "heldout36": 0.01, "heldout37": 0.01,
                        "heldout38": 0.01, "heldout39": 0.01,
                        "heldout40": 0.01, "heldout41": 0.01, "heldout42": 0.01,
                        "heldout43": 0.01, "heldout44": 0.02,
                        "heldout45": 0.01, "heldout46": 0.01,
                        "heldout47": 0.01, "heldout48": 0.03, "heldout49": 0.02,
                        "heldout50": 0.01, "heldout51": 0.01, "heldout52": 0.01, "heldout53": 0.03,
                        "heldout54": 0.03, "heldout55": 0.03, "heldout56": 0.01, "heldout57": 0.01,
                        "heldout58": 0.02, "heldout59": 0.01,
                        "heldout60": 0.04, "heldout61": 0.01, "heldout62": 0.01, "heldout63": 0.01,
                        "heldout64": 0.01, "heldout65": 0.01, "heldout66": 0.01,
                        "heldout67": 0.01, "heldout68": 0.01, "heldout69": 0.01, "heldout70": 0.01}


@pytest.fixture(scope="module")
def knowledge_eval(engines) -> KnowledgeEval:
    return KnowledgeEval(engines.embedder, engines.llm)


@pytest.fixture(scope="module")
def replies(knowledge_eval: KnowledgeEval) -> dict[str, list[Reply]]:
    return {split: [knowledge_eval.system_reply(item) for item in items] for split, items in ITEMS.items()}


@pytest.fixture(scope="module")
def false_matches(knowledge_eval: KnowledgeEval) -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    """Per split: its unanswerable (site, question) pairs, and those that got a confident answer."""
    out = {}
    for split in SPLITS:
        pairs = unanswerable(split)
        out[split] = (pairs, [(s, q) for s, q in pairs if is_confident(knowledge_eval.responders[s], q)])
    return out


@pytest.mark.parametrize("split", SPLITS)
def test_eval_sets_cover_three_sites_and_every_category(split: str) -> None:
    items = ITEMS[split]
    assert len(items) >= 60
    sites = {i.site for i in items}
    assert len(sites) >= 3
    for site in sites:
        for cat in CATEGORIES:
            assert sum(1 for i in items if i.site == site and i.category == cat) >= 5, (site, cat)
    if split == "heldout":
        for cat in CATEGORIES:
            assert sum(1 for i in items if i.category == cat) >= 30, cat


def test_held_out_questions_are_new() -> None:
    """No question of a set is in an earlier set or its non-FAQ list (or the split would leak)."""
    seen: set[str] = set()
    for split in SPLITS:
        own = {i.question.lower() for i in ITEMS[split]} | {q.lower() for qs in load_non_faq(split).values()
                                                            for q in qs}
        assert not own & seen, (split, own & seen)
        seen |= own


@pytest.mark.parametrize("item", [i for i in ALL_ITEMS if i.expect], ids=lambda i: i.question)
def test_every_expected_key_fact_is_in_the_site_knowledge(item: EvalItem) -> None:
    """Otherwise the item could never be answered right and would test nothing."""
    site = load_site(SITES_DIR / f"{item.site}.yaml")
    assert states_key_facts(" ".join(site.texts), item.expect)


def test_questions_are_not_copied_into_the_entries() -> None:
    for item in ALL_ITEMS:
        site = load_site(SITES_DIR / f"{item.site}.yaml")
        known = {q.lower().rstrip("?") for e in site.entries for q in e.questions}
        assert item.question.lower().rstrip("?") not in known, item.question


@pytest.mark.parametrize("split", SPLITS)
def test_no_reply_states_a_fact_the_site_does_not_know(replies: dict[str, list[Reply]], split: str) -> None:
    stating = [(r.item.question, r.text, r.unsupported) for r in replies[split] if r.unsupported]
    assert not stating


@pytest.mark.parametrize("split", SPLITS)
def test_right_key_fact_floors(replies: dict[str, list[Reply]], split: str) -> None:
    scores = summarise(replies[split])
    paraphrase, fact = KEY_FACT_FLOORS[split]
    assert scores["paraphrase"].key_fact >= paraphrase, scores["paraphrase"]
    assert scores["fact"].key_fact >= fact, scores["fact"]
    paraphrase, fact = AT_ONCE_FLOORS[split]
    assert scores["paraphrase"].at_once >= paraphrase, scores["paraphrase"]
    assert scores["fact"].at_once >= fact, scores["fact"]


def test_a_yes_to_an_offer_gets_the_key_fact_and_a_no_the_fallback(replies: dict[str, list[Reply]]) -> None:
    """The offer is in the loop both ways: some answers come after a yes, and every declined offer to an
    out-of-scope question ends in the fallback."""
    answerable = [r for rs in replies.values() for r in rs if r.item.category != "out_of_scope"]
    accepted = [r for r in answerable if r.offer == "accepted"]
    assert accepted and all(r.key_fact for r in accepted), [r.item.question for r in accepted if not r.key_fact]
    declined = [r for rs in replies.values() for r in rs if r.item.category == "out_of_scope" and r.offer]
    assert declined and all(r.offer == "declined" and r.honest for r in declined)


def test_a_careful_site_keeps_false_confident_answers_under_1_percent(knowledge_eval: KnowledgeEval) -> None:
    """`ask_before_answer_below` (off by default) at 0.70: every confident answer under it is asked back about
    first. Over every set that meets the 1 % goal (measured 20 of 2550, 0.78 %, against 33 with the default
    options; at 0.64, 23, 0.90 %, with 244 waiting), and no right answer is lost: each is spoken at once or after a
    yes to its own offer (363 of the 728 right confident answers wait for the yes)."""
    options = KnowledgeOptions(ask_before_answer_below=0.70)
    careful = {site: Responder(r.matcher, options) for site, r in knowledge_eval.responders.items()}
    pairs = [pair for split in SPLITS for pair in unanswerable(split)]
    fired = [(s, q) for s, q in pairs if is_confident(careful[s], q)]
    assert len(fired) <= 0.01 * len(pairs), fired
    for item in (i for i in ALL_ITEMS if i.expect):
        usual = knowledge_eval.responders[item.site].plan(item.question)
        if isinstance(usual, (Matched, Direct)) and states_key_facts(usual.text, item.expect):
            now = careful[item.site].plan(item.question)
            said = now.unit.text if isinstance(now, Offer) else getattr(now, "text", "")
            assert said == usual.text, (item.question, now)


def test_the_kiosk_asks_back_about_few_questions_it_cannot_answer(knowledge_eval: KnowledgeEval) -> None:
    pairs = [pair for split in SPLITS for pair in unanswerable(split)]
    responders = knowledge_eval.responders
    asked = [(s, q) for s, q in pairs if responders[s].offer_in(responders[s].plan(q)) is not None]
    assert len(asked) <= ASKED_BACK_CEILING * len(pairs), len(asked)


@pytest.mark.parametrize("split", SPLITS)
def test_out_of_scope_answered_honestly_floors(replies: dict[str, list[Reply]], split: str) -> None:
    assert summarise(replies[split])["out_of_scope"].honest >= HONEST_FLOORS[split]


@pytest.mark.parametrize("split", SPLITS)
def test_few_confident_answers_to_unanswerable_questions(false_matches, split: str) -> None:
    pairs, fired = false_matches[split]
    assert len(pairs) >= (100 if split in ("calibration", "heldout") else 60)
    assert len(fired) <= FALSE_MATCH_CEILINGS[split] * len(pairs), fired


def test_few_wrong_answers_to_answerable_questions(replies: dict[str, list[Reply]]) -> None:
    """An answerable question answered with something other than its key fact (and not with "I don't know") sends the
    visitor away misinformed, which is worse than the fallback. Measured: 26 of 4466 with heldout65 (none on it, blind)
    on the Intel Xeon of stop 39, where SmolLM2 decodes some replies differently (18 on the AMD EPYC). 18 of 4397 with
    round 66. 18 of 4397 with
    heldout64 (none on it, blind),
    18 of 4328 with round 65. 18 of 4328 with heldout63 (none on it, blind),
    18 of 4259 with round 64. 18 of 4259 with heldout62 (none on it with the
    evaluator's hyphen, below; one as scored at its blind run), 18 of 4190 with round 62, 18 of 4190 with heldout61
    (none on it, blind), 18 of 4121 with round 61. 18 of 4121 with heldout60 (none on it, blind). 18 of 4052 over every
    set with round 60 and the stricter reading of a key fact of its review (0.44 %: "is the clinic open at the weekend"
    -> the LLM's "The clinic is open on the weekends", and a flu jab's walk-in days -> the walk-in hours, had passed for
    right); 16 of
    4052 with rounds 59 and 60 before it (0.39 %), none on the blind heldout59; 16 of 3983 over every set with round 57
    (0.40 %): none on heldout57 and one on the blind heldout58 ("if i park up in the clinic car park for my appointment
    on the fifth how long before i have to pay" -> the LLM's "The clinic car park is open 9:00 a.m. to 12:00 p.m., and
    Saturday is closed.", the clinic's Saturday hours put on the car park); 15 of 3844 before them with round 57.
    15 of 3775 over every set with round 54 (0.40
    %), none on the blind heldout55 and none on the blind heldout56 (15 of 3844 with round 56); 15 of 3706 with round 54
    (heldout28's "chemist, what time does it shut on a
    friday" now gets the pharmacy's hours); 16 of 3706 over every set with round 53 (0.43
    %), none on the blind heldout54 (though "where's the cash machine at i need to pull some dollars out" got the LLM's
    "The cash machine at the lobby next to the lifts is located at the airport shuttle.", the key fact in a muddled
    sentence); 16 of 3637 with round 53 (0.44
    %), none on heldout53; 16 with round 52, none on the blind heldout53 and none on heldout52 ("still serving" is still
    open, which the bar's hours answer); 17 of 3568 with round 51 on an AMD EPYC (Zen 4) (0.48 %); one on the blind
    heldout52 ("finish at half eleven is the bar still serving then" -> the LLM's "The Lantern Bar in the lobby is still
    serving the same thing as the rest of the bar.", no time at all); 16 of 3499 with rounds 50 and 51 (0.46 %), none on
    the blind heldout51; 16 of 3430 with rounds 49 and 50 (0.47 %); one on the blind heldout50, the same with round 50
    ("my colleague wants a flu shot on tuesday no appointment what hours can he just walk in" -> the walk-in hours, not
    the flu jab's); 15 of 3361 with round 49 (0.45 %), none on the blind heldout49 (16 with round 48); 16 of 3292 with
    round 48 (0.49 %), none on the blind heldout48 nor on the blind heldout47; 16 of 3154 with round 47 on the AMD EPYC
    (Zen 5) (0.51 %); one on the blind heldout46 ("my ride home can't come for me till after lunch how late can i keep
    the room if i ask" -> the check-out time), which round 47 asks back about instead; 16 of 3085 with round 46 (0.52
    %), none on the blind heldout45; 16 of 3016 with round 45 (0.53 %), none on the blind heldout44; 17 of 2947 with
    round 44 (0.58 %), none on the blind heldout43; 17 of 2878 with round 43 on the
    AMD EPYC (Zen 5) (0.59 %), none on the blind heldout42 nor on the blind heldout41 (the same with round 42); 17 of
    2740 with round 41 (0.62 %), none on the blind heldout40; 17 of 2671 with round 40 (0.64 %); one on the blind
    heldout39 ("after the first five cuts on the timber what is the charges per cut" -> the LLM's "The charges per cut
    are $4.50.", the key-cutting price), which round 40 asks back about instead (an LLM sentence may state only the
    prices of what the question names); 17 of 2602 with round 39 (0.65 %), none on the blind heldout38; 17 of 2533 with
    round 38 (0.67 %), one on the blind heldout37 ("the blood test it is on ground floor yes where i go" -> the LLM
    agreed with the wrong floor), which round 38 leaves; 16 of 2464 with round 37 (0.65 %), one on the blind heldout36
    ("the airport shuttle is still free for guests isn't it" -> the LLM agreed), which round 37 asks back about instead;
    16 of 2395 with round 36 (0.67 %), none on the blind heldout35; 16 of 2326 with round 35 (0.69 %), none on the blind
    heldout34; 16 of 2257 with round 34 (0.71 %), none on the blind heldout33; 16 of 2188 with round 33 (0.73 %), none
    on the blind heldout32; 16 of 2119 with round 32 (0.76 %), one on the blind heldout31 ("how long can I leave the
    work van out back" -> the returns rule), which round 32 takes away; 16 of 2050 with round 31 (0.78 %), none on the
    blind heldout30; 16 of 1981 with round 30 (0.81 %), none on the blind heldout29; 16 of 1912 with round 29 (0.84 %),
    one on the blind heldout28; 15 of 1843 with round 28 (0.81 %; 17 with round 27, none on the blind heldout27); 11 of
    1561 over every set on the AMD EPYC of stop 22 (0.70 %; 9 of the 1492 before heldout23 on the Xeon, whose SmolLM2
    replies differ; on the EPYC, e.g. "we've got a small pup with us is there a pet fee" -> "The answer is yes, there is
    a pet fee for dogs under 25 kilograms." without the fee, and "I can't make my appointment tomorrow, what do I do?");
    16 of 1703 on the AMD EPYC (Zen 5) of stop 23 with heldout24 and heldout25 (0.94 %), one on the blind heldout25:
    "how early can we get the keys to our room" -> the gym's "Your room key opens the door."; one on the blind
    heldout23: "Would it be possible to keep the room till one tomorrow? What would that cost?" -> the LLM's "The
    concierge will keep your room until one tomorrow.", the visitor's own time given back as a promise; none on the
    blind heldout22; one on heldout21 when it was blind: "which restaurant does the breakfast, is it the same one as
    dinner" -> the LLM's "The breakfast is actually the same one as dinner, ...", two site things equated with no claim
    the guard checks; none on heldout20 when it was blind; one on heldout19 when it was blind: "opening times please" ->
    the LLM's "The clinic is open Monday to Friday from 8:00 a.m. to 12:00 ...", site times put together wrongly, which
    round 20 stops: the guard takes a span of time only as the site states it; none on heldout18; 11 of 1216 before
    round 18, which asks back about "do you sell drills" (-> tool hire), "Can I stay in my room till one?" (-> the
    check-out time) and the prescription question below, and each no gets the fallback; of the 11, nine a confident
    answer of the wrong unit, e.g. "Do I have to bring anything with me when I come to see the doctor?" -> the walk-in
    hours, on heldout14 "landing half nine, what time would we get the keys to the room" -> the gym's "your room key
    opens the door", on the blind heldout15 "What time do the doctors finish on a weekday?" -> the walk-in hours, and on
    the blind heldout16 "is there somewhere in the building i can get my prescription made up" -> when repeat
    prescriptions are ready, and on the blind heldout17 "My father-in-law had a stroke and can't manage the corridors on
    foot. Do you lend out chairs?" -> the emergency answer; one an LLM reply true but without the key fact: "Is there a
    lift? My knees are bad." -> "... yes, there is a lift to the first floor"; and one an LLM reply that joins two site
    things falsely, with no claim the guard checks, on the blind heldout17: "which underground stop is the nearest one"
    -> "The hotel garage is the nearest underground stop to the hotel."). Before round 11 two more: "Is there a smoking
    floor?" -> "The hotel has a smoking room on the 4th floor, which is open 24 hours a day." (site facts joined into a
    false one, 1 of 69 on the blind set heldout13) and "is the chemist still open after six" -> "The chemist is still
    open after six.". The ceiling leaves room for a few more, not for a change that trades fallbacks for guesses."""
    answerable = [r for rs in replies.values() for r in rs if r.item.category != "out_of_scope"]
    wrong = [(r.item.question, r.text) for r in answerable if not r.key_fact and not r.honest]
    assert len(wrong) <= 0.015 * len(answerable), wrong


def test_the_guard_changes_the_outcome(replies: dict[str, list[Reply]]) -> None:
    """Some LLM replies were stopped by the guard and replaced by the fallback: the guard is in the loop."""
    assert any(r.route.startswith("llm:guarded") for rs in replies.values() for r in rs)


def test_goal_right_key_fact_90_percent_blind_set(replies: dict[str, list[Reply]]) -> None:
    """Met on the newest set, heldout70, blind (round 71, on the Intel Xeon of stop 41: 92.3 / 96.7 %, 36 of 39
    paraphrases and 29 of 30 facts, 9 at once; no wrong answer). Its writer's visitors ask by comparison with somewhere
    else, as a choice between two options (often one right, sometimes both wrong) or what they should do, in Channel
    Islands, Sierra Leonean (Krio) and Cypriot English; its emergency (a scald from boiling oil) was answered at once.
    Met on heldout69, blind (round 70, on the Intel Xeon of stop 41: 94.9 / 100 %, 37 of 39
    paraphrases and 30 of 30 facts, 15 at once; one wrong answer). Its writer's visitors take back the first thing they
    name ("where are the toilets no sorry where is the pharmacy" got the toilets, the wrong answer) or relay a question
    for someone beside them ("my wife's asking"), in Dundonian, Papua New Guinea (with Tok Pisin words) and Zambian
    English; its emergency (a diabetic woman talking nonsense who cannot be woken) was answered at once. With round
    71, designed from its misses: 100 / 100 %.
    Not met on heldout68, blind (round 69, on the Intel Xeon of stop 40: 92.3 / 86.7 %, 36 of 39
    paraphrases and 26 of 30 facts, 4 at once; no wrong answer). Its writer's visitors ask about a thing by what it is
    for, ask it twice in one breath ("how does the bar serve like when does the bar shut") and add a reason or a worry,
    in Orcadian, Tongan and Guyanese English; its emergency (a boy who swallowed "one of the flat round batteries from
    the tv remote") got the fallback, as did the number of days for a repeat prescription and how early to check in.
    With round 70, designed from its misses: 97.4 / 96.7 %.
    Met on heldout67 only with round 69, designed from its misses (97.4 / 93.3 %); not blind, by one paraphrase (round
    68, on the Intel Xeon of stop 40: 89.7 /
    90.0 %, 35 of 39 paraphrases and 27 of 30 facts, only 5 at once; no wrong answer). Its writer spliced someone
    else's speech into the questions as a kiosk in a noisy place hears it (a tannoy, the radio's news and weather, a
    receptionist on the phone), in Falkland Islands, Bermudian and Cape Breton English: "now the weather with sarah",
    "the shipping forecast", "the news at one our top story" and "back to the studio for the headlines" made four
    questions read as asking about the weather or the news (the fallback); its emergency was answered at once. With
    round 69, designed from its misses (the set phrases of a broadcast or an announcement taken out): 97.4 / 93.3 %.
    Not met on heldout66, blind (round 67, on the Intel Xeon of stop 40: 82.1 / 80.0 %, 32 of 39
    paraphrases and 24 of 30 facts, 12 at once; no wrong answer). Its writer wrote the questions as Whisper tiny.en
    mishears them ("is there a toy let in here", "the swimming pole", "a point meant", "withdraw cache"), in Samoan,
    Alaskan and Outer Banks English; 13 of its 69 got the fallback, and its emergency (a boy stung by a bee whose tongue
    is swelling) was one of them. With round 68, designed from its misses: 89.7 / 80.0 % (words the recogniser split
    joined back, "toy let", "break fast", "a point meant"; the emergency answered at once). Met on heldout65 only with
    round 67, designed from its misses (97.4 / 96.7 %, 38 of 39 paraphrases and 29 of 30 facts, 38 at once); not
    blind (round 66, on the Intel Xeon of stop 39: 94.9 / 86.7 %, 37 of 39 paraphrases and 26 of 30 facts, 27 at once;
    no wrong answer). Its writer's visitors say how long they have or what
    the time is now ("i've got maybe twenty minutes", "it's gone half nine") and hedge ("give or take", "roughly",
    "ish"), in Bristolian, Nepali and Gibraltarian English; three of its four missed facts at the hardware store got the
    fallback (the street "roughly and what number", the number to "ring ahead", the manager's "good name"); its
    emergency was answered at once. Met on heldout64 only with round 66, designed from its misses (94.9 / 100 %, 37 of 39
    paraphrases); not blind (round 65: 79.5 / 100 %, 31 of 39 paraphrases and 30 of 30 facts; 25 at once; no wrong
    answer). Its writer's visitors leave the question unfinished for the kiosk to complete ("the shop
    closes on sunday at", "the paint and the brush them is in aisle", "the hotel restaurant for dinner is called"), or
    echo it, and frame it by the weather ("i don't want my car sitting out in the snow", "till the rain quits"), in
    Rhode Island, Pakistani and Liberian English; its emergency was answered at once. Met on heldout63 only with round
    65, designed from its misses (97.4 / 100 %, 38 of 39
    paraphrases and 30 of 30 facts, 27 at once); blind (round 64) one paraphrase short: 89.7 / 96.7 %, 35 of 39
    paraphrases and 29 of 30 facts, 11 at once, no wrong answer. Its writer's visitors tell the kiosk how to answer
    ("just the number", "one word answer", "yes or no", "say it slow", "spell it out", "give it me as a list") and joke
    or exaggerate ("do i have to take out a second mortgage for a spare house key", "is the pool up on the roof or on
    the moon"), in Bahamian, Yooper and Zimbabwean English; all but 11 of its answers came after an offer; its emergency
    (a grandfather "grey and sweaty ... clutching his chest") was answered at once. Met on heldout62 only with round 63
    (92.3 / 96.7 %, 36 of 39 paraphrases and 29 of 30 facts, 33 at once); blind (round 62) one paraphrase short: 89.7 /
    96.7 % (93.3 % as scored at the run, whose one wrong answer,
    "a 5-minute walk", was right but for the hyphen the evaluator then did not take), 31 at once. Its writer's visitors
    ask the kiosk to settle a bet or an argument, with two guesses that are often both wrong ("this gadgie says a spare
    key's a fiver and i said three dollars who wins"), and ask after the fact whether what they already did was all
    right, in Teesside, Manx and Fijian English; its emergency (a boy after his EpiPen whose "throat's still closing up
    and he's going floppy") got the fallback, which round 63 answers at once. Not met on heldout61, blind (round 61:
    89.7 / 90.0 %, 35 of 39 paraphrases and 27 of 30 facts, one paraphrase short; 23 at once; no wrong answer): its
    writer's visitors point at a thing as if the kiosk could see it ("this bulb blew in my kitchen", "see that yellow
    cordless drill in the window") and ask whether they are
    allowed rather than for the fact ("am i allowed to bring my golden retriever", "is it ok if we hang on to this room
    a couple hours longer"), in Maine, Californian and Maltese English; its emergency (an old man "fallen off his chair"
    with "a horrible snoring noise" and blue lips) was answered at once. Not met on heldout60, blind (round 60 and its
    review: 89.7 / 90.0 %, one paraphrase short; 28 at once; no wrong answer; 100 / 96.7 % with round 61, designed from
    its misses): its writer's visitors greet the kiosk or make a pleasantry first in words `intent.without_pleasantry`
    did not know ("hope your day's going good", "how is the day", "how was the night", "well done"), which left small
    talk in the question, and ask for limits and extremes ("the very latest check out", "the cheapest you can cut one
    for"), in Potteries, Wisconsin and Ugandan English; its emergency (a mother who "isn't waking up and her lips are
    going blue") was answered at once. Met on heldout59,
    blind (round 59: 97.4 / 93.3 %, 38 of 39 paraphrases and 28 of 30 facts, 19 at
    once, no wrong answer): its writer's visitors talk to the kiosk as to a smart speaker ("hey kiosk", "alexa no sorry
    kiosk", "computer navigate me to the plumbing bits", "kiosk take me to the lift") and haggle or do sums aloud ("if i
    get three spare keys cut that comes to about twelve bucks right"), in Lancashire, Utah and New Jersey English; its
    emergency (a husband "gone grey and sweaty" and "gripping his chest") was answered at once. Its three misses: a
    haggle before the question ("any chance you'd knock a bit off ... what's it cost a day"), "is the manager here that
    lady dana whitmore" (read as whether someone is in today) and "kiosk take me to the lift" (round 60 reads "take me
    to" as where). Not met on heldout58, blind (round 57: 92.3 / 86.7 %, 36 of 39 paraphrases and 26 of 30 facts,
    only 9 at once, one wrong answer; 94.9 / 86.7 % with round 58, designed from its misses): its writer's visitors name
    a date, a holiday or a season instead of a weekday ("on christmas eve", "the bank holiday monday", "the fourteenth's
    a saturday") and fire two or three clipped questions in one breath ("blood test which room and how long's the queue
    usually", which got the fallback because the queue is how things stand right now; round 58 asks back about the other
    question), in Cornish, Ulster and Chicago English; 55 of its 69 were asked back about first. The wrong answer: "if i
    park up in the clinic car park for my appointment on the fifth how long before i have to pay" got the LLM's "The
    clinic car park is open 9:00 a.m. to 12:00 p.m., and Saturday is closed.", the clinic's Saturday hours put on the
    car park, which the guard passes (every value is the site's). heldout57 (82.5 / 93.3 % with round 57) is no blind
    figure: its questions and their routes were seen in a listing before its run. Met on heldout56, blind (round 55:
    94.9 / 93.3 %, 37 of 39 paraphrases and 28 of 30 facts, 18 at once, no wrong answer; 97.4 / 96.7 % with round 57):
    its writer's visitors frame the time by their own routine or an event rather than a clock, and ask in the negative
    or tentatively, in Brummie, Kenyan and Texan English; its emergency (a father-in-law who "keeled over in your car
    park and he isn't breathing") was only asked back about first, and round 56 answers it at once. Not met on heldout55
    (blind, round 54: 79.5 / 83.3 %, 31 of 39 paraphrases and 25 of 30 facts): its writer's visitors name another of the
    site's services in passing ("just had me spare key cut at the desk lad now where do youse keep all the paint") and
    ask to be reminded ("remind me what time youse open", which round 54 still reads as a chore the kiosk cannot do), in
    Scouse, Ghanaian and Minnesota English; no answer was wrong and its emergency (a father who grabbed his chest and
    fell in the car park) was answered at once. Met on heldout54 with round 54, designed from its misses (94.9 / 96.7
    %). Not met in heldout54's blind run (round 53: 82.1 / 96.7 %, 32 of 39 paraphrases and 29 of 30 facts): its
    writer's visitors quiz the kiosk ("pop quiz", "bet you don't know") and tell the time, pay and measure in units the
    site does not use ("seventeen hundred", "thirty pounds sterling", "fifteen kilometres"), in Shetland dialect, New
    Orleans Yat and Pennsylvania Dutch English; no answer was wrong and its emergency (a man a van reversed over) was
    answered at once. Met on heldout53 only with round 53, designed from its misses (97.4 / 96.7 %: 38 of 39 paraphrases
    and 29 of 30 facts); not met in its blind run (round 52: 84.6 / 93.3 %, 33 of 39 and 28 of 30): its writer's
    visitors stammer, and the recogniser writes their repeats down ("far's the the t t toilets loon"), or ask under a
    misremembered name ("the lighthouse bar", "doctor patterson"), in Appalachian English, Aberdeen Doric and Cumbrian
    ("y'uns", "fit's", "marra"); no answer was wrong, but its emergency (an arm put through a glass door, "the blood's
    pumping out of it it won't stop") got the fallback. Met on heldout52 only with round 52, designed from its misses
    (94.9 / 93.3 %: 37 of 39 paraphrases and 28 of 30 facts); not met in its blind run (round 51: 89.7 / 86.7 %, 35 of
    39 and 26 of 30): its writer's visitors are tradespeople and shift workers on a short break who ask in shorthand
    ("off nights and desperate where's the bog"), in East Midlands, Baltimore and Miami English ("me duck", "hon",
    "bro"); one answer was wrong (the bar "still serving" at half eleven got an LLM sentence with no time). Met on
    heldout51 with round 51, designed from its misses (97.4 / 96.7 %). Not met on heldout51 blind (round 50: 76.9 / 76.7
    %, 30 of 39 paraphrases and 23 of 30 facts): its writer's visitors ask two linked things in one breath ("is there a
    bond to put down first and how much like"), several hard of hearing ("say again i'm hard of hearing"), in Welsh
    English and Geordie ("where to is it", "howay", "yous", "gan"); most misses were asked back about the wrong thing or
    got the fallback. Met on heldout50, with round 50, designed from its misses (92.3 / 96.7 %); not quite in its blind
    run (round 49: 89.7 / 93.3 %, 35 of 39 paraphrases, one short). Its writer's visitors relay a question for someone
    on the phone or further off ("my wife's on speaker she says tell them..."), in Indian and Singaporean English
    ("kindly tell", "got or not"); one answer was wrong (a flu jab without an appointment got the walk-in hours). Met on
    heldout49, with round 49, designed from its misses (97.4 / 90.0 %); not quite in its blind run (89.7 / 90.0 %: 35 of
    39 paraphrases, one short). Its writer's visitors were returning and compared with their last visit ("the chemist
    here used to close at six"), in Norfolk English, Hawaiian Pidgin and Trinidadian English; its emergency, an asthma
    attack told by its signs, got the fallback blind. Not met on heldout48 (97.4 / 80.0 % with round 49; blind, round
    48: 89.7 / 73.3 %): its writer's visitors are parents and minders whose children interrupt them mid-question ("eoin
    stop spinning you'll be sick sorry which street are ye on"), in Irish English ("the jacks", "banjaxed", "your man");
    the paraphrases fell one short, the fact questions eight, most of them a fact asked in an aside-broken sentence. Not
    met on heldout47 (84.6 / 83.3 % with round 48, designed from its misses; 82.1 / 80.0 % blind): its writer's visitors
    were weary or nervous (night shifts, jet lag, fear of needles) and said so first, in Manchester and Philadelphia
    English; what it missed is mostly a thing asked about in words no list holds ("draw out some local cash", "hand the
    cases to", "would you bring it that far"). Not met on heldout46 (89.7 / 93.3 % with round 48, 87.2 / 93.3 % with
    round 47, designed from its misses; 84.6 / 93.3 % blind): its writer's visitors cannot see (a guide dog, a price
    board or a timetable they cannot read) and say so first, in Boston, Pittsburgh and Newfoundland English ("wicked
    glad", "b'y"). Met on heldout45, with round 46, designed from its misses (100 / 100 %); not quite in its blind run
    (89.7 / 90.0 %: 35 of 39 paraphrases, one short). Its writer's visitors were fed up and doubting ("the barman shut
    up shop at eleven, is that normal"), quoting a booking email or a sign, in five regional Englishes. Met on heldout44
    with round 45 (97.4 / 96.7 %); not quite in its blind run (89.7 / 93.3 %: one paraphrase short). Its writer's
    visitors were moving house, marrying and having babies, in Southern American and Nigerian English ("fixin to",
    "might could", "abeg"). Not met on heldout43 (84.6 / 90.0 % with round 44; 79.5 / 86.7 % blind): its writer asked
    for groups (a coach party, care-home residents, a building crew, conference delegates) and named their places ("the
    day centre", "the village hall", "our men's shed"). Not met on heldout42 (89.7 / 96.7 % with round 43, designed from
    its misses; 84.6 / 96.7 % blind): four of its paraphrases are a learner's words ("can i make sport in the fitness",
    "lend a drilling machine from you"); two self-corrections it missed blind ("the x ray no wait it's a blood test")
    round 43 finds. Not met on heldout41 blind (89.7 / 76.7 %: old-fashioned names, a reason run on after the question;
    92.3 / 93.3 % with round 42). Not met on heldout40 (82.1 / 83.3 % with round 41, 84.6 / 93.3 % with round 42; 79.5 /
    83.3 % blind): its writer's teenage slang ("no cap", "fr"), words read off a note and comparisons with another place
    went past the word lists. Met on heldout39 with round 40 (97.4 / 100 %) and in its blind run too (97.4 / 96.7 %).
    Met on heldout38 with round 39 (97.4 / 96.7 %) and in its blind run (92.3 / 90.0 %), the first blind run to meet it.
    Met on heldout37 with round 38 (94.9 / 96.7 %; its blind run 89.7 / 93.3 %: one paraphrase short). Not met on
    heldout36 (87.2 / 90.0 % with round 37; 82.1 / 86.7 % blind); met on heldout35 with round 36, designed from its
    misses (94.9 / 96.7 %; 82.1 / 80.0 % blind). Judged after at most one yes to an offer, the kinder reading; at once
    it is far off (heldout55 25.6 / 26.7 % blind; heldout54 20.5 / 30.0 % blind; heldout53 20.5 / 33.3 % blind, 33.3 /
    43.3 % with round 53; heldout52 23.1 / 30.0 % blind, 23.1 / 33.3 % with round 52; heldout51 20.5 / 10.0 % blind;
    heldout50 20.5 / 36.7 %, blind and with round 50; heldout59 30.8 / 23.3 % blind; heldout60 41.0 / 40.0 % blind;
    heldout61 25.6 / 43.3 % blind; heldout62 48.7 / 40.0 % blind; heldout63 15.4 / 16.7 % blind; heldout64 28.2 / 46.7 %
    blind; heldout65 43.6 / 33.3 % blind). When blind: heldout65 94.9 / 86.7 %, heldout64 79.5 / 100 %, heldout63 89.7 / 96.7 %, heldout62 89.7 / 96.7 %, heldout61 89.7 / 90.0
    %, heldout60 89.7 / 90.0 %, heldout59 97.4 / 93.3 %, heldout58 92.3 / 86.7 %, heldout56 94.9 / 93.3 %, heldout55
    79.5 / 83.3 %, heldout54 82.1 / 96.7 %, heldout53
    84.6 / 93.3 %, heldout52 89.7 / 86.7 %, heldout51 76.9 / 76.7 %, heldout50 89.7 / 93.3 %, heldout49 89.7 / 90.0 %,
    heldout48 89.7 / 73.3 %, heldout47 82.1 / 80.0 %,
    heldout46 84.6 / 93.3 %, heldout45 89.7 / 90.0 %, heldout44 89.7 / 93.3 %, heldout43 79.5 / 86.7 %, heldout42 84.6 /
    96.7 %, heldout41 89.7 / 76.7 %, heldout40 79.5 / 83.3 %, heldout39 97.4 / 96.7 %, heldout38 92.3 / 90.0 %,
    heldout37 89.7 / 93.3 %, heldout36 82.1 / 86.7 %, heldout35 82.1 / 80.0 %, heldout34 84.6 / 83.3 %, heldout33 76.9 /
    73.3 %, heldout32 82.1 / 73.3 %, heldout31 87.2 / 80.0 %, heldout30 79.5 / 73.3 %, heldout29 78.0 / 78.6 %,
    heldout28 81.6 / 77.4 %, heldout27 85.4 / 86.2 %, heldout26 72.5 / 90.0 %, heldout25 73.8 / 90.0 %, heldout24 85.0 /
    70.0 %, heldout23 89.7 / 86.7 %, heldout22 82.1 / 80.0 %, heldout21 64.1 / 80.0 %."""
    scores = summarise(replies["heldout70"])
    assert scores["paraphrase"].key_fact >= 0.9 and scores["fact"].key_fact >= 0.9


def test_goal_out_of_scope_answered_honestly_90_percent_blind_set(replies: dict[str, list[Reply]]) -> None:
    """Met on the newest set, heldout70: 100 % blind (round 71, on the Intel Xeon of stop 41: 21 of 21).
    heldout69: 95.2 % blind (round 70, on the Intel Xeon of stop 41: 20 of 21, 14 asked back
    about first; "what time the lantern bar opens in the day not when it shuts" got its closing time).
    heldout68: 100 % blind (round 69, on the Intel Xeon of stop 40: 21 of 21, 12 asked back about first).
    heldout67: 100 % blind (round 68, on the Intel Xeon of stop 40: 21 of 21, 9 asked back about first).
    heldout66: 100 % blind (round 67, on the Intel Xeon of stop 40: 21 of 21, 12 asked back about first).
    heldout65: 100 % blind (round 66, on the Intel Xeon of stop 39: 21 of 21, 15 asked back about first).
    heldout64: 95.2 % blind (round 65: 20 of 21, 10 asked back about first; "does the flu jab
    make you feel sick after" got the flu jab's terms as a confident answer).
    heldout63: 100 % blind (round 64: 21 of 21, 12 asked back about first).
    heldout62: 95.2 % blind (round 62: 20 of 21, 11 asked back about first; "can i pay for the garage by the week
    instead of by the night" got the LLM's garage price per night, which the guard passed; 21 of 21 with round 64).
    heldout61: 100 % blind (round 61: 21 of 21, 4 asked back about first).
    heldout60: 100 % blind (round 60: 21 of 21, 11 asked back about first).
    heldout59: 100 % blind (round 59: 21 of 21, 3 asked back about first; its haggling ones,
    "do you price match", "is there a trade discount", "can you get me a cheaper rate", got the fallback).
    heldout58: 95.2 % blind (round 57: 20 of 21, 4 asked back about first; "will yous be
    open on good friday or is it shut" got the clinic's weekday hours, which say nothing of a holiday); 100 % with
    round 58 (21 of 21), which reads whether a place is open on a public holiday as an exception to its usual week.
    heldout57: 100 % (21 of 21, 11 asked back about first; seen before its run, so no blind figure).
    heldout56: 100 % (blind, 21 of 21, 3 asked back about first).
    heldout55: 100 % (blind, 21 of 21, 10 asked back about first; the same with round 55).
    heldout54: 100 % (blind, 21 of 21, 7 asked back about first; the same with round 54).
    heldout53: 100 % (blind, 21 of 21, 6 asked back about first; the same with round 53).
    heldout52: 100 % (blind, 21 of 21, 6 asked back about first; the same with round 52).
    heldout51: 100 % with round 51 (blind, 95.2 %: 20 of 21, 8 asked back about first).
    heldout50: 100 % (21 of 21, the same in its blind run, 13 asked back about first).
    heldout49: 95.2 % (20 of 21, the same in its blind run, 8 asked back about first).
    heldout48: 100 % (21 of 21, the same in its blind run, 9 asked back about first).
    heldout47: 100 % (21 of 21, the same in its blind run, 9 asked back about first).
    heldout46: 100 % (21 of 21, the same in its blind run, 6 asked back about first).
    heldout45: 100 % (21 of 21, the same in its blind run, 8 asked back about first).
    heldout44: 100 % (21 of 21, the same in its blind run). heldout43: 100 % (21 of 21, the
    same in its blind run). heldout42: 100 % (21 of 21, the
    same in its blind run). heldout41: 100 % (21 of 21, the
    same blind). heldout40: 100 % (21 of 21, the same in its blind run). heldout39: 100 % (21 of 21, the
    same blind). heldout38: 100 % (20 of 20; 21 of
    21 in its blind run, before a repeat of heldout_set was taken out). When blind: heldout37 100 %,
    heldout36 95.2 %,
    heldout35 90.5 %,
    heldout34 100 %,
    heldout33 90.5 %, heldout32 100 %,
    heldout31 100 %, heldout30 90.5 %,
    heldout29 100 %, heldout28 95.2 %, heldout27 95.2 %,
    heldout26 90.5 %, heldout25 100 %, heldout24 95.2 %, heldout23 100 %, heldout22 100 %, heldout21 100 %."""
    assert summarise(replies["heldout70"])["out_of_scope"].honest >= 0.9


def test_goal_false_matches_1_percent_blind_set(false_matches) -> None:
    """Met on the newest set, heldout70, blind (round 71, on the Intel Xeon of stop 41: 0 of 225, 76 asked back about
    first). Not met on heldout69, blind (round 70, on the Intel Xeon of stop 41: 5 of 225, 2.2 %, 58 asked
    back about first). All five are near misses on a thing the site names, three of them relayed for someone beside
    the visitor ("she's asking"): the cocktails at the Lantern Bar, a smoking area outside, whether Dr. Patel can see someone today, what to
    eat after the fasting blood test, and when the bar opens (its closing time); 1 with round 71, designed from its
    misses (the smoking area outside). Met on heldout68, blind (round 69, on the Intel Xeon of stop 40: 0 of 225, 49 asked back about
    first). Met on heldout67, blind (round 68, on the Intel Xeon of stop 40: 0 of 225, 54 asked back about first). Met on heldout66, blind (round 67, on the Intel Xeon of stop 40: 2 of 225, 0.9 %, 63 asked back
    about first: "good morning to you how's your morning been" got the opening hours, how many cuts the timber desk
    can do in an hour the cutting terms). Met on heldout65, blind (round 66, on the Intel Xeon of stop 39: 2
    of 225, 0.9 %, 63 asked back
    about first: a light switch wired oneself got the electrical aisle, whether somebody watches the pool the pool's
    hours). Met on heldout64, blind (round 65: 1 of 120, 0.8 %, 36 asked back about first: "does the flu jab
    make you feel sick after" got the flu jab's terms). Met on heldout63, blind (round 64: 1 of 120, 0.8 %, 26 asked
    back about first: "do you fit the taps for me or just sell them" got the plumbing aisle; 0 with round 65). Met on
    heldout62, blind (round 62: 0 of 120, 22 asked back about first). Met on heldout61, blind (round 61: 0 of 119, 15
    asked back about first). Not met on heldout60,
    blind (round 60 and its review: 4 of 123, 3.3 %, near misses listed above: the car park overnight, taking back
    mixed paint, how late one may be, a woman doctor; 1 with round 61, designed from them). Met on heldout59
    only with round 60, designed from its misses (0 of 123); not in its blind run (round 59: 3 of 123, 2.4 %, near
    misses listed above: what happens after the car park's free two hours, breakfast sent up to the room, when the bar
    starts serving). Met on heldout58 only with round 58, designed from its misses
    (1 of 120: "can i take my fasting blood test in the afternoon instead" -> the fasting rule, 0.63); not in its blind
    run (round 57: 2 of 120, 1.7 %;
    also "will yous be open on good friday or is it shut" -> the clinic's weekday hours, 0.79, which round 58 reads as
    asking about an exception to the usual week). heldout57 (0 of 120 with round 57) was seen before its run. Met on
    heldout56 (blind, round 55: 0 of 120). Not met on heldout55 (blind, round 54: 3 of 119, 2.5 %; near misses listed
    above: the car park overnight, where to pay a missed-appointment fee, a same-day appointment after the walk-in
    hours). Not met on heldout54 (blind, round 53: 3 of 118, 2.5 %; 2 with round 54; near misses listed above: whether
    the manager is in today, when the subway stops running, how long a blood test takes). Not met on heldout53 (blind,
    round 52: 3 of 120, 2.5 %, the same with round 53; near misses listed above: the floor of "my room", the wait for a
    walk-in, a lift to a "second floor"). Met on heldout52 (blind, round 51: 1 of 120, 0.8 %, a hire drill back "a day
    over" got the hire terms per day; 0 of 120 with round 52). Met on heldout51 with round 51 (1 of 120); not in its
    blind run (round 50: 4 of 120, 3.3 %, each a second question in one breath that the site does not answer, listed
    above). Met on heldout50 (blind, round 49: 0 of 120; the same with round 50). Not met on heldout49 (blind, round 48:
    2 of 120, 1.7 %, the same with round 49, both near misses: "what time do the lantern bar open" got that it is open
    until midnight, delivery "further out than ten miles" the delivery terms within 10 miles). Not met on heldout48
    (blind, round 48: 3 of 120, 2.5 %, the same with round 49, all near misses at the hardware store: keys cut "for a
    car", the timber desk's hours "of an evening", a drill hired "for just an hour"). Met on heldout47 (blind, round 47:
    1 of 120, 0.8 %; the same with round 48: "what does it mean if they ask me to come back in about my results" got
    where and when results are given). Met on heldout46 (blind, round 46: 1 of 120, 0.8 %; the same with round 47: "is
    the t running on time today", Boston's subway, got the opening hours). Met on heldout45 with round 46 (0 of 120),
    which reads a why-question as asking a reason; not in its blind run (round 45: 2 of 120, 1.7 %, both why-questions
    answered with where the thing is). Not met on heldout44 (blind, round 44: 2 of 120, 1.7 %; the same with round 45):
    "do you refill propane tanks or do you only swap them" got the cylinder exchange, "what does the car park cost once
    the free time runs out" the free 90 minutes. Met on heldout43 (blind, round 43: 0 of 120; 0 of 117 with round 44,
    after a repeat of eval_set was taken out). Met on heldout42 only with round 43, designed from its misses (0 of 120;
    blind, round 42: 4 of 120, 3.3 %, three of them one question asking the clock as "which time is it now" on the three
    sites). Met on heldout41 (blind, round 41: 1 of 120, 0.8 %; the same with rounds 42 and 43), on heldout40 (blind,
    round 40: 1 of 120, 0.8 %; the same with round 41), on heldout39 (blind, round 39: 0 of 120; the same with round
    40), on heldout38 (blind, round 38: 0 of 120; 0 of 118 with round 39), on heldout37 (blind, round 37: 0 of 120; the
    same with round 38), on heldout36 (blind, round 36: 1 of 120, 0.8 %; the same with round 37), and on heldout35
    (blind, round 35: 1 of 120, 0.8 %; the same with round 36). Not met on heldout34 (blind, round 34: 2 of 120, 1.7 %;
    the same with round 35), nor on heldout33 (blind, round 33: 4 of 120, 3.3 %; 3 with round 34). Met on heldout32
    (blind, round 32: 1 of 120, 0.8 %; the same with round 33). Not met on heldout31 (blind, round 31: 2 of 120, 1.7 %),
    nor on heldout30 (blind, round 30: 3 of 120, 2.5 %; 2 with round 31), nor on heldout29 (blind, round 29: 2 of 120,
    1.7 %), nor on heldout28 (blind, round 28: 4 of 120, 3.3 %; near misses, listed above). Met on heldout27 (blind,
    round 27: 1 of 120, 0.8 %; 0 since round 28). Not met on heldout26 (blind, round 25: 6 of 120, 5.0 %) nor on
    heldout24 (blind: 6 of 111); met on heldout25 (blind: 1 of 120) and heldout23 (1 of 111). Earlier blind sets:
    heldout22 3 of 111, heldout21 2, heldout20 3, heldout19 4, heldout18 5, heldout17 8, heldout16 10, heldout15 5,
    heldout14 7, heldout13 4, heldout12 3, heldout11 4, heldout10 0, heldout9 4."""
    pairs, fired = false_matches["heldout70"]
    assert len(fired) <= 0.01 * len(pairs)


def test_goal_false_matches_1_percent_over_every_set(false_matches) -> None:
    """Met over the 8919 unanswerable pairs of all sets together: 67 on the Intel Xeon of stop 41 with round 71 (0.75 %;
    heldout70 0, blind). Over the 8694 before heldout70: 67 with round 71 (0.77 %; heldout69 1), 71 with round 70
    (0.82 %; heldout69 5, blind). Over the 8469 before heldout69: 66 with round 70 and on the Intel Xeon of stop 40 with round 69
    (0.78 %; heldout68 0, blind). Over the 8244 before heldout68: 66 with rounds 68 and 69 (0.80 %; heldout67 0, blind). Over the 8019 before heldout67: 66 with rounds 67 and 68 (0.82 %; heldout66 2, blind). Over the 7794 before heldout66: 64 with round 67 (heldout65 2; heldout43's "does the timber desk
    cut sheets of plywood as well as planks" now answered with the cutting terms, heldout30's drill bits no longer with
    the hire prices), 64 on the Intel Xeon of stop 39 with round 66 (0.82 %;
    heldout65 2, blind; the other 7569 62, as on the AMD EPYC). Over the 7569 before heldout65: 62 on an AMD EPYC (Zen
    4) with round 66 (0.82 %;
    heldout64 0), 63 with round 65 (0.83 %; heldout64 1, blind). Over the 7449 before heldout64: 62 with round 65 (0.83
    %; heldout63 0, heldout13's "will you fit a tap for me" no longer answered), 64 with round 64 (0.86 %; heldout63 1,
    blind). Over the 7329 before heldout63: 63 with rounds 62 and 64 (0.86 %; heldout62 0, blind). Over the 7209 before
    heldout62: 63 with rounds 61 and 62 (0.87 %; heldout61 0, blind). Over the 7090 before heldout61: 63 with round 61
    (0.89 %; heldout60 1: a woman
    doctor, how
    late one may be, taking back mixed paint and heldout54's subway at night are no longer answered at once), 67 with
    round 60 and its review (0.94 %; heldout60 4, blind). Over the 6967 before heldout60: 63 with round 60 (0.90 %;
    heldout59 0: what happens after the car park's free hours, breakfast sent up to the room and when a bar starts
    serving are no longer answered with the free hours, the breakfast hours or the closing time; nor heldout26's
    "what do i pay if i stay over the two hours in the car park"), 67 with round 59 (0.96 %; heldout59 3). Over the 6844
    before heldout59: 64 with rounds 58 and 59 (0.94 %; heldout57 0, heldout58 1), 65 with round 57 (0.95 %; heldout58
    2). Round 57 took away 15 of the 78 over the 6604
    before heldout57 (0.95 %): a start time for "when does X open", the hours for "is X open all night", a clock time or
    a span (not any number) for "what time", a lead ("8 hours before the test") is not how long a thing takes, and a
    person's sex, the visitor's own booking and a train "running on time" are out of scope. Before it, not met: 78 over
    the 6604 with rounds 55 and 56 (1.18 %; heldout56 0). Over the 6484 before heldout56: 78 with rounds 54 and 55 (1.20
    %; heldout55 3). Over the 6365 before heldout55: 75 with round 54 (1.18 %; heldout54 2), 77 with round 53 (1.21 %;
    heldout54 3). Over the 6247 before heldout54: 74 with rounds 52 and 53 (1.18 %; heldout53 3). Over the 6127 before
    heldout53: 71 with round 52 (1.16 %; heldout52 0), 72 with round 51 (1.18 %; heldout52 1). Over the 6007 before
    heldout52: 71 with round 51 (1.18 %; heldout51 1), 75 with round 50 (1.25 %; heldout51 4). Over the 5887 before
    heldout51: 71 with rounds 49 and 50 (1.21 %; heldout50 0). Over the 5767 before heldout50: 71 with rounds 48 and 49
    (1.23 %; heldout49 2). Over the 5647 before heldout49: 69 with round 48 (1.22 %; heldout48 3). Over the 5527 before
    heldout48: 66 with round 48 (1.19 %; heldout47 1; 67 with round 47, which also answered "do you refill propane tanks
    or do you only swap them" with the cylinder exchange). Over the 5407 before heldout47: 66 on the AMD EPYC (Zen 5)
    with rounds 46 and 47 (1.22 %; heldout46 1). Over the 5287 before heldout46: 65 with round 46 (1.23 %; heldout45 0;
    67 with round 45, heldout45 2). Over the 5167 before heldout45: 65 with round 45 (1.26 %; heldout44 2; 67 with round
    44, which answered "who's working on the service desk today" and "who fits the kitchens you sell" with a unit that
    names nobody). Over the 5047 before heldout44: 65 with rounds 43 and 44 (1.29 %; heldout43 0). Over the 4930 before
    heldout43: 65 with round 43 (1.32 %; heldout41 1, heldout42 0; 69 with round 42, heldout42 4). Over the 4810 before
    heldout42: 65 with round 42 (1.35 %; heldout41 1). Over the 4690 before heldout41: 64 with rounds 40 and 41 (1.36 %;
    heldout40 1). Over the 4570 before heldout40: 63 with round 40 (1.38 %; heldout39 0). Over the 4450 before
    heldout39: 63 with round 39 (1.42 %; heldout38 0). Over the 4332 before heldout38: 63 with rounds 37 and 38 (1.45 %;
    heldout37 0). Over the 4212 before heldout37: 63 with rounds 36 and 37 (1.50 %; heldout36 1). Over the 4092 before
    heldout36: 62 with rounds 35 and 36 (1.52 %; heldout35 1). Over the 3972 before heldout35: 61 with rounds 34 and 35
    (1.54 %; heldout34 2). Over the 3852 before heldout34: 59 with round 34 (1.53 %; heldout33 3; 60 with round 33).
    Over the 3732 before heldout33: 56 with rounds 32 and 33 (1.50 %; heldout32 1). Over the 3612 before heldout32: 55
    with rounds 31 and 32 (1.52 %; heldout31 2). Over the 3492 before heldout31: 53 with round 31 (1.52 %; heldout30 2;
    54 with round 30). Over the 3372 before heldout30: 51 with round 30 (1.51 %; heldout29 2). Over the 3252 before
    heldout29: 49 with round 29 (1.51 %; heldout28 4). Over the 3132 before heldout28: 45 with round 28 (1.44 %; 46 with
    round 27, heldout27 1). Over the 3012 before heldout27: 45 with round 27 (34 on the 24 sets before heldout24,
    heldout24 5, heldout25 1, heldout26 5), 1.49 %. Over the 2661 before heldout24: 33 on the AMD EPYC (AVX2) of stop 22
    (heldout3, 5, 11, 13, 15 and 23 one each, heldout9 2, heldout14 2, heldout22 2, heldout12 3, heldout18 3, heldout20
    3, heldout17 4, heldout16 4, heldout19 4), 1.24 %; 34 on the Xeon of stops 13-21 and on the Zen 5, where heldout21
    has one more (1.28 %); over the 2550 before heldout23, 1.29 % on the Xeon (1.41 % before round 23, 1.93 % with the
    code before round 18, 2.47 % over the 19 sets before round 16). Met (0.90 %) until heldout13 was added; the per-set
    ceilings above keep each set from getting worse."""
    pairs = [pair for split_pairs, _ in false_matches.values() for pair in split_pairs]
    fired = [pair for _, split_fired in false_matches.values() for pair in split_fired]
    assert len(fired) <= 0.01 * len(pairs), fired


@pytest.mark.parametrize("reply, expect, stated", [
    ("Patients should check in at the kiosk 10 minutes before their appointment time.", ("10 minutes",), True),
    ("Walk-in appointments are available on weekdays from 8:00 a.m. to 10:00 a.m.", ("10 minutes",), False),
    ("The clinic is open on the weekends.", ("Saturday",), False),
    ("We're open Saturday from 9:00 a.m. to 12:00 p.m.", ("Saturday",), True),
    ("Walk-in appointments are available on weekdays.", ("Tuesdays and Thursdays",), False),
    ("Results are usually back within 3 working days.", ("3 working days",), True),
    ("A cordless drill costs $15 per day.", ("$15 a day",), True),
    ("Elm Street is a 5-minute walk from the hotel.", ("5 minute",), True),
    ("Elm Street is a 5-hour drive from the hotel.", ("5 minute",), False),
])
def test_a_key_fact_is_stated_with_its_unit_and_its_weekday_by_name(reply: str, expect: tuple[str, ...],
                                                                     stated: bool) -> None:
    """Round 60's review: the walk-in hours' "10:00 a.m." had passed for the key fact "10 minutes" (how early to check
    in) and "open on the weekends" for "Saturday", so six wrong or declined-worthy replies over every set counted as
    right. A span is stated with its unit, a weekday by its name."""
    assert states_key_facts(reply, expect) is stated
