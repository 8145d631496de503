"""A stage display for long build steps: the stage name and the seconds elapsed, on stderr.

Converting an LLM takes tens of seconds on a 2-core box with nothing printed by the libraries that matter, so a
field engineer needs to see that something is happening. On a terminal the elapsed time ticks in place; in a log
(not a tty) one line is written every `log_every_s` so CI logs stay short.
"""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator, TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, tick_s: float = 0.5, log_every_s: float = 10.0) -> None:
        self._stream = stream or sys.stderr
        self._tty = bool(getattr(self._stream, "isatty", lambda: False)())
        self._tick_s = tick_s
        self._log_every_s = log_every_s

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()

    def note(self, message: str) -> None:
        self._write(f"{message}\n")

    @contextmanager
    def stage(self, engine: str, what: str) -> Iterator[None]:
        """Show `engine: what` with a running clock until the block ends; then its total time."""
        label = f"[{engine}] {what}"
        start = time.monotonic()
        stop = threading.Event()

        def tick() -> None:
            last_logged = start
            while not stop.wait(self._tick_s):
                now = time.monotonic()
                if self._tty:
                    self._write(f"\r{label} ... {now - start:5.1f} s")
                elif now - last_logged >= self._log_every_s:
                    last_logged = now
                    self._write(f"{label} ... {now - start:.0f} s\n")

        self._write(f"{label} ...\n" if not self._tty else f"{label} ...")
        ticker = threading.Thread(target=tick, name="build-progress", daemon=True)
        ticker.start()
        ok = False
        try:
            yield
            ok = True
        finally:
            stop.set()
            ticker.join()
            status = "done" if ok else "FAILED"
            prefix = "\r" if self._tty else ""
            self._write(f"{prefix}{label} {status} in {time.monotonic() - start:.1f} s\n")
