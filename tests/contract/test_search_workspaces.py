"""Public within its own workspace: the search's access rule across workspaces of one database."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bot.model import Tip, TipStatus, Visibility
from bot.ports import Scope
from bot.sharing import PublicSharing, readable
from tests.contract.samples import sample_tip, store_tips

TEXT = "wristband scanner frozen: hold the trigger for 10 seconds"


def in_workspace(tip: Tip, platform: str, workspace_id: str) -> Tip:
    ref = replace(tip.source.ref, platform=platform, workspace_id=workspace_id)
    return replace(tip, source=replace(tip.source, ref=ref))


@pytest.fixture
def three_workspaces(units):
    """A public and a private tip in each of two Slack workspaces and one Teams tenant."""
    tips = []
    for n, (platform, workspace) in enumerate([("slack", "T1"), ("slack", "T2"), ("teams", "tenant-a")]):
        tips.append(in_workspace(sample_tip(f"{n}.1", TEXT), platform, workspace))
        tips.append(in_workspace(sample_tip(f"{n}.2", TEXT, channel_id="C-NURSES", visibility=Visibility.PRIVATE),
                                 platform, workspace))
    return store_tips(units, *tips)


def ids(stored: list[Tip], *positions: int) -> set[int]:
    return {stored[p].id for p in positions}


def found(units, scope: Scope) -> tuple[set[int], set[int]]:
    """What the lexical search and the check of semantic candidates let the scope read."""
    with units() as u:
        every = [t.id for t in u.tips.list()]
        return {h.tip_id for h in u.search.search("scanner frozen", scope, 50)}, set(u.search.visible(every, scope))


def test_a_public_tip_is_public_in_its_own_workspace_only(units, three_workspaces):
    tips = three_workspaces
    for position, (platform, workspace) in enumerate([("slack", "T1"), ("slack", "T2"), ("teams", "tenant-a")]):
        own_public = ids(tips, 2 * position)
        assert found(units, Scope(platform, workspace)) == (own_public, own_public)
    assert found(units, Scope("slack", "T3")) == (set(), set())
    assert found(units, Scope()) == (set(), set())


def test_private_channels_are_read_in_their_own_workspace_only(units, three_workspaces):
    tips = three_workspaces
    member = Scope("slack", "T1", frozenset({"C-NURSES"}))
    assert found(units, member) == (ids(tips, 0, 1), ids(tips, 0, 1))


def test_workspaces_that_share_read_one_anothers_public_tips_and_never_private_ones(units, three_workspaces):
    tips = three_workspaces
    sharing = PublicSharing(frozenset({"slack:T1", "teams:tenant-a"}))
    expected = {
        ("slack", "T1"): ids(tips, 0, 1, 4),
        ("teams", "tenant-a"): ids(tips, 0, 4, 5),
        ("slack", "T2"): ids(tips, 2, 3),  # not listed: reads only its own
    }
    for (platform, workspace), wanted in expected.items():
        scope = sharing.scope(platform, workspace, frozenset({"C-NURSES"}))
        assert found(units, scope) == (wanted, wanted)
        with units() as u:
            assert {t.id for t in u.tips.list() if readable(t, scope)} == wanted  # the same rule in Python


def test_an_archived_or_deleted_shared_tip_stays_hidden(units, three_workspaces):
    tips = three_workspaces
    with units() as u:
        tip = u.tips.get(tips[4].id)
        tip.status = TipStatus.ARCHIVED
        u.tips.update(tip)
        u.commit()
    scope = PublicSharing(frozenset({"slack:T1", "teams:tenant-a"})).scope("slack", "T1")
    assert found(units, scope) == (ids(tips, 0), ids(tips, 0))


def test_the_store_names_the_workspaces_holding_tips(units, three_workspaces):
    with units() as u:
        assert u.tips.workspaces() == {("slack", "T1"), ("slack", "T2"), ("teams", "tenant-a")}
        assert u.tips.public_channels("slack", "T2") == {"C-GENERAL"}
        assert u.tips.private_channels("slack", "T2") == {"C-NURSES"}
        assert u.tips.public_channels("slack", "T9") == frozenset()


def test_a_scope_without_public_tips_reads_only_its_private_channels(units, three_workspaces):
    """An answer shown where people of other workspaces read it (a Teams shared channel): no public tip at all."""
    tips = three_workspaces
    sharing = PublicSharing(frozenset({"slack:T1", "teams:tenant-a"}))
    closed = sharing.scope("teams", "tenant-a", frozenset({"C-NURSES"}), public=False)
    assert found(units, closed) == (ids(tips, 5), ids(tips, 5))
    assert [readable(tip, closed) for tip in tips] == [False, False, False, False, False, True]
    assert found(units, sharing.scope("teams", "tenant-a", public=False)) == (set(), set())
