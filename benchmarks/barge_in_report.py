"""What both barge-in benchmarks (RTP and the sound card) report of their stop trials, written once."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np


class StopTiming(Protocol):
    """One interruption that was detected, as either benchmark times it (milliseconds)."""

    detection_ms: float
    stop_from_detection_ms: float
    stop_from_speech_ms: float


def pct(values: list[float]) -> dict[str, float] | None:
    """P50, P95 and the maximum in ms (None for no values)."""
    if not values:
        return None
    arr = np.array(values)
    return {"p50_ms": round(float(np.percentile(arr, 50)), 1), "p95_ms": round(float(np.percentile(arr, 95)), 1),
            "max_ms": round(float(arr.max()), 1), "n": len(values)}


def machine(loadavg_before: tuple[float, float, float]) -> dict:
    return {"cores": os.cpu_count(), "platform": platform.platform(), "loadavg_before": loadavg_before,
            "loadavg_after": os.getloadavg()}


def stop_figures(detected: Sequence[StopTiming]) -> dict:
    """The stop-latency figures of the detected interruptions."""
    return {
        "detected": len(detected),
        "detection": pct([t.detection_ms for t in detected]),
        "stop_from_detection": pct([t.stop_from_detection_ms for t in detected]),
        "stop_from_speech_start": pct([t.stop_from_speech_ms for t in detected]),
        "within_100ms_of_detection": sum(t.stop_from_detection_ms <= 100 for t in detected),
    }


def print_stops(result: dict) -> None:
    print(f"\n{result['detected']}/{result['trials']} interruptions detected; "
          f"{result['within_100ms_of_detection']} stopped within 100 ms of detection")
    for name in ("detection", "stop_from_detection", "stop_from_speech_start"):
        figures = result[name]
        if figures:
            print(f"{name:24s} P50 {figures['p50_ms']:7.1f} ms  P95 {figures['p95_ms']:7.1f} ms  "
                  f"max {figures['max_ms']:7.1f} ms")


def save(result: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2))
    print(f"saved {path}")
