"""Figures from the bench's turn records: P50/P95/P99 per stage, WER, discards, FAQ hits; JSON and a PNG.

The PNG has, per variant shown, a waterfall (one row per turn: each LATENCY.md stage as a bar from its start to
its end, in ms from the true end of speech, so overlapping work shows as overlapping bars) and, at the bottom,
the TTFA distribution of every variant as a cumulative curve with the 300/500 ms goals marked.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any, Iterable

from edge.bench.runner import TurnRecord

STAGES = ["endpoint", "speculation_start", "stt_final", "stt_compute", "llm_ttft", "first_fragment",
          "tts_first_chunk", "output", "delivery", "ttfa", "ttfa_answer"]
COLOURS = {"endpoint": "#9e9e9e", "stt_final": "#1f77b4", "llm_ttft": "#ff7f0e", "first_fragment": "#2ca02c",
           "tts_first_chunk": "#d62728", "output": "#9467bd", "delivery": "#8c564b", "filler": "#e377c2"}


def percentile(values: Iterable[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), None for no values."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return None
    rank = (len(data) - 1) * q / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return data[lo] + (data[hi] - data[lo]) * (rank - lo)


def _pcts(values: list[float]) -> dict[str, float | None]:
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "p99": percentile(values, 99)}


def summarise(records: list[TurnRecord]) -> dict[str, Any]:
    """One variant's figures."""
    stages = {s: _pcts([r.stages_ms.get(s) for r in records if r.stages_ms.get(s) is not None]) for s in STAGES}
    stages["ttfa"] = _pcts([r.ttfa_ms for r in records if r.ttfa_ms is not None])
    stages["ttfa_answer"] = _pcts([r.ttfa_answer_ms for r in records if r.ttfa_answer_ms is not None])
    errors = sum(r.word_errors for r in records)
    words = sum(r.reference_words for r in records)
    sources: dict[str, int] = {}
    for r in records:
        sources[r.source] = sources.get(r.source, 0) + 1
    faq = [r for r in records if r.faq_entry is not None]
    non_faq = [r for r in records if r.faq_entry is None]
    return {
        "turns": len(records),
        "answered": sum(r.ttfa_ms is not None for r in records),
        "errors": {e: sum(r.error == e for r in records) for e in sorted({r.error for r in records if r.error})},
        "stages_ms": stages,
        "ttfa_non_faq_ms": _pcts([r.ttfa_ms for r in non_faq if r.ttfa_ms is not None and r.source != "answer"]),
        "fillers": sum(bool(r.filler) for r in records),
        "wer": errors / words if words else None,
        "speculation_discards": sum(r.discards for r in records),
        "split_turns": sum(r.pipeline_turns > 1 for r in records),
        "early_commits": sum(r.early_commit for r in records),
        "spoke_before_end": sum(r.spoke_before_end_ms > 0 for r in records),
        "spoke_before_end_ms": _pcts([r.spoke_before_end_ms for r in records if r.spoke_before_end_ms > 0]),
        "sources": sources,
        "faq_questions": len(faq),
        "faq_hits": sum(r.source == "answer" for r in faq),
        "faq_hit_ttfa_ms": _pcts([r.ttfa_ms for r in faq if r.source == "answer" and r.ttfa_ms is not None]),
        "faq_hit_endpoint_ms": _pcts([r.stages_ms.get("endpoint") for r in faq
                                      if r.source == "answer" and r.stages_ms.get("endpoint") is not None]),
    }


def ratio(baseline: dict[str, Any], main: dict[str, Any], stage: str = "ttfa") -> dict[str, float | None]:
    """How many times faster `main` is than `baseline`, per percentile of `stage` (ttfa or ttfa_answer)."""
    out = {}
    for q in ("p50", "p95", "p99"):
        b, m = baseline["stages_ms"]["ttfa"][q], main["stages_ms"][stage][q]
        out[q] = b / m if b and m else None
    return out


def _fmt(v: float | None) -> str:
    return "      -" if v is None else f"{v:7.0f}"


def format_summary(name: str, s: dict[str, Any]) -> str:
    lines = [f"== {name}: {s['answered']}/{s['turns']} turns answered"
             + (f"  (problems: {s['errors']})" if s["errors"] else "")]
    lines.append(f"  {'stage':16s} {'n':>4s} {'P50':>7s} {'P95':>7s} {'P99':>7s}   ms")
    for stage in STAGES:
        p = s["stages_ms"][stage]
        lines.append(f"  {stage:16s} {p['n']:4d} {_fmt(p['p50'])} {_fmt(p['p95'])} {_fmt(p['p99'])}")
    nf = s["ttfa_non_faq_ms"]
    lines.append(f"  {'ttfa (no FAQ hit)':16s} {nf['n']:4d} {_fmt(nf['p50'])} {_fmt(nf['p95'])} {_fmt(nf['p99'])}")
    wer = "-" if s["wer"] is None else f"{100 * s['wer']:.1f} %"
    lines.append(f"  (ttfa: first audio, fillers included; ttfa_answer: the answer itself; fillers played "
                 f"{s['fillers']})")
    lines.append(f"  WER {wer}   speculation discards {s['speculation_discards']}   clips answered in pieces "
                 f"{s['split_turns']}   commits before the true end {s['early_commits']}   sources {s['sources']}")
    spoke = s.get("spoke_before_end_ms") or {"p50": None, "p95": None}
    lines.append(f"  clips the assistant spoke into before their true end {s.get('spoke_before_end', '-')} (voice "
                 f"heard P50 {_fmt(spoke['p50'])}, P95 {_fmt(spoke['p95'])} ms)")
    if s["faq_questions"]:
        h = s["faq_hit_ttfa_ms"]
        lines.append(f"  FAQ: {s['faq_hits']}/{s['faq_questions']} questions hit; TTFA on hits P50 {_fmt(h['p50'])}"
                     f"  P95 {_fmt(h['p95'])}  P99 {_fmt(h['p99'])} ms (endpoint P50 "
                     f"{_fmt(s['faq_hit_endpoint_ms']['p50'])} ms)")
    return "\n".join(lines)


def save_json(path: Path, runs: dict[str, list[TurnRecord]], summaries: dict[str, Any], meta: dict[str, Any]) -> None:
    data = {"meta": meta, "summaries": summaries,
            "turns": {name: [dataclasses.asdict(r) for r in records] for name, records in runs.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def save_png(path: Path, runs: dict[str, list[TurnRecord]], waterfalls: list[str] | None = None) -> None:
    """Waterfalls of the named variants (default: main and baseline) above the TTFA distributions of all."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [n for n in (waterfalls or ["main", "baseline"]) if runs.get(n)] or list(runs)[:1]
    rows = max(len(runs[n]) for n in shown) if shown else 1
    heights = [max(3.0, 0.09 * rows)] * len(shown) + [3.5]
    fig, axes = plt.subplots(len(shown) + 1, 1, figsize=(11, sum(heights) + 1),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, name in zip(axes[:, 0], shown):
        records = runs[name]
        for y, r in enumerate(records):
            for stage, (a, b) in r.waterfall.items():
                # Each stage on its own lane within the turn's row, so overlapping work (speculative STT under
                # the endpoint wait) stays visible.
                lane = 0.8 / len(COLOURS)
                ax.barh(y - 0.4 + lane * (list(COLOURS).index(stage) + 0.5), max(b - a, 1.0), left=a, height=lane,
                        color=COLOURS.get(stage, "k"))
            if r.ttfa_ms is not None:
                ax.plot(r.ttfa_ms, y, marker="|", color="k", markersize=4)
        ax.axvline(0, color="k", linewidth=0.8)
        ax.set_ylim(len(records) - 0.5, -0.5)
        ax.set_ylabel("turn")
        ax.set_xlabel("ms from the true end of speech (| = first reply audio at the caller)")
        ax.set_title(f"{name}: per-turn stage waterfall")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in COLOURS.values()]
    axes[0, 0].legend(handles, list(COLOURS), loc="lower right", fontsize=7, ncol=4)
    ax = axes[-1, 0]
    for name, records in runs.items():
        values = sorted(r.ttfa_ms for r in records if r.ttfa_ms is not None)
        if values:
            ax.step(values, [(i + 1) / len(values) for i in range(len(values))], where="post",
                    marker="o" if len(values) < 20 else None, markersize=3,
                    label=f"{name} (P50 {percentile(values, 50):.0f} ms, n={len(values)})")
    for goal in (300, 500):
        ax.axvline(goal, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel("time to first audio (ms)")
    ax.set_ylabel("share of turns")
    ax.set_title("TTFA distribution (dashed: 300 ms P50 and 500 ms P95 goals)")
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)


def load_json(path: Path) -> tuple[dict[str, list[TurnRecord]], dict[str, Any]]:
    """The turn records and metadata of a saved run (to re-plot or re-summarise it)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    fields = {f.name for f in dataclasses.fields(TurnRecord)}
    runs = {}
    for name, turns in data["turns"].items():
        runs[name] = [TurnRecord(**{**{k: v for k, v in t.items() if k in fields},
                                    "waterfall": {k: tuple(v) for k, v in t.get("waterfall", {}).items()}})
                      for t in turns]
    return runs, data.get("meta", {})
