"""The hotel site's runtime service (matcher, responder, prepared audio), built once for the pipeline tests."""

from __future__ import annotations

import numpy as np
import pytest

from edge.knowledge.options import KnowledgeOptions
from edge.knowledge.service import SiteService
from tests.knowledge.evaluation import SITES_DIR


@pytest.fixture(scope="session")
def hotel_service(engines) -> SiteService:
    def synthesize(text: str) -> np.ndarray:
        return np.concatenate(list(engines.tts.synthesize(text)))

    options = KnowledgeOptions(site_file=SITES_DIR / "hotel_lobby.yaml")
    return SiteService(options, engines.embedder, synthesize, engines.tts.sample_rate_hz)
