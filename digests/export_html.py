"""The knowledge base as one self-contained HTML page: inline CSS, a small inline search script, no network.

Every piece of chat text is escaped (`html.escape`) after `display_text`; only http(s) URLs become links.
A Content-Security-Policy admits nothing but this page's own style and script (by hash), so even text that
slipped past escaping could neither run a script nor fetch anything.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from html import escape

from bot.curation import LABELS
from bot.files import CLIP, safe_link
from bot.model import FileRef, Tip
from bot.text import display_text
from bot.privacy.screen import marker
from digests.export import (EMPTY, TITLE, ExportFilter, author, channel, readable_date, readable_time, sections,
                            split_urls, summary, web_link)

STYLE = """
:root{--ink:#1d2330;--soft:#5b6474;--line:#dde1e8;--accent:#1f5fbf;--bg:#f6f7f9}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main{max-width:56rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1.5rem}
h1{margin:0 0 .25rem;font-size:1.75rem}
.about{margin:.1rem 0;color:var(--soft)}
.search{position:sticky;top:0;z-index:1;background:var(--bg);padding:.75rem 0;display:flex;gap:.75rem;align-items:center}
.search input{flex:1;font:inherit;padding:.55rem .75rem;border:1px solid #b9c0cc;border-radius:.4rem;background:#fff}
.search input:focus{outline:2px solid var(--accent);outline-offset:1px}
#count{color:var(--soft);white-space:nowrap}
nav{font-size:.9rem;margin-bottom:.5rem}
nav a{display:inline-block;margin:0 .35rem .35rem 0;padding:.1rem .55rem;border-radius:1rem;background:#e6ecf6;color:var(--accent);text-decoration:none}
h2{font-size:1.25rem;margin:1.75rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--line)}
h2 small{color:var(--soft);font-weight:normal;font-size:.85rem}
article{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.8rem 1rem;margin:0 0 .75rem;break-inside:avoid}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0 0 .5rem}
.meta{font-size:.85rem;color:var(--soft);margin:0}
.meta a,.text a{color:var(--accent)}
.status{display:inline-block;padding:0 .45rem;border-radius:.3rem;background:#eef0f3}
.status-approved{background:#e1f3e6;color:#1d6b35}.status-needs_update{background:#fdf0d8;color:#8a5a00}
.status-archived{background:#eceef1;color:#6b7280}
.tag{color:var(--accent)}
.none{color:var(--soft);font-style:italic}
@media print{body{background:#fff;font-size:11pt}.search,nav{display:none}article{border-color:#bbb}
.meta a[href]::after{content:" (" attr(href) ")";word-break:break-all}}
"""

SCRIPT = """
(() => {
  const box = document.getElementById("q"), count = document.getElementById("count");
  const none = document.getElementById("no-match"), sections = [...document.querySelectorAll("main section")];
  const tips = [...document.querySelectorAll("article")].map((el) => ({
    el, id: el.dataset.tip,
    hay: [".text", ".author", ".tags"].map((s) => el.querySelector(s)?.textContent ?? "").join(" ").toLowerCase(),
  }));
  const total = new Set(tips.map((t) => t.id)).size;
  function apply() {
    const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = new Set();
    for (const t of tips) {
      t.el.hidden = !words.every((w) => t.hay.includes(w));
      if (!t.el.hidden) shown.add(t.id);
    }
    for (const s of sections) {
      s.hidden = !s.querySelector("article:not([hidden])");
      document.querySelector(`nav a[href="#${s.id}"]`).hidden = s.hidden;
    }
    count.textContent = `${shown.size.toLocaleString("en")} of ${total.toLocaleString("en")} tips`;
    none.hidden = shown.size > 0;
  }
  box.addEventListener("input", apply);
  apply();
})();
"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def linked_text(text: str) -> str:
    """Escaped display text with its http(s) URLs as links."""
    return "".join(
        f'<a href="{escape(piece)}" rel="noopener noreferrer">{escape(piece)}</a>' if is_url else escape(piece)
        for piece, is_url in split_urls(display_text(text).strip())
    )


def _file_html(file: FileRef) -> str:
    """"📎 name" linked to the file in the chat platform (which decides who may open it)."""
    name = f"{CLIP} {escape(file.name)}"
    link = safe_link(file.link)
    return f'<a class="file" href="{escape(link)}" rel="noopener noreferrer">{name}</a>' if link else f'<span class="file">{name}</span>'


def _article(tip: Tip) -> str:
    link = web_link(tip)
    where = f'<a href="{escape(link)}" rel="noopener noreferrer">open in chat</a>' if link else escape(tip.source.permalink)
    tags = " ".join(f'<span class="tag">#{escape(tag)}</span>' for tag in tip.tags)
    details = [
        f'<span class="author">{escape(author(tip))}</span> in {escape(channel(tip))}',
        f'<time datetime="{tip.captured_at.isoformat()}">{readable_date(tip.captured_at)}</time>',
        f'<span class="status status-{tip.status.value}">{LABELS[tip.status]}</span>',
        f"{tip.votes:,} vote" + ("" if tip.votes == 1 else "s"),
    ] + ([f'<span class="tags">{tags}</span>'] if tags else []) + ([where] if where else [])
    details += [f'<span class="redacted">{marker(tip.redacted)}</span>'] if tip.redacted else []
    details += [_file_html(f) for f in tip.source.files]
    return (f'<article data-tip="{tip.id}"><p class="text">{linked_text(tip.text)}</p>'
            f'<p class="meta">{" · ".join(details)}</p></article>')


def _body(tips: list[Tip], selection: ExportFilter) -> list[str]:
    groups = sections(tips, selection)
    nav = " ".join(f'<a href="#s{n}">{escape(g.title)} ({len(g.tips):,})</a>' for n, g in enumerate(groups, 1))
    parts = [
        f'<p class="about">{escape(summary(tips, groups))}</p>',
        '<div class="search" role="search"><input id="q" type="search" autocomplete="off" autofocus'
        ' placeholder="Search tips, authors and tags" aria-label="Search tips">'
        '<output id="count" for="q" aria-live="polite"></output></div>',
        f'<nav aria-label="Sections">{nav}</nav></header><main>',
        '<p id="no-match" class="none" hidden>No tips match this search.</p>',
    ]
    for n, group in enumerate(groups, 1):
        parts.append(f'<section id="s{n}"><h2>{escape(group.title)} <small>{len(group.tips):,}</small></h2>')
        parts += [_article(tip) for tip in group.tips] + ["</section>"]
    return parts + [f"</main><script>{SCRIPT}</script>"]


def render_html(tips: list[Tip], generated_at: datetime, selection: ExportFilter = ExportFilter()) -> str:
    """The whole page as one string."""
    policy = f"default-src 'none'; style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}"
    about = f"Generated {readable_time(generated_at)}." + (f" This export has {selection.describe()}." if selection.describe() else "")
    head = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        f"<title>{TITLE}</title><style>{STYLE}</style></head><body><header>",
        f"<h1>{TITLE}</h1>", f'<p class="about">{escape(about)}</p>',
    ]
    body = _body(tips, selection) if tips else [f'</header><main><p class="none">{EMPTY}</p></main>']
    return "\n".join(head + body + ["</body></html>"]) + "\n"
