"""The TensorRT-LLM adapter.

These machines have no GPU and no tensorrt_llm, so the real test here is that construction fails at once with a
clear message. The streaming/cancel logic is checked against a thin FAKE of TensorRT-LLM's documented LLM API
(`generate_async(prompt, params, streaming=True)` yielding outputs with `outputs[0].text_diff`, `abort()`),
because the real thing cannot exist on this machine; the fake stands in for nothing else.
"""

import time
from dataclasses import dataclass, field

import pytest

from engines.llm_trtllm import TrtLlm, TrtLlmUnavailable, cuda_gpu_visible
from engines.protocols import CancelToken, ChatMessage


def test_fails_at_once_and_clearly_on_this_machine(tmp_path):
    if cuda_gpu_visible():
        pytest.skip("this machine has a GPU: the failure path does not apply")
    start = time.monotonic()
    with pytest.raises(TrtLlmUnavailable) as info:
        TrtLlm(tmp_path)
    message = str(info.value)
    assert "tensorrt_llm" in message and "GPU" in message and "smollm2" in message
    assert time.monotonic() - start < 30  # generous: it must not try to load anything first


@dataclass
class FakeOutput:
    text_diff: str


@dataclass
class FakeStep:
    outputs: list
    finished: bool


@dataclass
class FakeRequest:
    """Stands in for TensorRT-LLM's streaming request (FAKE: no GPU here)."""

    words: list
    aborted: bool = False
    produced: int = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.aborted or self.produced == len(self.words):
            raise StopAsyncIteration
        self.produced += 1
        return FakeStep([FakeOutput(self.words[self.produced - 1])], self.produced == len(self.words))

    def abort(self):
        self.aborted = True


@dataclass
class FakeTokenizer:
    def apply_chat_template(self, chat, tokenize, add_generation_prompt):
        return "|".join(f"{m['role']}:{m['content']}" for m in chat) + "|assistant:"

    def encode(self, text, add_special_tokens=False):
        return text.split()


@dataclass
class FakeLlm:
    """Stands in for tensorrt_llm.LLM (FAKE: no GPU here)."""

    words: list
    tokenizer: FakeTokenizer = field(default_factory=FakeTokenizer)
    requests: list = field(default_factory=list)
    prompts: list = field(default_factory=list)

    def generate_async(self, prompt, params, streaming):
        assert streaming is True and params["max_tokens"] >= 1
        self.prompts.append(prompt)
        self.requests.append(FakeRequest(self.words[: params["max_tokens"]]))
        return self.requests[-1]


def make(words):
    fake = FakeLlm(words)
    return fake, TrtLlm.with_backend(fake, lambda **kw: kw)


def test_streams_every_diff_until_finished():
    fake, llm = make(["Hello", " there", "!"])
    pieces = list(llm.stream_reply([ChatMessage("system", "Be brief."), ChatMessage("user", "Hi")],
                                   max_new_tokens=10, cancel=CancelToken()))
    assert pieces == ["Hello", " there", "!"]
    assert fake.prompts == ["system:Be brief.|user:Hi|assistant:"]
    assert not fake.requests[0].aborted


def test_cancel_stops_within_one_piece_and_aborts_the_request():
    fake, llm = make([f"w{i} " for i in range(50)])
    cancel = CancelToken()
    pieces = []
    for piece in llm.stream_reply([ChatMessage("user", "Go")], max_new_tokens=50, cancel=cancel):
        pieces.append(piece)
        if len(pieces) == 2:
            cancel.cancel()
    assert len(pieces) == 2
    assert fake.requests[0].aborted and fake.requests[0].produced <= 3


def test_count_tokens_uses_the_engine_tokenizer():
    _fake, llm = make([])
    assert llm.count_tokens("one two three") == 3
