"""OutputQueue's record of when each sample left: what tells a continued turn from an interruption."""

import numpy as np

from edge.transports.base import OutputQueue


def test_played_at_names_the_pull_that_carried_the_sample():
    queue = OutputQueue(8_000)
    first = queue.push(np.ones(400, np.int16))
    second = queue.push(np.ones(400, np.int16))
    assert queue.played_at_ns(first) is None, "nothing has left yet"
    queue.pull(160)
    after_one = queue.played_at_ns(first)
    assert after_one is not None
    assert queue.played_at_ns(first + 160) is None, "sample 160 is still queued"
    queue.pause()
    queue.pull(160)  # silence while paused: nothing real left
    assert queue.played_at_ns(first + 160) is None
    queue.resume()
    queue.pull(800)
    assert queue.played_at_ns(first) == after_one, "the first pull stays the answer for its samples"
    assert queue.played_at_ns(second) >= after_one
    assert queue.played_at_ns(second + 400) is None, "past the end of everything pushed"
