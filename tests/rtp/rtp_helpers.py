"""Helpers of the RTP tests: real speech, a UDP test peer on loopback, audio comparison, an RTP test sender."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

SOUNDS_DIR = Path("/usr/share/asterisk/sounds/en")
SPEECH_FIX = "apt-get install -y asterisk-core-sounds-en-g722"
PEER_FIX = "apt-get install -y gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good ffmpeg"


def decode_prompt(name: str) -> np.ndarray:
    """An Asterisk core prompt (G.722, 16 kHz) as int16 mono at 16 kHz."""
    import av

    path = SOUNDS_DIR / f"{name}.g722"
    if not path.is_file():
        pytest.fail(f"test speech {path} is missing. Fix: {SPEECH_FIX}")
    chunks = []
    with av.open(str(path), format="g722") as container:
        for frame in container.decode(audio=0):
            assert frame.sample_rate == 16000, frame.sample_rate
            data = frame.to_ndarray().reshape(-1)
            chunks.append(data if data.dtype == np.int16 else np.clip(data * 32768, -32768, 32767).astype(np.int16))
    return np.concatenate(chunks).astype(np.int16)


def write_wav(path: Path, pcm: np.ndarray, rate_hz: int) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate_hz)
        w.writeframes(np.asarray(pcm, dtype="<i2").tobytes())
    return path


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int16), w.getframerate()


def need_tool(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed; it is the real RTP peer of this test. Fix: {PEER_FIX}")
    return path


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bandlimit(x: np.ndarray, rate_hz: int, cutoff_hz: float) -> np.ndarray:
    spec = np.fft.rfft(x.astype(np.float64))
    spec[np.fft.rfftfreq(x.size, 1 / rate_hz) > cutoff_hz] = 0
    return np.fft.irfft(spec, x.size)


def best_match(reference: np.ndarray, received: np.ndarray, rate_hz: int = 16000,
               cutoff_hz: float = 3400) -> tuple[float, int]:
    """(peak normalised cross-correlation, lag in samples) of `reference` found inside `received`.

    Both are band-limited to the telephone band first, so G.711's 4 kHz limit is not counted as a mismatch.
    """
    a = bandlimit(reference, rate_hz, cutoff_hz)
    b = bandlimit(received, rate_hz, cutoff_hz)
    n = 1 << int(np.ceil(np.log2(a.size + b.size)))
    corr = np.fft.irfft(np.fft.rfft(b, n) * np.conj(np.fft.rfft(a, n)), n)[: b.size]
    # normalise by the energy of the received window at every lag, so a loud passage cannot outvote the match
    padded = np.concatenate([b, np.zeros(a.size)])
    energy = np.concatenate([[0.0], np.cumsum(padded ** 2)])
    window = energy[a.size:a.size + b.size] - energy[:b.size]
    ref_energy = max(float(np.dot(a, a)), 1e-9)
    ncc = np.where(window > 0.01 * ref_energy, corr / np.sqrt(np.maximum(window, 1e-9) * ref_energy), 0.0)
    lag = int(np.argmax(ncc))
    return float(ncc[lag]), lag


@dataclass
class Peer:
    """A UDP socket on loopback playing the PBX: sends packets to the endpoint and records what comes back."""

    sock: socket.socket
    target: tuple[str, int]
    port: int
    """Our own UDP port (where the endpoint must send the reply)."""
    received: list[tuple[bytes, int]] = field(default_factory=list)
    """(datagram, monotonic ns it arrived)."""

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def drain(self) -> None:
        while True:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                return
            self.received.append((data, time.monotonic_ns()))


async def open_peer(target: tuple[str, int]) -> Peer:
    """A peer whose datagrams are recorded as they arrive (reader callback on the running loop)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.setblocking(False)
    peer = Peer(sock, target, sock.getsockname()[1])
    asyncio.get_running_loop().add_reader(sock.fileno(), peer.drain)
    return peer


def close_peer(peer: Peer) -> None:
    try:
        asyncio.get_running_loop().remove_reader(peer.sock.fileno())
    except RuntimeError:
        pass
    peer.sock.close()


def packetise(pcm: np.ndarray, codec, ssrc: int, seq0: int = 1000, ts0: int = 5000, packet_ms: int = 20,
              payload_type: int | None = None) -> list:
    """Cut samples at the codec's rate into RTP packets (the first one marked), as a PBX would send them."""
    from edge.transports.rtp.packet import RtpPacket

    n = codec.clock_rate_hz * packet_ms // 1000
    pt = codec.payload_type if payload_type is None else payload_type
    return [RtpPacket(payload_type=pt, sequence=(seq0 + i) & 0xFFFF, timestamp=(ts0 + i * n) & 0xFFFFFFFF, ssrc=ssrc,
                      payload=codec.encode(pcm[i * n:(i + 1) * n]), marker=i == 0)
            for i in range(pcm.size // n)]


def to_codec_rate(pcm16k: np.ndarray, rate_hz: int) -> np.ndarray:
    """16 kHz int16 -> the codec's rate (what a PBX's own resampler would do)."""
    if rate_hz == 16000:
        return pcm16k
    import soxr

    return soxr.resample(pcm16k, 16000, rate_hz).astype(np.int16)


async def send_paced(peer: Peer, datagrams: list[bytes], offsets_s: list[float] | None = None,
                     period_s: float = 0.02) -> None:
    """Send each datagram at its offset from now (default: one per period, like a real phone)."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    offsets = offsets_s if offsets_s is not None else [i * period_s for i in range(len(datagrams))]
    for data, offset in sorted(zip(datagrams, offsets), key=lambda pair: pair[1]):
        delay = start + offset - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        peer.send(data)


def impaired_schedule(count: int, rng: np.random.Generator, drop: float = 0.05, duplicate: float = 0.05,
                      max_extra_delay_s: float = 0.05, period_s: float = 0.02) -> tuple[list[int], list[float]]:
    """A bad network: drop `drop` of the packets, send `duplicate` of them twice, and delay each by up to
    `max_extra_delay_s` (which reorders neighbours). Returns (packet indexes to send, send offsets)."""
    indexes, offsets = [], []
    for i in range(count):
        if rng.random() < drop:
            continue
        copies = 2 if rng.random() < duplicate else 1
        for _ in range(copies):
            indexes.append(i)
            offsets.append(i * period_s + float(rng.uniform(0, max_extra_delay_s)))
    return indexes, offsets


async def collect_frames(call, limit_s: float = 30.0) -> list:
    """Every frame a call yields until it ends."""
    frames = []

    async def run() -> None:
        async for frame in call.frames():
            frames.append(frame)

    await asyncio.wait_for(run(), limit_s)
    return frames


def frames_pcm(frames: list) -> np.ndarray:
    return np.frombuffer(b"".join(f.pcm for f in frames), dtype="<i2").astype(np.int16)



@dataclass(frozen=True)
class ChunkMatch:
    """How well each 200 ms piece of a reference clip was found, in order, in received audio."""

    scores: list[float]
    """Peak normalised cross-correlation of each voiced piece."""
    offsets_s: list[float]
    """Where each piece was found minus where it sits in the reference: grows only by inserted silence."""

    def misses(self, threshold: float) -> int:
        """Pieces not found at `threshold`: a piece that straddles a point where the receive path resynchronised
        (silence inserted mid-piece) is one miss per resync, anything more is damage."""
        return sum(s <= threshold for s in self.scores)

    def fraction_above(self, threshold: float) -> float:
        return sum(s > threshold for s in self.scores) / max(len(self.scores), 1)

    @property
    def in_order(self) -> bool:
        return all(b >= a - 0.002 for a, b in zip(self.offsets_s, self.offsets_s[1:]))

    @property
    def inserted_s(self) -> float:
        """Silence the receive path put between the first and the last piece (0 for a contiguous copy)."""
        return self.offsets_s[-1] - self.offsets_s[0]


def chunk_match(reference: np.ndarray, received: np.ndarray, rate_hz: int = 16000, chunk_s: float = 0.2) -> ChunkMatch:
    """Find every voiced 200 ms piece of `reference` in `received`.

    A whole-clip correlation at one lag calls a copy with a gap in it a mismatch. But a jitter buffer that
    meets a sender stall (a loaded 2-core CI box stalls GStreamer for 100+ ms) rightly plays silence, then the
    delayed audio, losing nothing. Piece by piece, "every piece is there, in order, with only a little silence
    inserted" is exactly what the receive path promises; losses are asserted separately through the counters.
    """
    n = int(chunk_s * rate_hz)
    level = np.sqrt(np.mean(reference.astype(float) ** 2))
    scores, offsets = [], []
    for start in range(0, reference.size - n + 1, n):
        piece = reference[start:start + n]
        if np.sqrt(np.mean(piece.astype(float) ** 2)) < 0.3 * level:
            continue  # near-silent pieces of a recording match anything and nothing
        score, lag = best_match(piece, received, rate_hz)
        scores.append(score)
        offsets.append((lag - start) / rate_hz)
    return ChunkMatch(scores, offsets)
