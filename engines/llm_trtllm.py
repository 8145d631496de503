"""The GPU LLM: TensorRT-LLM's LLM API behind the same `LanguageModel` Protocol as the CPU engine.

Written against TensorRT-LLM's documented API: `LLM(model=ENGINE_DIR, kv_cache_config=KvCacheConfig(
enable_block_reuse=True))` (block reuse keeps the system prompt's KV cache between turns, the GPU counterpart of
CTranslate2's static_prompt), `llm.generate_async(prompt, SamplingParams(...), streaming=True)` yielding outputs
whose `outputs[0].text_diff` is the new text, and `abort()` on the request to stop it. Our Protocol is blocking
(the caller runs it on a worker thread), so the async stream is driven one step at a time on a private event
loop. Construction fails at once, naming what is missing, when tensorrt_llm cannot be imported or no CUDA GPU is
visible: the machines this project is built on have neither.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

from engines.protocols import CancelToken, ChatMessage, WarmupReport

log = logging.getLogger(__name__)


class TrtLlmUnavailable(RuntimeError):
    """TensorRT-LLM cannot run on this machine; the message says what is missing and what to use instead."""


def cuda_gpu_visible() -> bool:
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return False
    try:
        result = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any(line.startswith("GPU ") for line in result.stdout.splitlines())


def require_trtllm() -> None:
    """Raise TrtLlmUnavailable listing every missing piece (checked without importing tensorrt_llm)."""
    missing = []
    if importlib.util.find_spec("tensorrt_llm") is None:
        missing.append("the Python package tensorrt_llm is not installed (PyPI has only a stub; install it from "
                       "NVIDIA's index on a GPU machine)")
    if not cuda_gpu_visible():
        missing.append("no CUDA GPU is visible (nvidia-smi missing or lists no GPU)")
    if missing:
        raise TrtLlmUnavailable("the TensorRT-LLM engine cannot run here: " + "; ".join(missing) +
                                ". Use the CPU engine instead (llm: smollm2), or run on a machine with an NVIDIA GPU.")


class TrtLlm:
    """`LanguageModel` on a TensorRT-LLM engine directory built by `edge-build trtllm`."""

    def __init__(self, engine_dir: Path, *, name: str = "llm-trtllm") -> None:
        require_trtllm()
        start = time.perf_counter()
        from tensorrt_llm import LLM, SamplingParams
        from tensorrt_llm.llmapi import KvCacheConfig

        llm = LLM(model=str(engine_dir), kv_cache_config=KvCacheConfig(enable_block_reuse=True))
        self._bind(llm, SamplingParams, name, time.perf_counter() - start)

    @classmethod
    def with_backend(cls, llm: Any, sampling_params: Any, name: str = "llm-trtllm") -> "TrtLlm":
        """Wrap an already-built `LLM`-like object (and its SamplingParams class), skipping the machine checks."""
        self = cls.__new__(cls)
        self._bind(llm, sampling_params, name, 0.0)
        return self

    def _bind(self, llm: Any, sampling_params: Any, name: str, load_s: float) -> None:
        self._llm = llm
        self._sampling_params = sampling_params
        self.name = name
        self.load_s = load_s

    def _prompt(self, messages: Sequence[ChatMessage]) -> str:
        chat = [{"role": m.role, "content": m.content} for m in messages]
        return self._llm.tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenizer.encode(text, add_special_tokens=False))

    def stream_reply(self, messages: Sequence[ChatMessage], *, max_new_tokens: int,
                     cancel: CancelToken) -> Iterator[str]:
        if max_new_tokens < 1:
            raise ValueError(f"max_new_tokens must be at least 1, got {max_new_tokens}")
        params = self._sampling_params(max_tokens=max_new_tokens, temperature=0.0)
        loop = asyncio.new_event_loop()
        request = self._llm.generate_async(self._prompt(messages), params, streaming=True)
        steps = request.__aiter__()
        finished = False
        try:
            while not cancel.cancelled:
                try:
                    output = loop.run_until_complete(steps.__anext__())
                except StopAsyncIteration:
                    finished = True
                    return
                if cancel.cancelled:
                    return
                yield output.outputs[0].text_diff
                if getattr(output, "finished", False):
                    finished = True
                    return
        finally:
            if not finished and hasattr(request, "abort"):
                request.abort()  # frees the GPU slot at once instead of generating into the void
            loop.close()

    def warmup(self) -> WarmupReport:
        start = time.perf_counter()
        pieces = list(self.stream_reply([ChatMessage("user", "Hello!")], max_new_tokens=8, cancel=CancelToken()))
        warm_s = time.perf_counter() - start
        log.info("%s warm-up: load %.2f s, first inference %.3f s", self.name, self.load_s, warm_s)
        return WarmupReport(self.name, self.load_s, warm_s, f"{len(pieces)} pieces")
