"""The local sound card as a transport: one endless call, mic in and speaker out.

Mic and speaker are two PortAudio streams on the same card, each with its own callback. One full-duplex stream
was tried first (it pairs each mic block with the speaker block of the same callback), but through PulseAudio on
a loaded box every speaker underrun left its mic side further behind, for good: 95 ms grew to 3 s within a
minute, so barge-in came late and the echo's delay ran out of the canceller's range. Separate streams keep the
mic's latency at its floor (20-40 ms measured), and the echo canceller's reference is paired by time instead: the
speaker callback lays each block on the card's clock (PortAudio's DAC time) in a `SpeakerTimeline`, and each mic
block takes the stretch that was in the air when it was captured (its ADC time). The canceller (WebRTC AEC3, see
engines/echo.py) then runs on the event loop in `DeviceCall._deliver`, in the mic's order, before the pipeline
sees a frame: the assistant never hears its own voice as the user talking over it.

The callbacks run on PortAudio's real-time threads and never wait for the event loop: mic blocks go on with
`loop.call_soon_threadsafe` into a bounded queue, and when the pipeline falls behind the oldest block is dropped
and counted rather than letting latency grow.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, AsyncIterator, Literal

import numpy as np
import sounddevice as sd

from edge.configfile import opt
from edge.transports.base import PIPELINE_RATE_HZ, AudioFrame, DtmfDigit, OutputQueue, TransportError
from engines.echo import FRAME_MS as ECHO_FRAME_MS
from engines.echo import (MAX_DELAY_HINT_MS, SUPPORTED_RATES_HZ, EchoCancellerUnavailable, EchoSettings,
                          SpeakerTimeline)
from engines.protocols import EchoCanceller

log = logging.getLogger(__name__)

Latency = float | Literal["low", "high"]


@dataclass(frozen=True)
class DeviceOptions:
    """The `device` transport: which sound card, and how big the blocks are."""

    enabled: bool = opt(True, "Talk through the local sound card (the kiosk); turn off on a PBX-only box")
    input_device: int | str | None = opt(
        None, "Microphone: part of its name or its index from `edge devices`; null = the system default")
    output_device: int | str | None = opt(
        None, "Speaker: part of its name or its index from `edge devices`; null = the system default")
    sample_rate_hz: int = opt(16_000, "Rate the card is opened at; 16000 needs no resampling for the pipeline")
    block_ms: int = opt(20, "Audio per callback: 20 ms matches the pipeline's frames; smaller costs more CPU")
    input_channels: int = opt(1, "Channels to open the mic with (some USB mics are stereo-only); the first is used")
    output_channels: int = opt(1, "Channels to open the speaker with; the reply is copied to each")
    input_latency_s: Latency = opt(
        "high", "PortAudio's suggested mic latency: seconds, or low/high; high survives a busy 2-core box")
    output_latency_s: Latency = opt(
        "high", "PortAudio's suggested speaker latency: seconds, or low/high; it adds to time to first audio")
    queue_blocks: int = opt(50, "Mic blocks held for a slow pipeline (50 x 20 ms = 1 s) before the oldest drops")
    stall_timeout_s: float = opt(
        3.0, "No audio callback for this long means the device hung (PortAudio can block for good when a sound "
             "server dies): the call ends with a failure so the daemon exits and systemd restarts it")
    echo_cancellation: bool = opt(
        True, "Cancel the assistant's own voice in the mic (WebRTC AEC3), the played audio being the reference, so "
              "it never takes itself for a user interrupting; off only for a headset, where the mic cannot hear it")
    echo_delay_ms: int = opt(
        40, "Starting guess of the echo's delay as the canceller sees it: the room's own delay plus 20 ms, since "
            "the card's buffering is taken out with PortAudio's timestamps (20-23 ms measured through the "
            "PulseAudio test bed). AEC3 finds the true delay itself; the guess only speeds up the first answer")
    max_input_lag_ms: int = opt(
        300, "Mic audio this old when it reaches us (PortAudio's capture time) means the capture buffer piled up "
             "(a stuck sound server); the streams are then reopened, which empties it, so barge-in stays prompt. "
             "0 turns the check off")
    echo_noise_suppression: bool = opt(
        False, "WebRTC's noise suppressor on the mic too: helps in a loud hall, but it reshapes the speech Whisper "
               "and the VAD were tuned on")

    def __post_init__(self) -> None:
        if self.sample_rate_hz < 8000:
            raise ValueError(f"sample_rate_hz={self.sample_rate_hz} is too low for speech: use 16000 or more")
        if not 5 <= self.block_ms <= 100 or (self.sample_rate_hz * self.block_ms) % 1000:
            raise ValueError(f"block_ms={self.block_ms} must be 5..100 and a whole number of samples at "
                             f"{self.sample_rate_hz} Hz: use 20")
        if self.input_channels < 1 or self.output_channels < 1:
            raise ValueError("input_channels and output_channels must be at least 1")
        if self.queue_blocks < 1:
            raise ValueError("queue_blocks must be at least 1")
        if self.stall_timeout_s <= 0.1:
            raise ValueError("stall_timeout_s must be more than 0.1 s: use 3")
        if self.echo_cancellation:
            if self.sample_rate_hz not in SUPPORTED_RATES_HZ:
                raise ValueError(f"echo cancellation runs at {', '.join(map(str, SUPPORTED_RATES_HZ))} Hz, not "
                                 f"sample_rate_hz={self.sample_rate_hz}: use 16000 or 48000")
            if self.block_ms % ECHO_FRAME_MS:
                raise ValueError(f"echo cancellation works in {ECHO_FRAME_MS} ms frames: block_ms={self.block_ms} "
                                 "must be a multiple of it, use 20")
        if self.max_input_lag_ms < 0:
            raise ValueError(f"max_input_lag_ms={self.max_input_lag_ms} must be 0 (off) or more: use 300")
        if not 0 <= self.echo_delay_ms <= MAX_DELAY_HINT_MS:
            raise ValueError(f"echo_delay_ms={self.echo_delay_ms} must be 0..{MAX_DELAY_HINT_MS}: use 40")

    @property
    def block_samples(self) -> int:
        return self.sample_rate_hz * self.block_ms // 1000


@dataclass
class DeviceStats:
    """Counters a test or `edge serve --stats` can read; written by the audio thread, read anywhere."""

    callbacks: int = 0
    """Mic callbacks so far (one mic block each)."""
    output_callbacks: int = 0
    """Speaker callbacks so far (one speaker block pulled from the output queue each)."""
    queue_overruns: int = 0
    """Mic blocks dropped because the pipeline did not take them in time (the bounded queue was full)."""
    input_overflows: int = 0
    """Callbacks where PortAudio reported lost mic samples (we were too slow to read)."""
    output_underflows: int = 0
    """Callbacks where PortAudio reported the speaker ran dry (we were too slow to write)."""
    callback_errors: int = 0
    """Exceptions caught inside the callback (logged once; the block is played as silence)."""
    stream_restarts: int = 0
    """Times the stream stopped by itself (an ALSA xrun it could not recover) and was reopened."""
    input_latency_s: float = 0.0
    """The mic latency PortAudio actually granted."""
    output_latency_s: float = 0.0
    """The speaker latency PortAudio actually granted: part of every reply's time to first audio."""
    devices: tuple[str, str] = ("", "")
    """Names of the opened (input, output) devices."""
    input_lag_ms: float = 0.0
    """Age of the latest mic block when it reached us (PortAudio's capture timestamp; 0 if the host API has none)."""
    input_lag_resets: int = 0
    """Times the stream was reopened because mic audio arrived more than `max_input_lag_ms` late."""
    echo_blocks: int = 0
    """Mic blocks the echo canceller cleaned."""
    echo_failures: int = 0
    """Mic blocks passed on uncleaned because the echo canceller raised (logged once)."""


class DeviceCall:
    """The single conversation on the sound card: `call_id` "device", it lasts until the transport closes."""

    call_id = "device"
    hears_itself = True  # the mic is in the room with the speaker; the echo canceller only lowers what it hears

    def __init__(self, options: DeviceOptions, stats: DeviceStats, loop: asyncio.AbstractEventLoop,
                 echo: EchoCanceller | None = None) -> None:
        self.output = OutputQueue(options.sample_rate_hz, loop)
        """Reply audio at the card's rate (`sample_rate_hz`), int16 mono."""
        self.echo = echo
        """Cleans every mic block of the reply's echo before the pipeline hears it (None: the raw mic)."""
        self.speaker = SpeakerTimeline(options.sample_rate_hz)
        """What the speaker played, on the card's clock: each mic block's echo reference is read from it."""
        self._stats = stats
        self._echo_error_logged = False
        self._queue: asyncio.Queue[AudioFrame | None] = asyncio.Queue(maxsize=options.queue_blocks)
        self._dtmf: asyncio.Queue[DtmfDigit] = asyncio.Queue()
        self._to_pipeline = _Rechunker(options.sample_rate_hz, options.block_ms)
        self._ended = False

    async def frames(self) -> AsyncIterator[AudioFrame]:
        while True:
            frame = await self._queue.get()
            if frame is None:
                return
            yield frame

    def dtmf(self) -> "asyncio.Queue[DtmfDigit]":
        return self._dtmf  # a sound card has no keypad: never filled

    def _deliver(self, pcm: np.ndarray, reference: np.ndarray | None, arrived_ns: int) -> None:
        """On the event loop: cancel the echo of `reference` (what the speaker played as `pcm` was captured),
        resample to 16 kHz if needed and queue whole frames, dropping the oldest if full."""
        if self._ended:
            return
        if self.echo is not None and reference is not None:
            pcm = self._cancel_echo(pcm, reference)
        for frame_pcm in self._to_pipeline.push(pcm):
            self._put(AudioFrame(frame_pcm.tobytes(), PIPELINE_RATE_HZ, arrived_ns))

    def _cancel_echo(self, pcm: np.ndarray, played: np.ndarray) -> np.ndarray:
        """Every block goes through, even while the pipeline lags, so the canceller's model of the room stays
        continuous; if it fails the raw mic is better than no mic (the call goes on, the failure is counted)."""
        assert self.echo is not None
        try:
            cleaned = self.echo.process(pcm, played)
        except Exception as exc:
            self._stats.echo_failures += 1
            if not self._echo_error_logged:
                self._echo_error_logged = True
                log.error("echo cancellation failed (%s); passing the mic on uncleaned", exc)
            return pcm
        self._stats.echo_blocks += 1
        return cleaned

    def _put(self, item: AudioFrame | None) -> None:
        if self._queue.full():
            self._queue.get_nowait()
            if item is not None:
                self._stats.queue_overruns += 1
        self._queue.put_nowait(item)

    def _end(self) -> None:
        if not self._ended:
            self._ended = True
            self._put(None)


class AudioDeviceTransport:
    """`Transport` over the local sound card (PortAudio via sounddevice), giving exactly one `DeviceCall`."""

    name = "device"

    def __init__(self, options: DeviceOptions, rescan_devices: bool = True,
                 echo_canceller: EchoCanceller | None = None) -> None:
        """`echo_canceller` replaces the one `options.echo_cancellation` would build (WebRTC AEC3) at start."""
        self.options = options
        self.stats = DeviceStats()
        self.failure: str | None = None
        """Why the device stopped on its own (vanished or hung); None while healthy. The call ends with it."""
        self.close_timed_out = False
        """True when close() gave up waiting for a hung PortAudio stream: exit with os._exit, as interpreter
        shutdown (PortAudio's own Pa_Terminate) would block on it too."""
        # PortAudio lists devices once per initialisation: re-scan at start so a card (or sound server) that
        # appeared after import is found. It stops other PortAudio streams in this process; there are none.
        self._rescan = rescan_devices
        self._stream: _StreamPair | None = None
        self._call: DeviceCall | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False
        self._closed = asyncio.Event()
        self._logged_error = False
        self._last_callback_ns = 0
        self._stall_task: asyncio.Task[None] | None = None
        self._devices: tuple[FoundDevice, FoundDevice] | None = None
        self._reopening = False
        self._reopen_task: asyncio.Future[None] | None = None
        self._echo = echo_canceller
        self._generation = 0  # which opened stream is the live one: a replaced stream's finish is no news
        self._lagging_blocks = 0

    @property
    def call(self) -> DeviceCall | None:
        return self._call

    async def start(self) -> None:
        """Open the mic and speaker; a TransportError names the problem and lists the devices found."""
        opts = self.options
        self._loop = asyncio.get_running_loop()
        if self._rescan:
            rescan()
        in_dev = resolve_device(opts.input_device, "input", opts.input_channels)
        out_dev = resolve_device(opts.output_device, "output", opts.output_channels)
        self._devices = (in_dev, out_dev)
        # Before the card opens, so a missing package fails the start with its fix, not the first reply.
        echo = self._echo or (self._build_echo_canceller() if opts.echo_cancellation else None)
        self._call = DeviceCall(opts, self.stats, self._loop, echo)
        try:
            stream = self._open_stream()
        except (sd.PortAudioError, ValueError) as exc:
            raise TransportError(
                f"PortAudio could not open input {in_dev.name!r} / output {out_dev.name!r} at "
                f"{opts.sample_rate_hz} Hz, {opts.input_channels}/{opts.output_channels} channels ({exc}).\n"
                f"{describe_devices()}\nTry another device, sample_rate_hz (e.g. 48000) or the channel counts."
            ) from None
        self._stream = stream
        self._last_callback_ns = time.monotonic_ns()  # the start counts as activity: a dead start is a stall too
        self._stall_task = asyncio.create_task(self._watch_for_stalls(), name="device-stall-watch")
        self.stats.input_latency_s, self.stats.output_latency_s = (float(x) for x in stream.latency)
        self.stats.devices = (in_dev.name, out_dev.name)
        log.info("sound card open: in %r, out %r, %d Hz, %d ms blocks, latency in %.0f ms / out %.0f ms",
                 in_dev.name, out_dev.name, opts.sample_rate_hz, opts.block_ms,
                 1000 * self.stats.input_latency_s, 1000 * self.stats.output_latency_s)

    def _build_echo_canceller(self) -> EchoCanceller:
        from engines.echo import WebRtcEchoCanceller

        opts = self.options
        settings = EchoSettings(noise_suppression=opts.echo_noise_suppression, delay_ms=opts.echo_delay_ms)
        try:
            echo = WebRtcEchoCanceller(opts.sample_rate_hz, settings)
        except (EchoCancellerUnavailable, ValueError) as exc:
            raise TransportError(f"device: {exc}. To run without it set device.echo_cancellation: false") from None
        report = echo.warmup()
        log.info("echo cancellation on (%s, loaded in %.2f s)", report.detail, report.load_s)
        return echo

    def _open_stream(self) -> "_StreamPair":
        opts, (in_dev, out_dev) = self.options, self._devices
        self._generation += 1
        generation = self._generation
        common = dict(samplerate=opts.sample_rate_hz, blocksize=opts.block_samples, dtype="int16",
                      finished_callback=lambda: self._finished(generation))
        mic = sd.InputStream(device=in_dev.index, channels=opts.input_channels, latency=opts.input_latency_s,
                             callback=self._on_mic, **common)
        try:
            speaker = sd.OutputStream(device=out_dev.index, channels=opts.output_channels,
                                      latency=opts.output_latency_s, callback=self._on_speaker, **common)
        except Exception:
            mic.close()
            raise
        self._lagging_blocks = 0
        pair = _StreamPair(mic, speaker)
        pair.start()
        return pair

    async def calls(self) -> AsyncIterator[DeviceCall]:
        """The one call, then nothing until the transport closes."""
        if self._call is None:
            raise TransportError("the device transport was not started: await transport.start() first")
        yield self._call
        await self._closed.wait()

    @property
    def healthy(self) -> bool:
        """For the daemon's watchdog: the stream runs and its callbacks keep coming."""
        return (self._stream is not None or self._reopening) and self.failure is None

    async def close(self, timeout_s: float = 3.0) -> None:
        self._closing = True
        if self._stall_task is not None:
            self._stall_task.cancel()
        stream, self._stream = self._stream, None
        if stream is not None:
            # A daemon thread, not the loop's executor: a hung stream must not block the loop or interpreter exit.
            done = threading.Event()
            threading.Thread(target=_abort_and_close, args=(stream, done), name="device-close", daemon=True).start()
            if not await asyncio.to_thread(done.wait, timeout_s):
                self.close_timed_out = True
                log.error("the sound card did not stop within %.0f s (PortAudio is stuck); leaving it", timeout_s)
        if self._call is not None:
            self._call._end()
        self._closed.set()

    async def _watch_for_stalls(self) -> None:
        limit_ns = int(self.options.stall_timeout_s * 1e9)
        while self.failure is None:
            await asyncio.sleep(min(0.25, self.options.stall_timeout_s / 4))
            silent_ns = time.monotonic_ns() - self._last_callback_ns
            if silent_ns > limit_ns and not self._closing and not self._reopening:
                self._fail(f"no audio callback for {silent_ns / 1e9:.1f} s: the sound card or its server hung")

    # --- PortAudio's thread from here on: never block, never raise ---

    def _on_mic(self, indata: np.ndarray, frames: int, times: Any, status: sd.CallbackFlags) -> None:
        now_ns = time.monotonic_ns()
        self._last_callback_ns = now_ns
        stats = self.stats
        stats.callbacks += 1
        if status.input_overflow:
            stats.input_overflows += 1
        capture_s = self._check_input_lag(times)
        try:
            call, loop = self._call, self._loop
            assert call is not None and loop is not None
            reference = call.speaker.read(frames, capture_s) if call.echo is not None else None
            loop.call_soon_threadsafe(call._deliver, indata[:, 0].copy(), reference, now_ns)
        except Exception as exc:  # a raise here would abort the stream: count it instead
            self._callback_failed(exc)

    def _on_speaker(self, outdata: np.ndarray, frames: int, times: Any, status: sd.CallbackFlags) -> None:
        self._last_callback_ns = time.monotonic_ns()
        stats = self.stats
        stats.output_callbacks += 1
        if status.output_underflow:
            stats.output_underflows += 1
        try:
            call = self._call
            assert call is not None
            block, _real = call.output.pull(frames)
            outdata[:] = block[:, None]
            if call.echo is not None:
                call.speaker.write(block, getattr(times, "outputBufferDacTime", 0.0) or None)
        except Exception as exc:  # a raise here would abort the stream: play silence and count it instead
            outdata.fill(0)
            self._callback_failed(exc)

    def _callback_failed(self, exc: Exception) -> None:
        self.stats.callback_errors += 1
        if not self._logged_error:
            self._logged_error = True
            log.error("audio callback failed (%s); going on with silence", exc)

    def _check_input_lag(self, times: Any) -> float | None:
        """Ask for a reopen once mic blocks keep arriving more than `max_input_lag_ms` after they were captured.
        Returns the block's capture time on the card's clock (None if the host API gives no timestamps)."""
        adc_s, now_s = getattr(times, "inputBufferAdcTime", 0.0), getattr(times, "currentTime", 0.0)
        if not (adc_s > 0 and now_s > 0):
            return None  # the host API gives no timestamps: nothing to judge by
        lag_ms = 1000.0 * (now_s - adc_s)
        self.stats.input_lag_ms = lag_ms
        limit = self.options.max_input_lag_ms
        if not limit or lag_ms <= limit:
            self._lagging_blocks = 0
            return adc_s
        self._lagging_blocks += 1
        # A second of blocks in a row: a callback thread starved by a busy box comes back with a backlog and
        # drains it block after block (the lag falls 20 ms a callback); only a backlog that stays is stuck.
        if self._lagging_blocks == LAG_PATIENCE_MS // self.options.block_ms and self._loop is not None \
                and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._input_lagging, self._generation, lag_ms)
        return adc_s

    def _finished(self, generation: int) -> None:
        if self._closing or self._loop is None or self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._stream_stopped, generation)

    # --- back on the event loop ---

    def _input_lagging(self, generation: int, lag_ms: float) -> None:
        """The mic's capture buffer piled up: reopen the stream to empty it (the call and its reply survive)."""
        if generation != self._generation or self._closing or self.failure is not None or self._reopening:
            return
        log.warning("mic audio arrives %.0f ms late (its capture buffer piled up): reopening the sound card to "
                    "catch up", lag_ms)
        self.stats.input_lag_resets += 1
        self._reopening = True
        self._reopen_task = asyncio.ensure_future(self._reopen(replace_live=True))

    def _stream_stopped(self, generation: int) -> None:
        """The stream ended by itself. An xrun ALSA could not recover does that on a loaded box, so reopen it a
        few times (the call and its queued reply survive) before giving up as for a vanished device."""
        if generation != self._generation or self._closing or self.failure is not None or self._reopening:
            return
        if self.stats.stream_restarts >= MAX_STREAM_RESTARTS:
            self._fail(f"the sound card stream stopped by itself {self.stats.stream_restarts + 1} times")
            return
        self._reopening = True
        self._reopen_task = asyncio.ensure_future(self._reopen())  # held: the loop keeps only a weak reference

    async def _reopen(self, replace_live: bool = False) -> None:
        """Open a new stream in place of the current one. `replace_live`: the current one still runs (it lags), so
        it is stopped first (a real ALSA card cannot be opened twice) and the reopen is not counted as a failure."""
        try:
            if replace_live and self._stream is not None:
                live, self._stream = self._stream, None
                done = threading.Event()
                threading.Thread(target=_abort_and_close, args=(live, done), daemon=True).start()
                await asyncio.to_thread(done.wait, 3.0)
            for attempt in range(3):
                if not replace_live or attempt:
                    await asyncio.sleep(0.1 * (attempt + 1))
                if self._closing:
                    return
                try:
                    stream = self._open_stream()
                except (sd.PortAudioError, ValueError) as exc:
                    log.warning("reopening the sound card failed (%s)", exc)
                    continue
                old, self._stream = self._stream, stream
                self._last_callback_ns = time.monotonic_ns()
                if replace_live:
                    return
                self.stats.stream_restarts += 1
                log.warning("the sound card stream stopped by itself; reopened it (%d so far)",
                            self.stats.stream_restarts)
                if old is not None:
                    threading.Thread(target=_abort_and_close, args=(old, threading.Event()), daemon=True).start()
                return
            self._fail("the sound card stream stopped by itself (device unplugged or the sound server died) "
                       "and could not be reopened")
        finally:
            self._reopening = False

    def _fail(self, reason: str) -> None:
        """On the event loop: record why the device is gone and end the call (the daemon decides to exit)."""
        if self.failure is None and not self._closing:
            self.failure = reason
            log.error("%s; ending the device call", reason)
            if self._call is not None:
                self._call._end()


LAG_PATIENCE_MS = 1000
"""Mic audio must stay later than `max_input_lag_ms` for this long before the streams are reopened to drop it."""

MAX_STREAM_RESTARTS = 20
"""Reopens allowed over the transport's life; past that the device is treated as gone (the daemon restarts)."""


class _StreamPair:
    """The mic and speaker streams, started, stopped and reported on as one stream."""

    def __init__(self, mic: sd.InputStream, speaker: sd.OutputStream) -> None:
        self.mic, self.speaker = mic, speaker

    @property
    def latency(self) -> tuple[float, float]:
        return float(self.mic.latency), float(self.speaker.latency)

    def start(self) -> None:
        self.mic.start()
        try:
            self.speaker.start()
        except Exception:
            self.mic.abort()
            self.mic.close()
            self.speaker.close()
            raise

    def abort(self) -> None:
        for stream in (self.mic, self.speaker):
            try:
                stream.abort()
            except sd.PortAudioError as exc:
                log.warning("stopping the sound card: %s", exc)

    def close(self) -> None:
        self.mic.close()
        self.speaker.close()


def _abort_and_close(stream: "_StreamPair", done: threading.Event) -> None:
    try:
        stream.abort()  # drop unplayed output: on close the reply is over anyway
        stream.close()
    except sd.PortAudioError as exc:
        log.warning("closing the sound card: %s", exc)
    finally:
        done.set()


class _Rechunker:
    """Turns the card's blocks into exact 20 ms, 16 kHz frames (resampling with soxr when the card is not 16 kHz)."""

    def __init__(self, device_rate_hz: int, block_ms: int) -> None:
        self._frame = PIPELINE_RATE_HZ * 20 // 1000  # the pipeline's 20 ms frame, whatever the card's block
        self._passthrough = device_rate_hz == PIPELINE_RATE_HZ and block_ms == 20
        self._resampler = None
        if device_rate_hz != PIPELINE_RATE_HZ:
            import soxr

            self._resampler = soxr.ResampleStream(device_rate_hz, PIPELINE_RATE_HZ, 1, dtype="int16")
        self._pending = np.zeros(0, dtype=np.int16)

    def push(self, pcm: np.ndarray) -> list[np.ndarray]:
        if self._passthrough:
            return [pcm]
        if self._resampler is not None:
            pcm = self._resampler.resample_chunk(pcm)
        self._pending = np.concatenate([self._pending, pcm])
        n = self._pending.size // self._frame
        frames = [self._pending[i * self._frame:(i + 1) * self._frame] for i in range(n)]
        self._pending = self._pending[n * self._frame:]
        return frames


# --- finding devices ---

CONFIG_HINT = ("Pick one in the config: device.input_device / device.output_device = a part of its name "
               "(e.g. \"USB\") or its index; null uses the system default. `edge devices` shows this list.")


@dataclass(frozen=True)
class FoundDevice:
    index: int
    name: str


def rescan() -> None:
    """Make PortAudio list devices afresh (it only looks once per initialisation)."""
    sd._terminate()  # the documented way in sounddevice's issue tracker (#125): no public call exists
    sd._initialize()


def list_devices(rescan_first: bool = True) -> str:
    """What `edge devices` prints: every PortAudio device with its index, channels and the defaults."""
    if rescan_first:
        rescan()
    return describe_devices()


def describe_devices() -> str:
    devices = list(sd.query_devices())
    if not devices:
        return ("No audio devices found: PortAudio sees no sound card. Check that one is connected "
                "(`aplay -l`), that this user is in the group audio, or that the sound server runs.")
    roles: dict[int, list[str]] = {}
    for kind in ("input", "output"):
        roles.setdefault(_default_index(kind), []).append(kind)
    lines = ["Audio devices found (index: name [in/out channels] default rate):"]
    for d in devices:
        note = f"  <- default {' and '.join(roles[d['index']])}" if d["index"] in roles else ""
        lines.append(f"  {d['index']:>2}: {d['name']} [in {d['max_input_channels']}, out "
                     f"{d['max_output_channels']}] {d['default_samplerate']:.0f} Hz{note}")
    lines.append(CONFIG_HINT)
    return "\n".join(lines)


def _default_index(kind: Literal["input", "output"]) -> int:
    try:
        return int(sd.query_devices(kind=kind)["index"])
    except sd.PortAudioError:
        return -1


def resolve_device(spec: int | str | None, kind: Literal["input", "output"], channels: int) -> FoundDevice:
    """The device a config value names, or a TransportError listing what exists and how to choose."""
    key = f"max_{kind}_channels"
    devices = list(sd.query_devices())
    what = f"{kind} device {spec!r}" if spec is not None else f"the default {kind} device"

    def fail(problem: str) -> TransportError:
        return TransportError(f"{what}: {problem}.\n{describe_devices()}")

    if not devices:
        raise fail("no audio devices at all")
    if spec is None:
        index = _default_index(kind)
        if index < 0:
            raise fail(f"the system has no default {kind} device")
    elif isinstance(spec, int):
        if not 0 <= spec < len(devices):
            raise fail(f"index out of range (0..{len(devices) - 1})")
        index = spec
    else:
        wanted = spec.strip().lower()
        usable = [d for d in devices if d[key] > 0]
        exact = [d for d in usable if d["name"].lower() == wanted]
        matches = exact or [d for d in usable if wanted in d["name"].lower()]
        if not matches:
            raise fail(f"no {kind} device's name contains {spec!r}")
        if len(matches) > 1:
            names = ", ".join(f"{d['index']}: {d['name']}" for d in matches)
            raise fail(f"several devices match ({names}); use a longer part of the name or the index")
        index = int(matches[0]["index"])
    device = devices[index]
    if device[key] < channels:
        raise fail(f"{device['name']!r} has {device[key]} {kind} channels, {channels} wanted")
    return FoundDevice(index, device["name"])


