"""Fixtures of the RTP tests (helpers live in rtp_helpers.py, importable however pytest was started)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rtp_helpers import decode_prompt  # noqa: E402


@pytest.fixture(scope="session")
def speech() -> dict[str, np.ndarray]:
    """Two real recorded sentences (~2.7 s each), 16 kHz int16."""
    return {name: decode_prompt(name) for name in ("cannot-complete-as-dialed", "demo-echodone")}
