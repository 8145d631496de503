"""all-MiniLM-L6-v2 as a CTranslate2 Encoder: unit vectors whose dot product ranks paraphrases first."""

import numpy as np
import pytest


def test_vectors_are_unit_length_and_rank_paraphrases_first(engines):
    texts = ["Where are the toilets?", "Where can I find the restroom?", "What time do you open on Sunday?",
             "Is there free wifi?"]
    vectors = engines.embedder.embed(texts)
    assert vectors.shape == (4, engines.embedder.dimensions) == (4, 384)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(4), abs=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > 0.6
    assert sims[0, 1] > sims[0, 2] + 0.3 and sims[0, 1] > sims[0, 3] + 0.3


def test_batch_and_single_agree(engines):
    batch = engines.embedder.embed(["short", "a much longer sentence that pads the other one in the batch"])
    single = engines.embedder.embed(["short"])
    assert batch[0] @ single[0] > 0.999


def test_empty_and_bad_input(engines):
    assert engines.embedder.embed([]).shape == (0, 384)
    with pytest.raises(TypeError, match="sequence"):
        engines.embedder.embed("a bare string")


def test_matches_the_original_torch_model(engines):
    """The conversion is only right if it agrees with the packaged model run by transformers (build-time deps)."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from model_build.steps import _minilm_sources

    root = _minilm_sources()[0].parent
    texts = ["Where are the toilets?", "The opening hours are nine to five."]
    tok = transformers.AutoTokenizer.from_pretrained(root)
    model = transformers.AutoModel.from_pretrained(root)
    batch = tok(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    ref = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    ours = engines.embedder.embed(texts)
    assert (ref * ours).sum(axis=1) == pytest.approx([1.0, 1.0], abs=0.01)
