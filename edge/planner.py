"""Decides what kind of reply a transcript gets: a prepared answer, the LLM (maybe gated), or the fallback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from edge.configfile import opt
from edge.history import ConversationHistory
from edge.reply import FragmentGate, PreparedAudio
from engines.protocols import ChatMessage

DEFAULT_SYSTEM_PROMPT = (
    "You are the voice assistant of a self-service kiosk. Your answers are spoken aloud, so answer in one or two "
    "short, plain sentences, without lists, symbols or markdown. If you do not know something, say so and suggest "
    "asking a member of staff. Never invent prices, times, phone numbers or names."
)


@dataclass(frozen=True)
class AssistantOptions:
    """What the assistant says and how much."""

    system_prompt: str = opt(DEFAULT_SYSTEM_PROMPT, "The LLM's instructions; its encoding is cached, so a long "
                                                    "prompt costs nothing per turn after boot.")
    max_new_tokens: int = opt(64, "Upper bound on a reply's length in tokens: spoken answers should be short.")
    greeting: str = opt("", "Spoken when a call or session starts; empty for none (a kiosk waits to be spoken to).")


@dataclass
class ReplyPlan:
    """How to answer one turn."""

    source: Literal["llm", "answer", "fallback", "offer"]
    """"offer": the kiosk asks back ("Are you asking about ...?") and answers on the visitor's yes."""
    messages: list[ChatMessage] | None = None
    """The LLM prompt, when the LLM answers."""
    canned: tuple[str, np.ndarray, int] | None = None
    """(text, int16 audio, sample rate) of a prepared answer."""
    gate: FragmentGate | None = None
    """Checks each LLM fragment before it is spoken."""
    prepared: PreparedAudio | None = None
    """The audio prepared at boot for a fragment's exact text, if any: what the gate hands out in place of the LLM's
    words (an offer, the fallback) is then replayed rather than synthesized."""


class ReplyPlanner(Protocol):
    def plan(self, transcript: str, history: ConversationHistory) -> ReplyPlan: ...


class LlmPlanner:
    """Every turn goes to the LLM with the system prompt and the recent history (no site knowledge)."""

    def __init__(self, options: AssistantOptions) -> None:
        self.options = options

    def plan(self, transcript: str, history: ConversationHistory) -> ReplyPlan:
        return ReplyPlan("llm", messages=history.messages(self.options.system_prompt, transcript))
