"""The operator: whoever runs Tipjar's own command line (`tipjar release`, the demo) or its console chat.

A trainer's command carries where it came from: a `Clicked` place, which `bot.trainers` checks (the person,
the message clicked, its workspace), or an `Operator`, which it does not (the operator runs Tipjar and could
change its database directly). Only the command line and the console build one: no platform adapter imports
this module (pyproject.toml's import contract and tests/security/test_trainer_actions.py hold them to it), so
nothing a chat platform sends can become an unchecked trainer's command.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operator:
    via: str
    """"command line", "console" or "demo": for logs and for whoever reads the audit trail."""
