"""`tipjar demo`: the scripted go-live morning through the terminal chat, then what Tipjar made of it."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from adapters.console.chat import ConsoleChat
from adapters.console.demo_script import SCRIPT
from adapters.console.render import credit, render
from bot.commands import Ask, Review
from bot.config import ConfigError, Settings
from bot.model import TipStatus, Viewer
from bot.operator import Operator
from bot.service import Bot
from bot.text import display_text, shorten
from tipjar.bootstrap import bootstrap

WORKSPACE = "st-marys"
ASKS = (("maria", "how do I unfreeze the wristband scanner?"), ("sam", "what do I do about insulin override documentation?"),
        ("dev", "my barcode reader is stuck, what now?"))


def _heading(out: Callable[[str], None], title: str) -> None:
    out("")
    out(f"=== {title} " + "=" * max(0, 70 - len(title)))


def _play(bot: Bot, settings: Settings, out: Callable[[str], None]) -> None:
    chat = ConsoleChat(bot, bot.context.clock, workspace=WORKSPACE, user="maria", channel="emr-go-live",
                       capture_emojis=settings.capture.emojis, out=out)
    for line in SCRIPT.strip().splitlines():
        if line.startswith("/") and not line.startswith(("/as ", "/join ", "/reply ")):
            out(f"{chat.user}> {line}")
        chat.handle(line)


def _show_tips(bot: Bot, out: Callable[[str], None]) -> None:
    tips = sorted(bot.views.tips(), key=lambda t: (-t.votes, t.id))
    for tip in tips:
        tags = " ".join("#" + t for t in tip.tags)
        out(f"#{tip.id:<3} {tip.votes} saver{'s' * (tip.votes != 1)} · {tip.origin.value:<8} · {tip.visibility.value:<7} {tags}")
        out(f"     {shorten(display_text(tip.text), 100)} — {credit(tip)}")
    out(f"{len(tips)} tips captured (a deleted message leaves no trace; private tips stay with their channel).")


def _show_answers(bot: Bot, out: Callable[[str], None]) -> None:
    for user, question in ASKS:
        out(f"{user}> /ask {question}")
        for line in render(bot.handle(Ask(Viewer("console", WORKSPACE, user), question))):
            out("  " + line)


def _review(bot: Bot, out: Callable[[str], None]) -> None:
    """Jo, a trainer, approves the scanner fix and flags the fall-risk tip (the form moved again)."""
    tips = bot.views.tips()
    for words, status in (("Undock the scanner", TipStatus.APPROVED), ("fall-risk assessment", TipStatus.NEEDS_UPDATE)):
        for tip in (tip for tip in tips if words in tip.text):
            for line in render(bot.handle(Review(tip.id, "jo", status, "Jo Brennan", at=Operator("demo")))):
                out(f"jo (trainer)> {line}")


def _show_digest(bot: Bot, settings: Settings, out: Callable[[str], None]) -> None:
    from tipjar.cli_exchange import preview_text
    from digests.period import Period

    config = settings.digest()
    period = Period.containing(bot.context.clock.now(), config.tz)
    out(preview_text(bot, config, period))


def run_demo(settings: Settings, db_path: Path | None, out: Callable[[str], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="tipjar-demo-") as scratch:
        path = db_path or Path(scratch) / "tipjar-demo.db"
        if path.exists():
            raise ConfigError(f"{path}: already exists; the demo needs a fresh file (pick another --db path)")
        secrets = settings.secrets.model_copy(update={"database_url": f"sqlite:///{path}"})
        settings = settings.model_copy(update={"secrets": secrets})
        bot = bootstrap(settings).bot
        _heading(out, "A go-live morning at St Mary's, in the terminal chat")
        _play(bot, settings, out)
        _heading(out, "What Tipjar captured")
        _show_tips(bot, out)
        _heading(out, "Asking Tipjar")
        _show_answers(bot, out)
        _heading(out, "A trainer reviews two tips")
        _review(bot, out)
        _heading(out, "This week's digest for the trainers (preview)")
        _show_digest(bot, settings, out)
        if db_path:
            out(f"\nThe demo database is kept at {path}: try `TIPJAR_DATABASE_URL=sqlite:///{path} tipjar chat`.")
