"""Prepared audio and the SIGHUP reload, with the real Piper voice and the real embedder."""

from __future__ import annotations

import numpy as np
import pytest

from edge.history import ConversationHistory, HistoryOptions
from edge.knowledge.answer_audio import AnswerAudio, prepared_texts
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.service import SiteService
from edge.knowledge.site import load_site

SITE = """\
site: Corner Cafe
kind: cafe
facts:
  - The cafe is open from 8:00 a.m. to 5:00 p.m.
  - A flat white costs $3.20.
entries:
  - id: hours
    questions: ['When are you open?', 'What are your opening hours?']
    answer: We're open from 8:00 a.m. to 5:00 p.m.
  - id: wifi
    questions: ['Is there wifi?', 'Can I get on the internet?']
    answer: Yes, the wifi is free.
"""


@pytest.fixture(scope="module")
def synthesize(engines):
    calls: list[str] = []

    def run(text: str) -> np.ndarray:
        calls.append(text)
        return np.concatenate(list(engines.tts.synthesize(text)))

    run.calls = calls  # type: ignore[attr-defined]
    return run


def test_prepared_audio_is_made_once_per_text(tmp_path, engines, synthesize) -> None:
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    site = load_site(tmp_path / "site.yaml")
    audio = AnswerAudio(synthesize, engines.tts.sample_rate_hz)
    texts = prepared_texts(site, KnowledgeOptions().fallback_text)
    first = audio.update(texts)
    assert first.synthesized == len(texts) == 5 and first.kept == 0
    clip = audio.get("Yes, the wifi is free.")
    assert clip is not None and clip.pcm.dtype == np.int16 and 0.5 < clip.duration_s < 5
    assert np.abs(clip.pcm).max() > 1000  # real speech, not silence
    changed = [t.replace("free", "free for guests") for t in texts]
    again = audio.update(changed)
    assert (again.synthesized, again.kept, again.removed) == (1, 4, 1)


def test_a_failing_synthesis_keeps_the_previous_clips(engines, synthesize) -> None:
    """Fault injection: a synthesizer that fails on one text (Piper itself does not fail on demand)."""
    def flaky(text: str) -> np.ndarray:
        if "broken" in text:
            raise RuntimeError("voice crashed")
        return synthesize(text)

    audio = AnswerAudio(flaky, engines.tts.sample_rate_hz)
    audio.update(["Hello."])
    with pytest.raises(RuntimeError, match="broken.*previous answers stay"):
        audio.update(["Hello.", "This one is broken."])
    assert audio.get("Hello.") is not None and len(audio) == 1


def test_service_plans_and_reloads_only_what_changed(tmp_path, engines, synthesize) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(SITE, encoding="utf-8")
    service = SiteService(KnowledgeOptions(site_file=path), engines.embedder, synthesize, engines.tts.sample_rate_hz)
    history = ConversationHistory(HistoryOptions(), engines.llm.count_tokens)

    plan = service.plan("when are you open", history)
    assert plan.source == "answer" and plan.canned is not None
    text, pcm, rate = plan.canned
    assert text == "We're open from 8:00 a.m. to 5:00 p.m." and len(pcm) > rate // 2
    assert service.plan("what's the capital of france", history).source == "fallback"

    path.write_text(SITE.replace("Yes, the wifi is free.", "Yes, the wifi is free, ask for the code."),
                    encoding="utf-8")
    before = len(synthesize.calls)
    report = service.reload()
    assert report is not None and report.embedded == 1 and report.synthesized == 1
    assert synthesize.calls[before:] == ["Yes, the wifi is free, ask for the code."]
    assert service.plan("is there wifi", history).canned[0] == "Yes, the wifi is free, ask for the code."

    path.write_text("site: [broken\n", encoding="utf-8")
    assert service.reload() is None  # logged, and the previous site stays in service
    assert service.plan("is there wifi", history).canned[0] == "Yes, the wifi is free, ask for the code."


def test_an_offer_is_prepared_audio_and_a_yes_to_it_gets_the_answer(tmp_path, engines, synthesize) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(SITE, encoding="utf-8")
    service = SiteService(KnowledgeOptions(site_file=path), engines.embedder, synthesize, engines.tts.sample_rate_hz)
    history = ConversationHistory(HistoryOptions(), engines.llm.count_tokens)
    question = "what about oat milk in the flat white"  # "oat" and "milk" are no words of the site
    plan = service.plan(question, history)
    assert plan.source == "offer" and plan.canned is not None
    text, pcm, rate = plan.canned
    assert text == "Are you asking about a flat white?" and service.audio.get(text) is not None
    assert len(pcm) > rate // 2 and np.abs(pcm).max() > 1000
    history.add_user(question)
    history.add_assistant(text)
    answer = service.plan("Yes, please.", history)
    assert answer.source == "answer" and answer.canned is not None and answer.canned[0] == "A flat white costs $3.20."
