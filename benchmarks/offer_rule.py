"""Where the weights of the ask-back rule come from (edge/knowledge/options.py, round 21): a fit, not a test.

    .venv/bin/python benchmarks/offer_rule.py --engines DIR [--splits calibration,heldout,...]

DIR is an engines directory with embed-minilm. Over the chosen question sets (default: all of `SPLITS`) it takes
every question the kiosk does not answer with confidence and does not send to the LLM: it either asks back about
the best unit ("Are you asking about ...?") or says the fallback. Each is labelled by what a yes would give: the
key fact (an answerable question whose best unit holds it), or nothing (an unanswerable question, or the wrong
unit). A logistic model of "the best unit is right" on the unit's hybrid score, yes/no-ness, the log of the words
and the number of scene clauses is fitted, with each unanswerable question weighted so that their lengths match the
answerable ones' (the sets' unanswerable questions are shorter; length must not stand in for "answerable").

Prints the weights in the rule's form (score threshold per term), and the fit judged one set at a time (fitted on
the others, its threshold set to ask back about no more length-weighted unanswerable questions than the configured
rule does): right units offered, and unanswerable questions asked back about, against the configured rule.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edge.knowledge.clauses import split_clauses  # noqa: E402
from edge.knowledge.matcher import AnswerMatcher  # noqa: E402
from edge.knowledge.options import KnowledgeOptions  # noqa: E402
from edge.knowledge.responder import OFFER_REFERENCE_WORDS, Fallback, Offer, Responder  # noqa: E402
from engines.loader import load_engine  # noqa: E402
from tests.knowledge.evaluation import SPLITS, load_eval_set, load_sites, states_key_facts, unanswerable  # noqa: E402

LENGTH_BINS = (0, 5, 7, 9, 12, 16, 21)
"""Word-count bins for matching the unanswerable questions' lengths to the answerable ones'."""


@dataclass(frozen=True)
class Row:
    split: str
    answerable: bool
    right: bool
    offered_now: bool
    features: tuple[float, float, float, float]
    """score, yes/no (0/1), ln(words / OFFER_REFERENCE_WORDS), scene clauses."""
    words: int


def length_bin(words: int) -> int:
    return int(np.searchsorted(LENGTH_BINS, words, side="right")) - 1


def collect(responders: dict[str, Responder], splits: list[str]) -> list[Row]:
    rows = []
    for split in splits:
        questions = [(i.site, i.question, i.expect) for i in load_eval_set(split) if i.category != "out_of_scope"]
        questions += [(site, q, None) for site, q in unanswerable(split)]
        for site, question, expect in questions:
            responder = responders[site]
            decision = responder.plan(question)
            if not isinstance(decision, (Offer, Fallback)) or not decision.reason.startswith("out_of_scope (") or (
                    decision.reason.startswith("out_of_scope (an exception")):
                continue  # answered, sent to the LLM, or out of scope by its kind, whatever the rule
            top = responder.matcher.rank(question)[0]
            if not any(unit is top.unit for unit in responder.offers.values()):
                continue  # a unit with no topic to name is never offered, whatever the rule
            clauses = split_clauses(question)
            words = len(question.split())
            rows.append(Row(split, expect is not None, bool(expect) and states_key_facts(top.unit.text, expect),
                            isinstance(decision, Offer),
                            (top.score, float(clauses.yes_no), math.log(words / OFFER_REFERENCE_WORDS),
                             float(len(clauses.scene))), words))
    return rows


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = 1.0, steps: int = 20000) -> np.ndarray:
    """Weighted, L2-regularised logistic regression by gradient descent (x has a column of ones last, the bias,
    which is not penalised)."""
    w = np.zeros(x.shape[1])
    penalised = np.r_[np.ones(x.shape[1] - 1), 0.0]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        w -= x.T @ ((p - y) * weight) / weight.sum() + l2 * penalised * w / len(y)
    return w


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", type=Path, required=True)
    parser.add_argument("--splits", default=",".join(SPLITS))
    args = parser.parse_args()
    options = KnowledgeOptions()
    embedder, _ = load_engine(args.engines, "embed-minilm")
    responders = {name: Responder(AnswerMatcher(embedder, site, options.match_threshold), options)
                  for name, site in load_sites().items()}
    splits = args.splits.split(",")
    rows = collect(responders, splits)

    answerable_bins = np.bincount([length_bin(len(i.question.split())) for s in splits for i in load_eval_set(s)
                                   if i.category != "out_of_scope"], minlength=len(LENGTH_BINS))
    unanswerable_bins = np.bincount([length_bin(len(q.split())) for s in splits for _, q in unanswerable(s)],
                                    minlength=len(LENGTH_BINS))
    bin_weight = (answerable_bins / answerable_bins.sum()) / np.maximum(unanswerable_bins / unanswerable_bins.sum(),
                                                                        1e-9)
    x = np.array([(*r.features, 1.0) for r in rows])
    y = np.array([r.right for r in rows], dtype=float)
    unans = np.array([not r.answerable for r in rows])
    weight = np.array([1.0 if r.answerable else bin_weight[length_bin(r.words)] for r in rows])
    now = np.array([r.offered_now for r in rows])

    w = fit(x, y, weight)
    print(f"{len(rows)} questions asked back about or given the fallback ({int(y.sum())} with the right unit on top, "
          f"{int(unans.sum())} unanswerable) over {len(splits)} sets")
    print(f"weights: score {w[0]:+.3f}, yes/no {w[1]:+.3f}, ln(words/{OFFER_REFERENCE_WORDS}) {w[2]:+.3f}, "
          f"scene clause {w[3]:+.3f}, bias {w[4]:+.3f}")
    print(f"as the rule: yes/no +{-w[1] / w[0]:.3f}, per doubling of words -{w[2] * math.log(2) / w[0]:.3f}, "
          f"per scene clause "
          f"-{w[3] / w[0]:.3f} (offer_threshold then sets where it stands)")

    right = asked = 0.0
    for split in splits:
        test = np.array([r.split == split for r in rows])
        if not test.any():
            continue
        wk = fit(x[~test], y[~test], weight[~test])
        p_train, p_test = 1 / (1 + np.exp(-x[~test] @ wk)), 1 / (1 + np.exp(-x[test] @ wk))
        # The threshold that asks back about as much (length-weighted) as the configured rule on the other sets.
        train_unans = unans[~test]
        budget = (weight[~test] * (now[~test] & train_unans)).sum()
        order = np.argsort(-p_train[train_unans])
        spent = np.cumsum(weight[~test][train_unans][order])
        cut = p_train[train_unans][order][min(int(np.searchsorted(spent, budget)), len(order) - 1)]
        offered = p_test > cut
        right += (offered & (y[test] > 0)).sum()
        asked += (weight[test] * (offered & unans[test])).sum()
    print(f"judged one set at a time: {int(right)} right units offered (configured rule {int((now & (y > 0)).sum())}), "
          f"{asked:.0f} length-weighted unanswerable questions asked back "
          f"(configured rule {(weight * (now & unans)).sum():.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
