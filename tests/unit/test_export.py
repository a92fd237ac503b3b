"""The knowledge-base renderers as pure functions: tips and a generated-at time in, a document out."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
from digests.export import ExportFilter, markdown_text, render_csv, render_markdown, sections
from digests.export_html import render_html

NOW = datetime(2026, 11, 30, 9, 5, tzinfo=timezone.utc)


def tip(tip_id: int, text: str, tags=(), status=TipStatus.NEW, savers=(), author="Maria Lopez",
        permalink: str | None = None, day: int = 20) -> Tip:
    source = Source(
        ref=SourceRef("slack", "T1", "C1", f"1700000000.{tip_id:06d}"), author=Person(f"U{tip_id}", author),
        permalink=f"https://example.slack.com/archives/C1/p{tip_id}" if permalink is None else permalink,
        channel_name="emr-go-live",
    )
    return Tip(source=source, text=text, visibility=Visibility.PUBLIC, origin=Origin.REACTION, id=tip_id,
               captured_at=datetime(2026, 11, day, 14, 30, tzinfo=timezone.utc), status=status,
               tags=list(tags), savers=list(savers))


TIPS = [
    tip(1, "Scanner frozen? Undock it and hold the trigger", ["scanner", "hardware"], TipStatus.APPROVED, ["a", "b"]),
    tip(2, "Use F9 to refresh the MAR", ["mar"], savers=["a"], author="Dev Patel"),
    tip(3, "Ctrl+Shift+P opens patient search", [], TipStatus.NEEDS_UPDATE),
]


def test_sections_are_alphabetical_with_untagged_last_and_a_tip_under_each_of_its_tags():
    groups = sections(TIPS)
    assert [g.title for g in groups] == ["#hardware", "#mar", "#scanner", "Untagged"]
    assert [t.id for t in groups[0].tips] == [1] and [t.id for t in groups[2].tips] == [1]
    assert [g.title for g in sections(TIPS, ExportFilter(tag="scanner"))] == ["#scanner"]


def test_most_saved_first_within_a_section():
    many = [tip(1, "one", ["x"], savers=["a"]), tip(2, "three", ["x"], savers=["a", "b", "c"]), tip(3, "none", ["x"])]
    assert [t.id for t in sections(many)[0].tips] == [2, 1, 3]


def test_markdown_reads_as_a_knowledge_base():
    out = render_markdown(TIPS, NOW)
    assert out.startswith("# Tipjar knowledge base\n\nGenerated 30 Nov 2026, 09:05 UTC.")
    assert "3 tips in 4 sections: 1 not yet reviewed, 1 approved by a trainer, 1 flagged as outdated." in out
    assert out.index("## #hardware") < out.index("## #mar") < out.index("## #scanner") < out.index("## Untagged")
    assert out.count("Scanner frozen?") == 2, "listed under both of its tags"
    assert "### Tip 1 · approved by a trainer" in out
    assert "*Dev Patel in #emr-go-live · captured 20 Nov 2026 · 1 vote · #mar · " \
           "[open in chat](<https://example.slack.com/archives/C1/p2>)*" in out


def test_empty_and_filtered_exports_say_so():
    assert render_markdown([], NOW).endswith("There are no tips yet.\n")
    assert "There are no tips yet." in render_html([], NOW)
    filtered = render_markdown(TIPS[:1], NOW, ExportFilter(TipStatus.APPROVED, "scanner"))
    assert "This export has only tips approved by a trainer; only #scanner." in filtered


def test_markdown_escapes_markup_and_keeps_links_and_lines():
    text = "See <https://wiki.example.org/a_(b)|the guide>. *not bold* _x_ [y](z) &lt;b&gt;\n# not a heading\n1. step"
    out = markdown_text(text)
    assert out == ("See the guide (<https://wiki.example.org/a_(b)>). \\*not bold\\* \\_x\\_ \\[y\\](z) \\<b\\>\\\n"
                   "\\# not a heading\\\n1\\. step")


def test_mentions_are_neutralised_in_every_format():
    loud = [tip(1, "<!channel> downtime at 02:00, ask <@U123> @here")]
    for out in (render_markdown(loud, NOW), render_html(loud, NOW), render_csv(loud)):
        assert "<!channel>" not in out and "<@U123>" not in out and "@here" not in out
        assert "@\u200bchannel downtime" in out


def test_html_text_stays_inert():
    evil = [tip(1, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;", ["<b>x</b>"],
                author="<i>Eve</i>", permalink="javascript:alert(3)")]
    out = render_html(evil, NOW)
    assert "<script>alert" not in out and "<img" not in out and "<i>Eve" not in out and "<b>x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="javascript' not in out, "only http(s) permalinks become links"
    assert out.count("<script>") == 1 and "default-src 'none'" in out


def test_html_is_one_self_contained_page():
    out = render_html(TIPS, NOW)
    assert out.startswith("<!doctype html>") and "<style>" in out and "<script>" in out
    for external in ("<link", "src=", "@import", "url(", "fetch("):
        assert external not in out
    assert out.count('data-tip="1"') == 2 and 'id="q"' in out
    assert '<a href="https://example.slack.com/archives/C1/p1" rel="noopener noreferrer">open in chat</a>' in out


def test_csv_has_a_header_one_row_per_tip_and_opens_in_excel():
    out = render_csv(TIPS + [tip(4, "=HYPERLINK(\"http://x\")\nline two, \"quoted\"", ["a", "b"])])
    assert out.startswith("\ufeffid,status,tags,author,channel,captured_at,created_at,permalink,votes,text,files\r\n")
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[0]["tags"] == "scanner;hardware" and rows[0]["votes"] == "2" and rows[0]["status"] == "approved"
    assert rows[0]["captured_at"] == "2026-11-20 14:30:00" and rows[0]["channel"] == "#emr-go-live"
    assert rows[3]["text"] == "'=HYPERLINK(\"http://x\")\nline two, \"quoted\"", "formula guarded, quoting intact"


def test_every_csv_cell_is_guarded_tags_and_permalink_included():
    hostile = tip(5, "fine", ["=cmd|'/c calc'!A1", "ok"], permalink="=HYPERLINK(\"http://evil.example\")",
                  author="+SUM(1)")
    (row,) = csv.DictReader(io.StringIO(render_csv([hostile]).removeprefix("\ufeff")))
    for column in ("tags", "permalink", "author"):
        assert not row[column].startswith(("=", "+", "-", "@")), (column, row[column])
    assert row["tags"] == "'=cmd|'/c calc'!A1;ok" and row["permalink"].startswith("'=HYPERLINK")


def test_forty_thousand_characters_render_whole():
    long = [tip(1, "zebra " * 8_000, ["big"])]
    assert render_markdown(long, NOW).count("zebra") == 8_000
    assert render_html(long, NOW).count("zebra") == 8_000
