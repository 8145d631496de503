"""Sentence embeddings with all-MiniLM-L6-v2, run as a CTranslate2 int8 `Encoder` (no torch at run time).

model_build converts the packaged BERT weights once; here the `tokenizers` package reads the saved
tokenizer.json, CTranslate2 runs the encoder, and numpy does what sentence-transformers' pooling layers do for
this model: mean over the real (unpadded) tokens, then L2 normalisation, so a dot product is the cosine.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Sequence

import ctranslate2
import numpy as np
from tokenizers import Tokenizer

from engines.protocols import WarmupReport

log = logging.getLogger(__name__)

MAX_TOKENS = 256
"""all-MiniLM-L6-v2 was trained on sequences of at most 256 word pieces; longer input is truncated."""


class MiniLmEmbedder:
    """`TextEmbedder` over an engines-directory folder holding model.bin, config.json and tokenizer.json."""

    dimensions = 384

    def __init__(self, model_dir: Path, *, intra_threads: int = 1, inter_threads: int = 1,
                 compute_type: str = "int8") -> None:
        start = time.perf_counter()
        self.model_dir = Path(model_dir)
        self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()  # ct2 pads the batch itself; we mean-pool over each row's real length
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._encoder = ctranslate2.Encoder(str(self.model_dir), device="cpu", compute_type=compute_type,
                                            intra_threads=intra_threads, inter_threads=inter_threads)
        self.load_s = time.perf_counter() - start

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of strings; wrap a single sentence in a list")
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [e.ids for e in encodings]
        lengths = np.array([len(i) for i in ids])
        output = self._encoder.forward_batch(ids)
        hidden = np.asarray(output.last_hidden_state, dtype=np.float32)  # (batch, max_len, 384)
        mask = (np.arange(hidden.shape[1])[None, :] < lengths[:, None]).astype(np.float32)
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(lengths[:, None], 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def warmup(self) -> WarmupReport:
        start = time.perf_counter()
        vectors = self.embed(["Where is the nearest exit?", "What time does the shop close today?"])
        warm_s = time.perf_counter() - start
        detail = f"2 sentences, similarity {float(vectors[0] @ vectors[1]):.2f}"
        log.info("embed-minilm warm-up: load %.2f s, first inference %.3f s (%s)", self.load_s, warm_s, detail)
        return WarmupReport("embed-minilm", self.load_s, warm_s, detail)
