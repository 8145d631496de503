"""The conversation as the LLM will see it next turn: system prompt plus the most recent turns, within a budget.

The assistant's turns hold only what the user actually heard (after a barge-in, the played part), so the model
never believes it said something that was cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from edge.configfile import opt
from engines.protocols import ChatMessage


@dataclass(frozen=True)
class HistoryOptions:
    """How much conversation the LLM is shown."""

    max_turns: int = opt(6, "User+assistant messages kept at most; tiny models lose the thread beyond a few turns.")
    token_budget: int = opt(384, "Tokens the kept turns may cost (system prompt excluded); the oldest go first. "
                                 "Short prompts keep the LLM's time to first token low.")


class ConversationHistory:
    """Past turns of one conversation, trimmed from the oldest end."""

    def __init__(self, options: HistoryOptions, count_tokens: Callable[[str], int]) -> None:
        self.options = options
        self._count = count_tokens
        self._turns: list[tuple[ChatMessage, int]] = []

    def add_user(self, text: str) -> None:
        self._add(ChatMessage("user", text))

    def add_assistant(self, heard_text: str) -> None:
        """Record the assistant's turn as heard; an empty turn (cut before any audio) is recorded as nothing."""
        if heard_text.strip():
            self._add(ChatMessage("assistant", heard_text.strip()))

    def retract_user(self, text: str) -> None:
        """Take back the last user turn (it turned out to be half an utterance: the user went on talking)."""
        if self._turns and self._turns[-1][0] == ChatMessage("user", text):
            self._turns.pop()

    def messages(self, system_prompt: str, user_text: str) -> list[ChatMessage]:
        """The prompt for the next reply: system, kept turns, then the new user message."""
        msgs = [ChatMessage("system", system_prompt)] if system_prompt else []
        msgs.extend(m for m, _ in self._turns)
        msgs.append(ChatMessage("user", user_text))
        return msgs

    def snapshot(self) -> "ConversationHistory":
        """A copy that later turns do not change (planning reads it on another thread)."""
        copy = ConversationHistory(self.options, self._count)
        copy._turns = list(self._turns)
        return copy

    @property
    def turns(self) -> list[ChatMessage]:
        return [m for m, _ in self._turns]

    def _add(self, message: ChatMessage) -> None:
        self._turns.append((message, self._count(message.content)))
        while len(self._turns) > self.options.max_turns or (
            len(self._turns) > 1 and sum(t for _, t in self._turns) > self.options.token_budget
        ):
            self._turns.pop(0)
        # A history that starts with an assistant turn reads as if the model spoke unprompted.
        while self._turns and self._turns[0][0].role == "assistant":
            self._turns.pop(0)
