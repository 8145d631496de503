"""One site's knowledge at run time: the responder, the prepared audio, and the SIGHUP reload.

`SiteService.plan()` is the pipeline's `ReplyPlanner`: a matched entry, a direct fact, an offer or the fallback
becomes a prepared clip (no LLM, no TTS on the critical path); anything else becomes an LLM prompt with the guard as its
fragment gate. A reload that fails (bad YAML, synthesis error) is logged and the previous site stays in service.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from edge.configfile import ConfigError
from edge.history import ConversationHistory
from edge.knowledge.answer_audio import AnswerAudio, Synthesize, prepared_texts
from edge.knowledge.matcher import AnswerMatcher
from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.responder import Decision, LlmPlan, Responder
from edge.knowledge.site import SiteKnowledge, load_site
from edge.planner import ReplyPlan
from engines.protocols import ChatMessage, TextEmbedder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadReport:
    """What a SIGHUP reload changed."""

    embedded: int
    """Sentences (questions, facts, answers) that had to be embedded; the unchanged were kept."""
    synthesized: int
    """Prepared utterances that had to be synthesized; the unchanged were kept."""
    seconds: float


class SiteService:
    """Built at boot (after the embedder and TTS are warm); `reload()` runs on a worker thread on SIGHUP."""

    def __init__(self, options: KnowledgeOptions, embedder: TextEmbedder, synthesize: Synthesize,
                 sample_rate_hz: int) -> None:
        if options.site_file is None:
            raise ConfigError("<config>", "knowledge.site_file", "no site knowledge file is configured",
                              "Set knowledge.site_file to a YAML file like configs/sites/hardware_store.yaml")
        self.options = options
        site = load_site(options.site_file)
        self.audio = AnswerAudio(synthesize, sample_rate_hz)
        self.audio.update(self._prepared(site))
        self.responder = Responder(AnswerMatcher(embedder, site, options.match_threshold), options)
        self._synthesize = synthesize
        self._lock = threading.Lock()  # plan() and reload() run on different threads

    def _prepared(self, site: SiteKnowledge) -> list[str]:
        o = self.options
        asks_back = o.offer_threshold <= 1.0 or o.ask_before_answer_below > 0.0 or o.ask_before_yes_no_below > 0.0
        return prepared_texts(site, o.fallback_text, social=(o.closing_text, o.greeting_text),
                              offer_text=o.offer_text if asks_back else None)

    def decide(self, transcript: str, history: Sequence[ChatMessage] = ()) -> Decision:
        with self._lock:
            return self.responder.plan(transcript, history)

    def plan(self, transcript: str, history: ConversationHistory) -> ReplyPlan:
        """The pipeline's `ReplyPlanner`."""
        decision = self.decide(transcript, history.turns)
        if isinstance(decision, LlmPlan):
            return ReplyPlan("llm", messages=decision.messages, gate=decision, prepared=self.prepared_audio)
        prepared = self.prepared_audio(decision.text)
        if prepared is None:  # only while a reload is swapping clips: say it live rather than not at all
            log.warning("no prepared audio for %r; synthesizing it now", decision.text)
            prepared = self._synthesize(decision.text), self.audio.sample_rate_hz
        pcm, rate = prepared
        source = {"fallback": "fallback", "offer": "offer"}.get(decision.kind, "answer")
        return ReplyPlan(source, canned=(decision.text, pcm, rate))

    def prepared_audio(self, text: str) -> tuple[np.ndarray, int] | None:
        """(int16 audio, rate) prepared for exactly `text`: a matched answer, or the gate's offer or fallback, which
        then needs no synthesis (90 ms on the Intel Xeon of stop 40, after the LLM's first sentence was judged)."""
        clip = self.audio.get(text)
        return None if clip is None else (clip.pcm, clip.sample_rate_hz)

    def reload(self) -> ReloadReport | None:
        """Re-read the site file; re-embed and re-synthesize only what changed. None (and a log) if it failed."""
        assert self.options.site_file is not None
        start = time.perf_counter()
        try:
            site = load_site(self.options.site_file)
            audio = self.audio.update(self._prepared(site))
        except (ConfigError, RuntimeError) as exc:
            log.error("site knowledge not reloaded, the previous version stays in use: %s", exc)
            return None
        with self._lock:
            embedded = self.responder.reload(site)
        report = ReloadReport(embedded, audio.synthesized, time.perf_counter() - start)
        log.info("site knowledge reloaded from %s: %d sentences embedded, %d utterances synthesized in %.1f s",
                 self.options.site_file, report.embedded, report.synthesized, report.seconds)
        return report
