"""The phrase cache: short phrases said once are replayed, not synthesized again."""

import asyncio

import numpy as np

from edge.fragments import FragmentOptions
from edge.phrases import PhraseCache
from edge.reply import ReplyJob, ReplyOptions
from edge.transports.base import OutputQueue
from edge.workers import EngineWorkers
from engines.protocols import ChatMessage


def test_short_phrases_are_kept_least_recently_used_first():
    cache = PhraseCache(max_entries=2, max_words=3)
    one, two, three = (np.full(10, i, np.int16) for i in (1, 2, 3))
    cache.put("I'm sorry,", one)
    cache.put("Sure.", two)
    cache.put("This is far too long to keep.", three)
    assert cache.get("This is far too long to keep.") is None and len(cache) == 2
    assert cache.get("I'm  sorry,") is one, "whitespace does not matter"
    cache.put("Okay.", three)  # evicts the least recently used: "Sure."
    assert cache.get("Sure.") is None and cache.get("Okay.") is three
    assert (cache.hits, cache.misses) == (2, 1)


def test_a_reply_replays_a_phrase_it_said_before(engines):
    """Real LLM and TTS: the same question twice; the second reply's first fragment comes from the cache."""
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    options = ReplyOptions(24, FragmentOptions())
    ask = [ChatMessage("system", "Answer in one short sentence."), ChatMessage("user", "Say hello.")]

    async def reply() -> tuple[ReplyJob, OutputQueue]:
        output = OutputQueue(engines.tts.sample_rate_hz)
        job = ReplyJob(workers, options, engines.tts.sample_rate_hz, messages=ask).start()
        job.release(output)
        await job.wait()
        return job, output

    try:
        first, _ = asyncio.run(reply())
        kept = len(workers.phrases)
        assert kept >= 1, first.spoken_text
        second, output = asyncio.run(reply())
        assert second.spoken_text == first.spoken_text  # greedy decoding
        assert workers.phrases.hits >= 1
        assert output.samples_pushed > 0.2 * engines.tts.sample_rate_hz, "the replayed phrase is real audio"
    finally:
        workers.shutdown()


def _gap_ms(audio: np.ndarray, boundary: int, rate: int) -> float:
    from engines.audio import leading_silence

    before = leading_silence(audio[:boundary][::-1], rate, keep_ms=0)
    after = leading_silence(audio[boundary:], rate, keep_ms=0)
    return 1000 * (before + after) / rate


def test_a_mid_clause_cut_is_spoken_without_a_pause(engines):
    """Real LLM and TTS: the first fragment is cut after two words ('The capital'); Piper's ~150 ms of trailing
    and ~40 ms of leading silence would put a pause inside the clause, so the join keeps only 20 ms a side."""
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    rate = engines.tts.sample_rate_hz
    ask = [ChatMessage("system", "Answer in one short sentence."), ChatMessage("user", "What is the capital of France?")]

    async def reply() -> tuple[ReplyJob, np.ndarray]:
        output = OutputQueue(rate)
        job = ReplyJob(workers, ReplyOptions(32, FragmentOptions()), rate, messages=ask).start()
        job.release(output)
        await job.wait()
        return job, output.pull(output.samples_pushed)[0]

    try:
        for attempt in ("synthesized", "replayed from the phrase cache"):
            job, audio = asyncio.run(reply())
            first, second = job.fragments[0], job.fragments[1]
            assert len(first.text.split()) == 2 and not first.text.endswith((".", ",")), job.spoken_text
            gap = _gap_ms(audio, second.start_sample, rate)
            print(f"{attempt}: {first.text!r} | {second.text!r}: {gap:.0f} ms of silence between them")
            assert gap <= 60, attempt
    finally:
        workers.shutdown()


def test_a_cancelled_reply_puts_nothing_more_in_the_output(engines):
    """Real LLM and TTS. A barge-in or a reopened turn clears the output, then cancels the reply; whatever the reply
    still holds must not follow into the cleared output, or it plays on over the caller. The bench found it: a turn
    reopened as the caller went on, and its reply's "I'm sorry for your loss." (a phrase said before, replayed from
    the cache without any synthesis) was heard for 640 ms over their words.

    The speaker task is driven directly with fragments queued before the cancel, since the race behind it (the LLM
    queues a fragment, the cancel comes before the speaker's next step) cannot be timed from outside. The same
    fragments on a reply that was not cancelled are pushed, so the check can fail."""
    workers = EngineWorkers(engines.stt, engines.llm, engines.tts)
    options = ReplyOptions(24, FragmentOptions())
    ask = [ChatMessage("system", "Answer in one short sentence."), ChatMessage("user", "Say hello.")]
    rate = engines.tts.sample_rate_hz

    async def speak_queued(texts: list[str], cancel: bool) -> int:
        output = OutputQueue(rate)
        job = ReplyJob(workers, options, rate, messages=ask)
        job.release(output)
        if cancel:
            job.cancel()
        queued: asyncio.Queue = asyncio.Queue()
        for text in [*texts, None]:
            queued.put_nowait(text)
        await job._speak(queued)
        return output.samples_pushed

    async def release_after_cancel(cancel: bool) -> int:
        output = OutputQueue(rate)
        job = ReplyJob(workers, options, rate, canned=("Sure.", np.full(rate // 2, 3000, np.int16), rate)).start()
        await job.wait_first_chunk()  # held: not released yet
        if cancel:
            job.cancel()
        job.release(output)
        await job.wait()
        return output.samples_pushed

    async def said_once() -> list[str]:
        job = ReplyJob(workers, options, rate, messages=ask).start()
        job.release(OutputQueue(rate))
        await job.wait()
        return [f.text for f in job.fragments]

    try:
        texts = asyncio.run(said_once())
        assert any(workers.phrases.get(t) is not None for t in texts), texts  # replayed without synthesis
        assert asyncio.run(speak_queued(texts, cancel=False)) > 0.2 * rate
        assert asyncio.run(speak_queued(texts, cancel=True)) == 0, "a cancelled reply pushed audio"
        assert asyncio.run(release_after_cancel(cancel=False)) == rate // 2
        assert asyncio.run(release_after_cancel(cancel=True)) == 0, "a cancelled reply released its held audio"
    finally:
        workers.shutdown()
