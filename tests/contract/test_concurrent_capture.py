"""Several replicas flag the same message at once: one tip, every saver counted once."""
from __future__ import annotations

import threading

from bot.commands import CaptureMessage
from adapters.settings import Settings
from bot.model import Person, Source, SourceRef, Visibility
from bot.replies import TipSaved
from tipjar.bootstrap import build_bot

SOURCE = Source(SourceRef("slack", "T1", "C1", "1700000000.000100"), Person("U-AUTHOR", "Maria Lopez"))


def test_simultaneous_captures_make_one_tip_with_every_saver(units):
    savers = [f"U{n}" for n in range(6)]
    start = threading.Barrier(len(savers))
    replies: dict[str, object] = {}
    bots = []

    def replica(saver: str) -> None:
        bot = build_bot(Settings(), units=units)  # each replica wires its own bot on the shared database
        bots.append(bot)
        start.wait()
        replies[saver] = bot.handle(CaptureMessage(SOURCE, "Hold the trigger for 10 seconds", saver, Visibility.PUBLIC))

    threads = [threading.Thread(target=replica, args=(saver,)) for saver in savers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for bot in bots:  # with the semantic extra, each bot embeds the tip in the background: let it finish here
        assert bot.context.retriever.indexer.flush()
    assert all(isinstance(reply, TipSaved) for reply in replies.values()), replies
    assert sum(reply.created for reply in replies.values()) == 1
    with units() as u:
        tip = u.tips.get_by_source(SOURCE.ref)
        assert sorted(tip.savers) == savers and len(u.tips.list()) == 1
