"""The embedded CPU LLM: a CTranslate2 `Generator` (int8) streaming tokens, with the system prompt cached.

The system part of the prompt is passed as `static_prompt`: CTranslate2 keeps the model state after it, so each
turn only pays for the new user text (TTFT ~0.05 s instead of ~0.14 s for a ~90-token system prompt on 2 cores).
Two prompt formats, chosen by the engine folder's `prompt.json` (written by model_build):

- "chatml" (SmolLM2-135M-Instruct): `<|im_start|>role\\n...<|im_end|>` turns; the model ends its turn itself.
- "fewshot" (Gemma 3 270M, a base model with no chat turns): the system prompt, two fixed worked examples,
  the history as Question:/Answer: pairs, then `Question: ...\\nAnswer:`. A base model never "ends its turn",
  so the stop rule is the end of the line: the answer is the first line it writes.

Tokenization uses the `tokenizers` package on the saved tokenizer.json: no torch or transformers at run time.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import ctranslate2
from tokenizers import Tokenizer

from engines.protocols import CancelToken, ChatMessage, WarmupReport

log = logging.getLogger(__name__)

FEWSHOT_EXAMPLES = (
    ("What can you help me with?", "I can answer questions about this place."),
    ("Can you book me a flight to Paris?", "Sorry, I can't do that here."),
)
"""Worked examples for base models: short, one line, and a polite refusal for what the kiosk cannot do."""


@dataclass(frozen=True)
class PromptParts:
    static: list[str]
    """Tokens of the cached prefix (system prompt, examples)."""
    dynamic: list[str]
    """Tokens of the rest (history and the new question)."""


class Ct2Llm:
    """`LanguageModel` over an engines-directory folder holding a CTranslate2 decoder model."""

    def __init__(self, model_dir: Path, *, name: str = "llm", intra_threads: int = 2, inter_threads: int = 1,
                 compute_type: str = "int8", cache_static_prompt: bool = True) -> None:
        start = time.perf_counter()
        self.name = name
        self.model_dir = Path(model_dir)
        config = json.loads((self.model_dir / "prompt.json").read_text(encoding="utf-8"))
        self.prompt_format: str = config["format"]
        if self.prompt_format not in ("chatml", "fewshot"):
            raise ValueError(f"{self.model_dir / 'prompt.json'}: unknown prompt format {self.prompt_format!r}")
        self._stop_tokens: list[str] = list(config.get("stop_tokens", []))
        self._stop_at_newline = bool(config.get("stop_at_newline", False))
        self.cache_static_prompt = cache_static_prompt
        self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        bos = self._tokenizer.token_to_id("<bos>")
        self._bos = ["<bos>"] if self.prompt_format == "fewshot" and bos is not None else []
        self._generator = ctranslate2.Generator(str(self.model_dir), device="cpu", compute_type=compute_type,
                                                intra_threads=intra_threads, inter_threads=inter_threads)
        self.load_s = time.perf_counter() - start

    # --- prompt building -------------------------------------------------------------------------------------

    def _tokens(self, text: str) -> list[str]:
        return self._tokenizer.encode(text, add_special_tokens=False).tokens

    def prompt_parts(self, messages: Sequence[ChatMessage]) -> PromptParts:
        if not messages or messages[-1].role != "user":
            raise ValueError("the last message must be the user's question")
        system = messages[0].content if messages[0].role == "system" else ""
        turns = messages[1:] if messages[0].role == "system" else messages
        if self.prompt_format == "chatml":
            static = f"<|im_start|>system\n{system}<|im_end|>\n" if system else ""
            dynamic = "".join(f"<|im_start|>{m.role}\n{m.content}<|im_end|>\n" for m in turns)
            dynamic += "<|im_start|>assistant\n"
            return PromptParts(self._tokens(static), self._tokens(dynamic))
        examples = "".join(f"Question: {q}\nAnswer: {a}\n\n" for q, a in FEWSHOT_EXAMPLES)
        static = f"{system}\n\n{examples}" if system else examples
        dynamic = ""
        for m in turns:
            if m.role == "user":
                dynamic += f"Question: {m.content}\nAnswer:"
            elif m.role == "assistant":
                dynamic += f" {m.content}\n\n"
        return PromptParts(self._bos + self._tokens(static), self._tokens(dynamic))

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    # --- generation ------------------------------------------------------------------------------------------

    def stream_reply(self, messages: Sequence[ChatMessage], *, max_new_tokens: int,
                     cancel: CancelToken) -> Iterator[str]:
        if max_new_tokens < 1:
            raise ValueError(f"max_new_tokens must be at least 1, got {max_new_tokens}")
        parts = self.prompt_parts(messages)
        static = parts.static if parts.static and self.cache_static_prompt else None
        prompt = parts.dynamic if static else parts.static + parts.dynamic
        steps = self._generator.generate_tokens(
            prompt, static_prompt=static, max_length=max_new_tokens, sampling_topk=1,
            end_token=self._stop_tokens or None,
            # Called by CTranslate2 after every step: the worker stops even if nobody reads the iterator, and
            # waits there while the owner has paused generation (the TTS is voicing the first words).
            callback=lambda _step: cancel.checkpoint())
        ids: list[int] = []
        emitted = ""
        started = False  # has a non-blank piece gone out yet?
        try:
            for step in steps:
                if cancel.cancelled:
                    return
                if step.token in self._stop_tokens:
                    return
                ids.append(step.token_id)
                text = self._tokenizer.decode(ids)
                if text.endswith("\ufffd"):  # half of a multi-byte character: wait for the next token
                    yield ""
                    continue
                piece, emitted = text[len(emitted):], text
                if self._stop_at_newline:
                    if not started:
                        piece = piece.lstrip()  # "Answer:" is followed by a space (or a newline): not the answer
                    if "\n" in piece:
                        head = piece.split("\n", 1)[0]
                        if head:
                            yield head
                        return
                started = started or bool(piece.strip())
                yield piece
        finally:
            steps.close()  # tells CTranslate2 to stop decoding, then waits for its worker

    def warmup(self) -> WarmupReport:
        messages = [ChatMessage("system", "You are a helpful kiosk assistant. Answer in one short sentence."),
                    ChatMessage("user", "Hello, who are you?")]
        start = time.perf_counter()
        pieces = list(self.stream_reply(messages, max_new_tokens=8, cancel=CancelToken()))
        warm_s = time.perf_counter() - start
        detail = f"{len(pieces)} tokens: {''.join(pieces)!r}"
        log.info("%s warm-up: load %.2f s, first inference %.3f s (%s)", self.name, self.load_s, warm_s, detail)
        return WarmupReport(self.name, self.load_s, warm_s, detail)
