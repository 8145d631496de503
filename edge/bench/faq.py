"""The FAQ side of the bench: spoken FAQ questions to play, the site planner, and the false-match rate.

No recorded speech of the sites' questions exists, so they are spoken by the packaged Piper voice (resampled to
16 kHz, written as WAV) and played like every other clip: the hit path is then measured end to end through
the real transport, STT and matcher. The false-match rate is measured on real speech: every transcript the
pipeline made of the (non-FAQ) Asterisk prompts is put to the site's responder, and a `matched` decision on one
of them is a false match.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from edge.bench.manifest import RATE_HZ, ManifestEntry, SpeechEndFinder, load_clip


def faq_manifest(site_file: Path, out_dir: Path, tts, engines_dir: Path, limit: int | None = None) -> list[ManifestEntry]:
    """Every question of the site's entries as a spoken WAV (cached by text), with its true speech end."""
    from edge.knowledge.site import load_site
    from engines.audio import resample

    site = load_site(site_file)
    out_dir.mkdir(parents=True, exist_ok=True)
    finder = SpeechEndFinder(engines_dir)
    entries = []
    for entry in site.entries:
        for index, question in enumerate(entry.questions):
            path = out_dir / f"{entry.id}-{index}.wav"
            label = path.with_suffix(".txt")
            if not (path.is_file() and label.is_file() and label.read_text() == question):
                chunks = list(tts.synthesize(question))
                pcm = resample(np.concatenate(chunks), tts.sample_rate_hz, RATE_HZ)
                with wave.open(str(path), "wb") as w:
                    w.setnchannels(1)
                    w.setsampwidth(2)
                    w.setframerate(RATE_HZ)
                    w.writeframes(np.asarray(pcm, dtype="<i2").tobytes())
                label.write_text(question)
            end = finder.speech_end_s(load_clip(path))
            if end is not None:
                entries.append(ManifestEntry(path, question, end, entry.id))
    # Interleave entries (first question of each, then the second...) so a short run still covers every entry.
    entries.sort(key=lambda e: int(e.audio.stem.rsplit("-", 1)[1]))
    return entries[:limit] if limit else entries


def site_service(options, loaded):
    """The site's planner over the loaded embedder and TTS (answers, facts and fallback synthesized now)."""
    from edge.knowledge.service import SiteService

    def synthesize(text: str) -> np.ndarray:
        chunks = list(loaded.tts.synthesize(text))
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)

    return SiteService(options, loaded.embedder, synthesize, loaded.tts.sample_rate_hz)


def false_matches(service, transcripts: list[str]) -> dict:
    """How many of these non-FAQ transcripts the site would answer with a fixed FAQ answer."""
    texts = [t for t in transcripts if t.strip()]
    hits = []
    for text in texts:
        decision = service.decide(text)
        if decision.kind == "matched":
            hits.append(text)
    return {"questions": len(texts), "false_matches": len(hits), "rate": len(hits) / len(texts) if texts else None,
            "examples": hits[:10]}
