"""Teams message HTML to the plain text a tip stores: pure conversion, exact output."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from adapters.teams.html import html_to_text, looks_like_html


def test_paragraphs_become_lines_with_formatting_mentions_and_nbsp_flattened():
    html = ('<p>Scanner frozen? Hold <strong>F12</strong> for 5&nbsp;s</p>'
            '<p>Then <at id="0">Maria Lopez</at> confirms</p>')
    assert html_to_text(html) == "Scanner frozen? Hold F12 for 5 s\nThen Maria Lopez confirms"


def test_nested_divs_br_and_whitespace_collapse_with_at_most_one_blank_line():
    html = ('<div><div>  Badge   reader\tat <em>door 3</em>  </div><div>is  back</div></div>'
            '<div>line one<br>line two<br><br><br><br>after the gap</div>')
    assert html_to_text(html) == "Badge reader at door 3\nis back\nline one\nline two\n\nafter the gap"


def test_source_formatting_whitespace_adds_no_lines():
    html = "\n  <p>\n    First\n    step\n  </p>\n\n\n  <p>Second</p>\n"
    assert html_to_text(html) == "First step\nSecond"


def test_headings_and_blockquotes_start_new_lines():
    html = "<h2>Night shift</h2>Check the fridge log<blockquote>Quoted <b>reply</b></blockquote>done"
    assert html_to_text(html) == "Night shift\nCheck the fridge log\nQuoted reply\ndone"


def test_unordered_list_items_get_dashes_even_when_wrapped_in_paragraphs():
    html = "<p>Before go-live:</p><ul>\n<li>Print wristbands</li>\n<li><p>Test the <b>label</b> printer</p></li>\n</ul>"
    assert html_to_text(html) == "Before go-live:\n- Print wristbands\n- Test the label printer"


def test_ordered_list_items_are_numbered_and_nested_lists_flattened():
    html = ("<ol><li>Open the chart</li><li>Click Orders<ul><li>not Results</li></ul></li>"
            "<li>Sign</li></ol><ol start=\"4\"><li>Refresh</li></ol>")
    assert html_to_text(html) == "1. Open the chart\n2. Click Orders\n- not Results\n3. Sign\n4. Refresh"


def test_empty_list_items_leave_no_marker_behind():
    assert html_to_text("<ul><li></li><li>  </li></ul><p>After</p>") == "After"


def test_table_rows_become_lines_with_cells_joined_by_bars():
    html = ("<table><tbody><tr><th>Printer</th><th>Fix</th></tr>"
            "<tr><td><p>Zebra  ZD420</p></td><td>Hold <b>Feed</b> 5 s</td></tr></tbody></table><p>Ask IT otherwise</p>")
    assert html_to_text(html) == "Printer | Fix\nZebra ZD420 | Hold Feed 5 s\nAsk IT otherwise"


def test_table_with_unclosed_cells_and_rows_still_gives_one_line_per_row():
    assert html_to_text("<table><tr><td>a<td>b<tr><td>c<td></table>after") == "a | b\nc |\nafter"


def test_images_become_markers_with_their_alt_text():
    html = ('<p>Click here <img src="https://graph.microsoft.com/v1.0/x/$value" alt="Refresh button"></p>'
            '<p><img src="https://graph.microsoft.com/v1.0/y/$value"></p>'
            '<p><img src="https://graph.microsoft.com/v1.0/z/$value" alt="image" width="250"></p>')
    assert html_to_text(html) == "Click here [image: Refresh button]\n[image]\n[image]"


def test_teams_emoji_images_become_the_emoji_character():
    html = ('<p>Works now <img itemscope itemtype="http://schema.skype.com/Emoji" alt="😀" '
            'src="https://statics.teams.cdn.office.net/evergreen-assets/personal-expressions/v2/assets/emoticons/'
            'smile/default/20_f.png" title="Smile" width="20" height="20"></p>')
    assert html_to_text(html) == "Works now 😀"


def test_links_show_their_url_unless_the_label_is_the_url():
    html = ('<p>See <a href="https://wiki.example.org/epic/orders" title="guide">the order guide</a> or '
            '<a href="https://wiki.example.org/" rel="noreferrer noopener">https://wiki.example.org</a></p>')
    assert html_to_text(html) == (
        "See the order guide (https://wiki.example.org/epic/orders) or https://wiki.example.org")


def test_mailto_javascript_and_empty_links_give_the_label_only():
    html = ('<p>Mail <a href="mailto:helpdesk@example.org">the help desk</a>, '
            '<a href="javascript:alert(1)">click</a>, <a href="">nothing</a>, <a>plain</a></p>')
    assert html_to_text(html) == "Mail the help desk, click, nothing, plain"


def test_a_link_without_a_label_is_its_url():
    assert html_to_text('<p>Form: <a href="https://forms.example.org/a?x=1&amp;y=2"></a></p>') == (
        "Form: https://forms.example.org/a?x=1&y=2")


def test_script_style_and_head_content_is_dropped():
    html = ("<html><head><title>Teams</title><style>p { color: red }</style></head><body>"
            "<script>document.write('<p>evil</p>')</script><p>Only this</p></body></html>")
    assert html_to_text(html) == "Only this"


def test_pre_keeps_its_newlines_and_spacing_and_code_its_spacing():
    html = ('<p>Run <code>net  use</code> then:</p>'
            '<pre class="language-powershell"><code>\nGet-Printer |\n    Where Name -eq "ZD420"\n\n  Restart'
            '</code></pre>'
            '<p>Done</p>')
    assert html_to_text(html) == 'Run net  use then:\nGet-Printer |\n    Where Name -eq "ZD420"\n\n  Restart\nDone'


def test_entities_are_decoded():
    html = "<p>Fish &amp; chips &lt;3 &quot;q&quot; caf&eacute; &#x1F600; &#169;&nbsp;&nbsp;2027</p>"
    assert html_to_text(html) == 'Fish & chips <3 "q" café 😀 © 2027'
    assert html_to_text("<pre>x&nbsp;=&nbsp;1</pre>") == "x = 1"  # a plain space, even in code


def test_unknown_tags_keep_their_text():
    html = ('<p><span itemscope itemtype="http://schema.skype.com/Mention" itemid="1">Sam</span> '
            '<blink>says</blink> hi</p>')
    assert html_to_text(html) == "Sam says hi"


def test_malformed_html_never_raises():
    assert html_to_text("<p>unclosed <b>bold <div>block</p></p></td></tr><li>stray item") == (
        "unclosed bold\nblock\n- stray item")
    assert html_to_text("</p></div>text</span></ol></li>") == "text"
    assert html_to_text("<![if !supportLists]>1.<![endif]> Office list") == "1. Office list"
    assert html_to_text("<p>a</p><![weird]>b") == "a\nb"  # the stdlib parser alone raises here
    assert html_to_text('<p>a < b</p><a href="https://x.org">open link') == "a < b\nopen link (https://x.org)"


def test_empty_and_plain_text_input():
    assert html_to_text("") == ""
    assert html_to_text("<p>&nbsp;</p><div> </div>") == ""
    assert html_to_text("  just text  ") == "just text"


def test_looks_like_html_spots_teams_markup_only():
    assert looks_like_html("<p>Hold F12</p>")
    assert looks_like_html('Ask <at id="0">Maria</at>')
    assert looks_like_html("one<br/>two")
    assert looks_like_html('<img src="x" alt="y">')
    assert looks_like_html("<div>x</div>") and looks_like_html("<TABLE><tr><td>1</td></tr></TABLE>")
    assert looks_like_html('<span style="color: red">x</span>')
    assert not looks_like_html("if dose < 5 and rate > 2 call pharmacy")
    assert not looks_like_html("see <https://example.org> and <@U123>")
    assert not looks_like_html("")


def test_list_starts_that_are_not_plain_numbers_count_from_one():
    assert html_to_text('<ol start="²"><li>a</li><li>b</li></ol>') == "1. a\n2. b"
    assert html_to_text('<ol start="' + "9" * 5000 + '"><li>a</li></ol>') == "1. a"
    assert html_to_text('<ol start=" 7 "><li>a</li></ol>') == "7. a"
    assert html_to_text("<p>&#" + "9" * 5000 + "; &#x110000; ok</p>") == "\ufffd \ufffd ok"


def test_unclosed_constructs_keep_the_text_around_them():
    assert html_to_text("<p>before</p><!-- never closed <p>hidden</p>") == "before"  # as browsers show it
    assert html_to_text("a <a x b <c y d") == "a <a x b <c y d"  # no ">" anywhere: text
    assert html_to_text("a </ b") == "a </ b" and html_to_text("a </> b") == "a b"
    assert html_to_text("<?xml version='1.0'?><p>x</p>") == "x"
    assert html_to_text("x" + "</" * 1000 + "y") == "x" + "</" * 1000 + "y"


def test_past_the_tag_limit_the_words_are_kept_without_their_shape():
    from adapters.teams.markup import MAX_TAGS

    html = "<b>w</b>" * MAX_TAGS + "<p>after</p><ul><li>the</li><li>limit</li></ul>"
    text = html_to_text(html)
    assert text.startswith("w" * (MAX_TAGS // 2)) and text.split()[-3:] == ["after", "the", "limit"]


@settings(max_examples=300, deadline=500)
@given(st.lists(st.one_of(
    st.sampled_from(["<p>", "</p>", "<ol start='", "²", "'>", "<li>", "<a href=", "<!--", "-->", "<![", "<?", "</",
                     "<pre>", "</pre>", "<td>", "<table>", "<script>", "&#", "&amp", ";", ">", "<", "\n", "<br/>",
                     "<img alt='x'>", "<code>", '"', "'"]),
    st.text(max_size=8)), max_size=60))
def test_any_markup_gives_text_and_never_raises(parts):
    html = "".join(parts)
    text = html_to_text(html)
    assert isinstance(text, str) and "\n\n\n" not in text
    if "<" not in html and "&" not in html:
        assert text.split() == html.replace("\xa0", " ").split()
