"""Who may act as a trainer (bot.trainers): one rule for every platform, the platform saying who is in a channel,
decided by `Bot.handle` for every trainer's command, which says where it was clicked (or is the operator's)."""
from __future__ import annotations

import pytest

from dataclasses import replace

from bot.commands import AnswerGap, CaptureMessage, Clicked, DismissGap, EditTip, EraseTip, RecordRelease, Review
from bot.config import DigestSettings
from adapters.settings import Settings
from bot.model import Person, Question, TipStatus, Visibility
from bot.operator import Operator
from bot.replies import Erased, GapAnswered, Notice, Refused
from bot.trainers import NOT_A_TRAINER, UNKNOWN_DIGEST, TrainerRule
from tests.unit.conftest import make_source
from tipjar.bootstrap import build_bot

WEEKLY = Clicked("slack", "weekly", "C-TRAINERS", "T1")


class ChannelMembers:
    """The Members port: who the platform says is in each channel; it records which channels were asked about."""

    def __init__(self, channels: dict[str, set[str]]) -> None:
        self.channels, self.asked = channels, []

    def members(self, channel_id: str) -> frozenset[str]:
        self.asked.append(channel_id)
        return frozenset(self.channels.get(channel_id, ()))


def rule(members: ChannelMembers, **digest) -> TrainerRule:
    return TrainerRule([DigestSettings(name="weekly", channel="C-TRAINERS", **digest)], {"slack": members})


def test_without_a_trainers_list_the_members_of_the_digests_channel_are_its_trainers():
    members = ChannelMembers({"C-TRAINERS": {"U-JO"}})
    trainers = rule(members)
    assert trainers.refusal("U-JO", WEEKLY) is None
    assert trainers.refusal("U-MARIA", WEEKLY) == NOT_A_TRAINER
    assert trainers.refusal("U-JO", Clicked("slack", "weekly", None, "T1")) == NOT_A_TRAINER, "no channel known: nobody is a member"


def test_a_trainers_list_decides_alone_and_the_platform_is_not_asked():
    members = ChannelMembers({"C-TRAINERS": {"U-MARIA"}})
    trainers = rule(members, trainers=["U-JO"])
    assert trainers.refusal("U-JO", WEEKLY) is None
    assert trainers.refusal("U-MARIA", WEEKLY) == NOT_A_TRAINER
    assert members.asked == []


def test_a_digest_no_longer_configured_is_refused_as_unknown():
    trainers = rule(ChannelMembers({"C-TRAINERS": {"U-JO"}}))
    assert trainers.refusal("U-JO", Clicked("slack", "monthly", "C-TRAINERS", "T1")) == UNKNOWN_DIGEST
    assert trainers.refusal("U-JO", Clicked("slack", None, "C-TRAINERS", "T1")) is None, "no name: the first digest"
    assert TrainerRule().refusal("U-JO", Clicked("slack", None, "C-TRAINERS", "T1")) == UNKNOWN_DIGEST, "no digest at all"


def test_each_platform_answers_for_its_own_channels_and_one_without_members_names_nobody():
    ward = "19:ward-trainers@thread.tacv2"
    slack, teams = ChannelMembers({"C-TRAINERS": {"U-JO"}}), ChannelMembers({ward: {"aad-sam"}})
    trainers = TrainerRule([DigestSettings(name="weekly", channel="C-TRAINERS"),
                            DigestSettings(name="ward", platform="teams", channel=ward,
                                           tenant="72f988bf-0000-4000-8000-000000000001")],
                           {"slack": slack, "teams": teams})
    assert trainers.refusal("aad-sam", Clicked("teams", "ward", ward, "tenant")) is None
    assert trainers.refusal("aad-sam", Clicked("teams", "weekly", ward, "tenant")) == UNKNOWN_DIGEST
    assert trainers.refusal("aad-sam", WEEKLY) == NOT_A_TRAINER
    assert TrainerRule([DigestSettings(name="weekly", channel="C")]).refusal("U-JO", Clicked("console", None, "C", "console")) \
        == NOT_A_TRAINER


@pytest.fixture
def guarded(store, clock):
    """A bot whose digest's trainers are the members of C-TRAINERS: Jo and Kim are, Maria and Sam are not."""
    settings = Settings(digests=[DigestSettings(name="weekly", channel="C-TRAINERS")])
    return build_bot(settings, units=store, clock=clock, members={"slack": ChannelMembers({"C-TRAINERS": {"U-JO", "U-KIM"}})})


def a_tip_and_a_question(bot, store):
    bot.handle(CaptureMessage(make_source(), "Use F9 to refresh", "U-JO", Visibility.PUBLIC))
    with store() as uow:
        question = uow.questions.add(Question("U-ASKER", "how to reprint a wristband", bot.context.clock.now(),
                                              "slack", "T1", False))
        uow.commit()
    (tip,) = store.committed.tips.values()
    return tip, question


def showing(tip, question, at: Clicked = WEEKLY) -> Clicked:
    """The place of a click on a digest message that shows this tip and this question."""
    return replace(at, tips=frozenset({tip.id}), questions=frozenset({question.id}))


def trainer_commands(tip_id: int, question_id: int, user: str, at: Clicked | Operator) -> list:
    person = Person(user, user)
    return [Review(tip_id, user, TipStatus.APPROVED, at=at), EditTip(tip_id, user, "Press F5", (), at=at),
            RecordRelease("EMR 2.3", user, at=at), AnswerGap(question_id, person, "Reprint from the ward", at=at),
            DismissGap(question_id, person, at=at)]


def test_a_trainers_command_from_someone_the_rule_does_not_name_is_refused_and_changes_nothing(guarded, store):
    tip, question = a_tip_and_a_question(guarded, store)
    commits = store.commits
    for command in trainer_commands(tip.id, question.id, "U-MARIA", showing(tip, question)):
        reply = guarded.handle(command)
        assert isinstance(reply, Refused) and reply.text == NOT_A_TRAINER, type(command).__name__
    for command in trainer_commands(tip.id, question.id, "U-JO", showing(tip, question, replace(WEEKLY, digest="monthly"))):
        reply = guarded.handle(command)
        assert isinstance(reply, Refused) and reply.text == UNKNOWN_DIGEST, type(command).__name__
    assert store.commits == commits and store.committed.tips[tip.id].status is TipStatus.NEW
    assert guarded.trainer_refusal("U-MARIA", WEEKLY) == NOT_A_TRAINER and guarded.trainer_refusal("U-JO", WEEKLY) is None


def test_a_trainer_where_they_clicked_and_the_operator_are_let_through(guarded, store):
    tip, question = a_tip_and_a_question(guarded, store)
    review, edit, release, answer, _ = trainer_commands(tip.id, question.id, "U-JO", showing(tip, question))
    assert not isinstance(guarded.handle(review), Refused) and store.committed.tips[tip.id].status is TipStatus.APPROVED
    assert not isinstance(guarded.handle(edit), Refused) and store.committed.tips[tip.id].text == "Press F5"
    assert isinstance(guarded.handle(answer), GapAnswered)
    operator = trainer_commands(tip.id, question.id, "cli", Operator("command line"))[2]
    assert isinstance(guarded.handle(release), Notice) and not isinstance(guarded.handle(operator), Refused)


def test_a_delete_is_a_trainers_where_the_rule_names_the_person(guarded, store):
    tip, _ = a_tip_and_a_question(guarded, store)
    card = replace(WEEKLY, tips=frozenset({tip.id}))
    refused = guarded.handle(EraseTip(tip.id, "U-SAM", at=card))
    assert isinstance(refused, Notice) and not store.committed.tips[tip.id].deleted, "Sam neither wrote nor saved it"
    assert isinstance(guarded.handle(EraseTip(tip.id, "U-KIM", at=card)), Erased), "Kim is a trainer where she clicked"
    assert store.committed.tips[tip.id].deleted
