"""A message's place (its channel's or chat's name, its link) and an imported tip's free-text fields are
screened; the platform's own ids in a link are not patient data and keep the link."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings, strategies as st

from bot.model import Person
from bot.privacy.attachments import screen_imported_source, screen_place, screen_savers
from bot.privacy.rules import RuleDetector
from bot.privacy.screen import Screen
from tests.unit.conftest import make_source

SCREEN = Screen(RuleDetector())


def test_a_chat_named_after_a_patient_is_redacted_in_place():
    source = replace(make_source(), channel_name="Re: Mr Okonkwo-Hale MRN 00719346 handoff")
    assert screen_place(SCREEN, source).channel_name == "Re: Mr [NAME] MRN [MRN] handoff"


def test_a_link_holding_a_record_number_is_dropped_and_one_of_the_platforms_ids_kept():
    slack = make_source(channel="C00000001")  # a channel id that reads as a record number on its own
    assert screen_place(SCREEN, slack).permalink == slack.permalink
    teams = replace(make_source(channel="19:ward4@thread.tacv2"),
                    permalink="https://teams.microsoft.com/l/message/19:ward4@thread.tacv2/1733144032443?teamName=ICU")
    assert screen_place(SCREEN, teams).permalink == teams.permalink
    chart = replace(slack, permalink="https://emr.example.org/chart?mrn=00719346")
    assert screen_place(SCREEN, chart).permalink == ""


def test_an_imported_source_keeps_a_staff_name_and_drops_what_holds_an_identifier():
    source = replace(make_source(), author=Person("U-1", "Maria Lopez"), thread_id="MRN 00719346")
    screened = screen_imported_source(SCREEN, source)
    assert (screened.author.name, screened.thread_id) == ("Maria Lopez", None)
    numbered = replace(source, author=Person("U-1", "Maria Lopez 00719346"))
    assert screen_imported_source(SCREEN, numbered).author.name == ""
    assert screen_savers(SCREEN, ["U2", "MRN 00719346"]) == ["U2"]


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=300), st.text(max_size=300), st.text(max_size=100))
def test_any_place_link_and_thread_are_screened_without_error(name, link, thread):
    source = replace(make_source(), channel_name=name, permalink=link, thread_id=thread or None)
    screened = screen_imported_source(SCREEN, source)
    assert screened.channel_name == SCREEN(name).text and screened.permalink in (link, "")
