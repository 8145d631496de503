"""`edge bench`: time to first audio (TTFA, ../shared/LATENCY.md) of the real pipeline, measured from outside.

How to run it (from the checkout, engines built by `script/setup` into var/engines):

    .venv/bin/edge bench                                  # main config + naive baseline, 100 turns each, ratio
    .venv/bin/edge bench --variants all --variant-turns 30  # + each speed measure switched off, and the FAQ
    .venv/bin/edge bench --baseline --turns 20            # the baseline alone
    .venv/bin/edge bench --overlay fast:endpoint.complete_silence_ms=100   # any config overlay of your own
    .venv/bin/edge bench --build-manifest my.jsonl        # only build the Asterisk prompt manifest

What a run does:
- `manifest.py`: a JSON-lines manifest of real recorded prompts (`audio`, `text`, `speech_end` s), by default
  120 Asterisk core prompts, longest first, the true end of speech found with the Silero VAD from the engines dir.
- `peer.py` (a separate process, the caller) plays each clip in real time as 20 ms RTP packets (PCMU, or L16
  with `--payload l16`) with >= 1 s of silence before and after, each clip a new call, into a real `RtpEndpoint`
  on 127.0.0.1; it stamps the arrival of the first non-silent reply packet.
- `runner.py` serves those calls with the real pipeline in this process (`Conversation`, or
  `baseline.BaselineConversation`: fixed 600 ms silence, whole transcript, whole reply, whole synthesis, then
  play) and joins each turn's `TurnMetrics` with the caller's stamps.
- `report.py` prints P50/P95/P99 of every stage and of TTFA, the WER over the run, speculation discards, FAQ
  hits and their TTFA, the baseline/main ratio, and the false-match rate of the FAQ on the non-FAQ prompts; it
  saves `OUT/bench.json` (every turn) and `OUT/bench.png` (per-turn waterfalls and the TTFA distributions).

TTFA = first non-silent reply packet at the caller - send time of the packet holding the true end of speech.
The machine is shared and has 2 cores: the load average at start and end is printed and saved with the figures;
compare variants by their ratio within one run rather than absolute times across runs.
"""
