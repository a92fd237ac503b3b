"""Conversations the bot was added to, and the messages it posted, on both databases."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.model import Post
from runtime.model import Conversation
from tests.contract.samples import sample_tip, store_tips

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def remember(runtime, conversation: Conversation) -> None:
    with runtime() as u:
        u.conversations.remember(conversation)
        u.commit()


def test_a_conversation_is_remembered_and_replaced_by_a_later_sighting(runtime):
    remember(runtime, Conversation("teams", "tenant-1", "19:a@thread.tacv2", "team", "Go-live", {"serviceUrl": "x"}, NOW))
    later = NOW + timedelta(days=1)
    remember(runtime, Conversation("teams", "tenant-1", "19:a@thread.tacv2", "team", "", {"serviceUrl": "y"}, later))
    with runtime() as u:
        known = u.conversations.get("teams", "19:a@thread.tacv2")
        assert (known.name, known.address, known.updated_at) == ("Go-live", {"serviceUrl": "y"}, later)
        assert u.conversations.get("slack", "19:a@thread.tacv2") is None


def test_a_post_is_kept_once_and_found_by_its_message(units, runtime):
    (tip,) = store_tips(units, sample_tip("1.1"))
    with runtime() as u:
        u.posts.add(Post("teams", "19:a", "1700", tip_id=tip.id))
        u.posts.add(Post("teams", "19:a", "1700", question_id=None))
        u.commit()
    with runtime() as u:
        assert u.posts.find("teams", "19:a", "1700") == Post("teams", "19:a", "1700", tip_id=tip.id)
        assert u.posts.find("teams", "19:b", "1700") is None


def test_a_view_published_again_replaces_the_tips_recorded_for_it_alone(units, runtime):
    from runtime.records import Records

    first, second, third = store_tips(units, sample_tip("2.1"), sample_tip("2.2"), sample_tip("2.3"))
    records = Records(runtime)
    records.keep_view("slack", "home:T1:U-JO", [first.id, second.id], replacing=True)
    records.keep_view("slack", "home:T1:U-SAM", [first.id], replacing=True)
    records.keep_view("slack", "home:T1:U-JO", [third.id], replacing=False)  # before the new view goes out
    with runtime() as u:
        assert u.posts.find("slack", "home:T1:U-JO", str(first.id)) and u.posts.find("slack", "home:T1:U-JO", str(third.id))
    records.keep_view("slack", "home:T1:U-JO", [third.id], replacing=True)
    with runtime() as u:
        assert u.posts.find("slack", "home:T1:U-JO", str(first.id)) is None
        assert u.posts.find("slack", "home:T1:U-JO", str(third.id)) == Post("slack", "home:T1:U-JO", str(third.id), third.id)
        assert u.posts.find("slack", "home:T1:U-SAM", str(first.id)) is not None
