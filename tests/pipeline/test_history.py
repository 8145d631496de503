"""History trimming keeps the newest turns within the budget and never starts with an assistant turn."""

from edge.history import ConversationHistory, HistoryOptions


def words(text: str) -> int:
    return len(text.split())


def test_messages_are_system_history_then_user():
    history = ConversationHistory(HistoryOptions(max_turns=6, token_budget=100), words)
    history.add_user("hello there")
    history.add_assistant("hi, how can I help?")
    msgs = history.messages("be brief", "where is the exit")
    assert [m.role for m in msgs] == ["system", "user", "assistant", "user"]
    assert msgs[-1].content == "where is the exit"


def test_oldest_turns_go_first_and_history_never_starts_with_assistant():
    history = ConversationHistory(HistoryOptions(max_turns=3, token_budget=1000), words)
    for i in range(3):
        history.add_user(f"question {i}")
        history.add_assistant(f"answer {i}")
    turns = history.turns
    assert turns[0].role == "user" and turns[0].content == "question 2"
    assert [t.content for t in turns] == ["question 2", "answer 2"]


def test_token_budget_trims():
    history = ConversationHistory(HistoryOptions(max_turns=10, token_budget=6), words)
    history.add_user("one two three")
    history.add_assistant("four five six")
    history.add_user("seven eight nine")
    assert sum(words(t.content) for t in history.turns) <= 6
    assert history.turns[-1].content == "seven eight nine"


def test_an_assistant_turn_cut_before_any_audio_is_not_recorded():
    history = ConversationHistory(HistoryOptions(), words)
    history.add_user("hi")
    history.add_assistant("   ")
    assert [t.role for t in history.turns] == ["user"]
