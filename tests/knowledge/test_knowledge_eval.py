"""The evaluation set through the real matcher (MiniLM on CTranslate2), the real LLM (SmolLM2) and the guard.

The issue's goals are at least 90 % right key facts, no stated fact outside the site knowledge, and at least
90 % honest answers out of scope. The last two are asserted as they stand. The first is not reached with a 135M
LLM (a strict xfail; benchmarks/knowledge.py prints the figures): the floors below are what this build measured,
a little lowered, so a change that makes answers worse fails here.
"""

from __future__ import annotations

import pytest

from edge.knowledge.site import load_site
from tests.knowledge.evaluation import (CATEGORIES, EvalItem, KnowledgeEval, Reply, SITES_DIR, load_eval_set,
                                        states_key_facts, summarise)

ITEMS = load_eval_set()


@pytest.fixture(scope="module")
def knowledge_eval(engines) -> KnowledgeEval:
    return KnowledgeEval(engines.embedder, engines.llm)


@pytest.fixture(scope="module")
def replies(knowledge_eval: KnowledgeEval) -> list[Reply]:
    return [knowledge_eval.system_reply(item) for item in ITEMS]


def test_eval_set_covers_three_sites_and_every_category() -> None:
    assert len(ITEMS) >= 60
    sites = {i.site for i in ITEMS}
    assert len(sites) >= 3
    for site in sites:
        for cat in CATEGORIES:
            assert sum(1 for i in ITEMS if i.site == site and i.category == cat) >= 5, (site, cat)


@pytest.mark.parametrize("item", [i for i in ITEMS if i.expect], ids=lambda i: i.question)
def test_every_expected_key_fact_is_in_the_site_knowledge(item: EvalItem) -> None:
    """Otherwise the item could never be answered right and would test nothing."""
    site = load_site(SITES_DIR / f"{item.site}.yaml")
    assert states_key_facts(" ".join(site.texts), item.expect)


def test_paraphrases_do_not_copy_the_entries() -> None:
    for item in ITEMS:
        site = load_site(SITES_DIR / f"{item.site}.yaml")
        known = {q.lower().rstrip("?") for e in site.entries for q in e.questions}
        assert item.question.lower().rstrip("?") not in known, item.question


def test_no_reply_states_a_fact_the_site_does_not_know(replies: list[Reply]) -> None:
    stating = [(r.item.question, r.text, r.unsupported) for r in replies if r.unsupported]
    assert not stating


def test_right_key_fact_floors(replies: list[Reply]) -> None:
    scores = summarise(replies)
    assert scores["paraphrase"].key_fact >= 0.55, scores["paraphrase"]
    assert scores["fact"].key_fact >= 0.70, scores["fact"]


def test_goal_out_of_scope_answered_honestly_90_percent(replies: list[Reply]) -> None:
    assert summarise(replies)["out_of_scope"].honest >= 0.9


def test_the_guard_changes_the_outcome(replies: list[Reply]) -> None:
    """Some LLM replies were stopped by the guard and replaced by the fallback: the guard is in the loop."""
    assert any(r.route.startswith("llm:guarded") for r in replies)


@pytest.mark.xfail(strict=True, reason="goal of the issue not reached with SmolLM2-135M: see the closing note")
def test_goal_right_key_fact_90_percent(replies: list[Reply]) -> None:
    scores = summarise(replies)
    assert scores["paraphrase"].key_fact >= 0.9 and scores["fact"].key_fact >= 0.9
