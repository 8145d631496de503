"""The bench manifest: real recorded prompts with their transcripts, one JSON object per line.

    {"audio": "/usr/share/asterisk/sounds/en/vm-intro.g722", "text": "Please leave your message ...",
     "speech_end": 3.412}

`audio` is a file path (absolute, or relative to the manifest's folder), `text` the reference transcript and
`speech_end` the true end of speech in seconds from the start of the file (the last voiced sample). Missing
`speech_end` values are derived from the audio: the real Silero VAD (the copy in the engines directory) finds
the last speech frame, and the 10 ms energy envelope around it places the end to within 10 ms (the VAD's own
answer lags the last syllable by a frame or two because its state smooths over time).

`build_asterisk_manifest` makes one from Debian's asterisk-core-sounds-en-g722 (one professional speaker,
16 kHz G.722) and the transcripts of asterisk-core-sounds-en, longest prompts first: long prompts have the
internal pauses that tempt an endpointer to answer half an utterance.
"""

from __future__ import annotations

import gzip
import json
import re
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SOUNDS_DIR = Path("/usr/share/asterisk/sounds/en")
TRANSCRIPT_FILES = (
    SOUNDS_DIR / "core-sounds-en.txt",
    Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz"),
    Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt"),
)
SPEECH_FIX = "apt-get install -y asterisk-core-sounds-en-g722 asterisk-core-sounds-en"
RATE_HZ = 16_000
"""Clips are handed around as 16 kHz mono float32, the pipeline's rate."""


class ManifestError(ValueError):
    """A manifest or its audio cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class ManifestEntry:
    """One prompt to play."""

    audio: Path
    """The recording (G.722, WAV, or anything PyAV decodes)."""
    text: str
    """Reference transcript."""
    speech_end_s: float | None = None
    """True end of speech, seconds from the start of the file (None: derive it)."""
    faq_entry: str | None = None
    """Id of the site FAQ entry this question belongs to (None: not an FAQ question)."""

    def to_json(self) -> str:
        data: dict = {"audio": str(self.audio), "text": self.text}
        if self.speech_end_s is not None:
            data["speech_end"] = round(self.speech_end_s, 4)
        if self.faq_entry is not None:
            data["faq_entry"] = self.faq_entry
        return json.dumps(data)


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Parse a JSON-lines manifest; raises ManifestError naming the line that is wrong."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read the manifest ({exc.strerror}); build one with "
                            f"`edge bench --build-manifest {path}`") from None
    entries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            audio, text = Path(data["audio"]), str(data["text"])
            end = data.get("speech_end")
            entry = ManifestEntry(audio if audio.is_absolute() else path.parent / audio, text,
                                  None if end is None else float(end), data.get("faq_entry"))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ManifestError(f"{path}:{number}: not a manifest line ({type(exc).__name__}: {exc}); each line "
                                'must be a JSON object with "audio" and "text" (optional "speech_end" in s)') from None
        if not entry.audio.is_file():
            raise ManifestError(f"{path}:{number}: audio file {entry.audio} does not exist; fix the path "
                                f"(Asterisk prompts: {SPEECH_FIX})")
        entries.append(entry)
    if not entries:
        raise ManifestError(f"{path}: the manifest has no entries")
    return entries


def write_manifest(path: Path, entries: list[ManifestEntry]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(e.to_json() + "\n" for e in entries), encoding="utf-8")


def load_clip(path: Path) -> np.ndarray:
    """Any audio file -> 16 kHz mono float32 (WAV through `wave`, G.722 and others through PyAV)."""
    from engines.audio import resample

    path = Path(path)
    if path.suffix.lower() == ".wav":
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2:
                raise ManifestError(f"{path}: only 16-bit WAV is read; convert it with "
                                    f"`sox {path.name} -b 16 out.wav`")
            pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, w.getnchannels())
            audio, rate = pcm.mean(axis=1).astype(np.float32) / 32768.0, w.getframerate()
    else:
        import av  # a faster-whisper dependency; only the bench's clip loading needs it

        chunks, rate = [], RATE_HZ
        try:
            with av.open(str(path), format="g722" if path.suffix.lower() == ".g722" else None) as container:
                for frame in container.decode(audio=0):
                    rate = frame.sample_rate
                    data = frame.to_ndarray()
                    data = data.astype(np.float32) / 32768.0 if data.dtype == np.int16 else data.astype(np.float32)
                    chunks.append(data.mean(axis=0) if data.ndim == 2 and data.shape[0] > 1 else data.reshape(-1))
        except av.error.FFmpegError as exc:
            raise ManifestError(f"{path}: cannot decode it ({exc}); use WAV or G.722") from None
        audio = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return resample(audio.astype(np.float32), rate, RATE_HZ)


def asterisk_transcripts() -> dict[str, str]:
    """Prompt name -> transcript from core-sounds-en.txt(.gz); raises ManifestError with the fix."""
    for path in TRANSCRIPT_FILES:
        if path.is_file():
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            break
    else:
        raise ManifestError(f"no Asterisk prompt transcripts at {', '.join(map(str, TRANSCRIPT_FILES))}; "
                            f"fix: {SPEECH_FIX}")
    result = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        if line.startswith(";") or ":" not in line:
            continue
        name, text = line.split(":", 1)
        result[name.strip()] = text.strip()
    return result


def speakable(text: str) -> bool:
    # Bracketed lines describe tones, not speech; digits and symbols are read out in words by the speaker, so
    # their transcripts would not match what Whisper writes.
    return bool(text) and "[" not in text and not re.search(r"[*#@0-9]", text)


class SpeechEndFinder:
    """Finds the true end of speech in a clip with the real Silero VAD, refined by the energy envelope."""

    def __init__(self, engines_dir: Path, threshold: float = 0.5) -> None:
        from engines.vad_silero import SileroVad

        model = Path(engines_dir) / "vad" / "silero_vad_v6.onnx"
        if not model.is_file():
            raise ManifestError(f"the Silero VAD model {model} is missing, needed to find where speech ends; "
                                f"build the engines with `edge-build build --out {engines_dir}`")
        self._vad = SileroVad(model)
        self.threshold = threshold

    def speech_end_s(self, audio: np.ndarray) -> float | None:
        """Seconds from the clip's start to its last voiced sample, or None if the VAD hears no speech."""
        frame = self._vad.frame_samples
        stream = self._vad.stream()
        padded = np.concatenate([audio, np.zeros(frame * 8, dtype=np.float32)])
        usable = padded[: padded.size // frame * frame].reshape(-1, frame)
        speech = [i for i, f in enumerate(usable) if stream.probability(f) >= self.threshold]
        if not speech:
            return None
        coarse = min((speech[-1] + 1) * frame, audio.size)
        # 10 ms RMS around the VAD's answer: the last window within 20 dB of the clip's loud speech is the end.
        win = RATE_HZ // 100
        lo = max(0, coarse - 12 * win)
        hi = min(audio.size, coarse + 6 * win)
        rms = np.sqrt(np.mean(audio[: audio.size // win * win].reshape(-1, win) ** 2, axis=1))
        loud = float(np.percentile(rms, 90)) if rms.size else 0.0
        floor = max(loud * 0.1, 1e-4)
        for w in range(hi // win - 1, lo // win - 1, -1):
            if w < rms.size and rms[w] >= floor:
                return (w + 1) * win / RATE_HZ
        return coarse / RATE_HZ


def build_asterisk_manifest(out: Path, engines_dir: Path, count: int = 120, min_s: float = 1.0,
                            max_s: float = 12.0, progress=print) -> list[ManifestEntry]:
    """`count` speakable Asterisk prompts, longest first, with VAD-derived `speech_end`, written to `out`."""
    texts = asterisk_transcripts()
    finder = SpeechEndFinder(engines_dir)
    candidates = []
    for path in sorted(SOUNDS_DIR.glob("*.g722")):
        text = texts.get(path.stem)
        if text is None or not speakable(text):
            continue
        audio = load_clip(path)
        if min_s <= audio.size / RATE_HZ <= max_s:
            candidates.append((audio.size, path, text, audio))
    if len(candidates) < count:
        raise ManifestError(f"only {len(candidates)} usable Asterisk prompts of {min_s}-{max_s} s under "
                            f"{SOUNDS_DIR} (asked for {count}); fix: {SPEECH_FIX}")
    candidates.sort(key=lambda c: (-c[0], c[1].name))
    entries = []
    for size, path, text, audio in candidates:
        end = finder.speech_end_s(audio)
        if end is None:
            continue
        entries.append(ManifestEntry(path, text, end))
        if len(entries) == count:
            break
    write_manifest(out, entries)
    progress(f"manifest: {len(entries)} prompts, {entries[-1].speech_end_s:.1f}-{entries[0].speech_end_s:.1f} s "
             f"of speech, written to {out}")
    return entries


def fill_speech_ends(entries: list[ManifestEntry], engines_dir: Path) -> list[ManifestEntry]:
    """The entries with every missing `speech_end` derived from the audio."""
    if all(e.speech_end_s is not None for e in entries):
        return entries
    finder = SpeechEndFinder(engines_dir)
    filled = []
    for e in entries:
        if e.speech_end_s is None:
            end = finder.speech_end_s(load_clip(e.audio))
            if end is None:
                raise ManifestError(f"{e.audio}: the VAD hears no speech in it; remove it from the manifest")
            e = ManifestEntry(e.audio, e.text, end, e.faq_entry)
        filled.append(e)
    return filled
