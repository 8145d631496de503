"""Engine threads: one owner per engine, or as many workers as the engine has replicas."""

import asyncio
import threading

import pytest

from edge.workers import EngineThread


def _meet(barrier: threading.Barrier, release: threading.Event) -> str:
    barrier.wait(timeout=1.0)  # raises BrokenBarrierError unless both calls run at the same time
    release.wait(timeout=2.0)
    return threading.current_thread().name


@pytest.mark.parametrize("workers, concurrent", [(2, True), (1, False)])
def test_calls_run_at_once_only_with_two_workers(workers: int, concurrent: bool) -> None:
    async def main() -> None:
        thread = EngineThread("stt", workers=workers)
        barrier, release = threading.Barrier(2), threading.Event()
        calls = [asyncio.ensure_future(thread.call(_meet, barrier, release)) for _ in range(2)]
        await asyncio.sleep(0.05)
        assert thread.busy and thread.saturated
        release.set()
        results = await asyncio.gather(*calls, return_exceptions=True)
        if concurrent:
            assert len(set(results)) == 2, results  # two different worker threads met at the barrier
        else:
            assert any(isinstance(r, threading.BrokenBarrierError) for r in results), results
        assert not thread.busy and not thread.saturated
        thread.shutdown()

    asyncio.run(main())


def test_one_call_leaves_the_second_worker_free() -> None:
    async def main() -> None:
        thread = EngineThread("stt", workers=2)
        release = threading.Event()
        call = asyncio.ensure_future(thread.call(release.wait, 2.0))
        await asyncio.sleep(0.05)
        assert thread.busy and not thread.saturated
        release.set()
        assert await call is True
        thread.shutdown()

    asyncio.run(main())
