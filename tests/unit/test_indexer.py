from __future__ import annotations

import threading

from bot.indexer import BATCH, BackgroundIndexer


def test_submitted_tips_are_indexed_in_batches_and_flush_waits_for_them():
    release = threading.Event()
    batches: list[list[tuple[int, str]]] = []

    def index(units, tips):
        release.wait(5)
        batches.append(list(tips))
        return len(tips)

    indexer = BackgroundIndexer(index, units=None)
    indexer.submit([(n, f"tip {n}") for n in range(BATCH + 5)])
    assert not indexer.flush(timeout=0.05), "still working"
    release.set()
    assert indexer.flush(timeout=5)
    assert sum(len(b) for b in batches) == BATCH + 5 and all(len(b) <= BATCH for b in batches)


def test_a_failing_model_loses_no_later_tips(caplog):
    calls = []

    def index(units, tips):
        calls.append(tips)
        if len(calls) == 1:
            raise RuntimeError("model crashed")
        return len(tips)

    indexer = BackgroundIndexer(index, units=None)
    indexer.submit([(1, "a")])
    indexer.flush(timeout=5)
    indexer.submit([(2, "b")])
    assert indexer.flush(timeout=5) and calls[-1] == [(2, "b")]
    assert "run `tipjar reindex` later" in caplog.text


def test_while_acknowledgements_flow_the_model_waits_unless_someone_waits_for_the_backlog():
    acknowledging = threading.Event()
    acknowledging.set()
    indexed = threading.Event()

    def index(units, tips):
        indexed.set()
        return len(tips)

    indexer = BackgroundIndexer(index, units=None, busy=acknowledging.is_set)
    indexer.submit([(1, "a")])
    assert not indexed.wait(0.3), "the batch waits while acknowledgements are in flight"
    assert indexer.flush(timeout=5) and indexed.is_set(), "an /ask waiting for the backlog ends the wait"

    indexed.clear()
    indexer.submit([(2, "b")])
    assert not indexed.wait(0.1)
    acknowledging.clear()
    assert indexed.wait(5), "a pause in the acknowledgements lets the model run"


def test_the_model_waits_for_a_pause_no_longer_than_its_limit(monkeypatch):
    monkeypatch.setattr("bot.indexer.STEP_ASIDE_SECONDS", 0.2)
    indexed = threading.Event()
    indexer = BackgroundIndexer(lambda units, tips: indexed.set() or len(tips), units=None, busy=lambda: True)
    indexer.submit([(1, "a")])
    assert indexed.wait(5), "embedded in the end although acknowledgements never stop"


def test_at_exit_the_model_stops_after_the_batch_in_hand_when_waiting_runs_out(caplog):
    """A one-shot command's exit must not find the model running: its native threads abort the interpreter."""
    started, release = threading.Event(), threading.Event()
    batches: list[int] = []
    running = threading.Event()

    def index(units, tips):
        running.set()
        started.set()
        release.wait(5)
        batches.append(len(tips))
        running.clear()
        return len(tips)

    indexer = BackgroundIndexer(index, units=None)
    indexer.submit([(n, f"tip {n}") for n in range(3 * BATCH)])
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    indexer.finish(timeout=0.05)
    assert not running.is_set(), "finish returned while a batch was being embedded"
    assert batches == [BATCH], "no batch is started once the exit stopped waiting"
    assert f"{2 * BATCH} tips not embedded before exit" in caplog.text
