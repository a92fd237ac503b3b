"""The ids of the buttons Tipjar puts on its messages, the same on every platform.

A click comes back carrying one of these ids (Slack's action_id, the verb of a Teams Action.Execute): the
renderer that draws a button and the processor that handles its click must agree on it, on Slack and Teams
alike, so the ids live here and not in either adapter. Buttons only one platform has keep their ids there.
"""
from __future__ import annotations

from bot.model import TipStatus

HELPFUL = "tipjar_helpful"
NOT_HELPFUL = "tipjar_not_helpful"
"""Feedback on an answer, or on a trainer's answer to one's own question."""
FEEDBACK = frozenset({HELPFUL, NOT_HELPFUL})

ERASE_TIP = "tipjar_erase_tip"
"""Delete a tip everywhere (its author, a saver or a trainer)."""

REVIEW_APPROVE = "tipjar_review_approve"
REVIEW_NEEDS_UPDATE = "tipjar_review_needs_update"
REVIEW_ARCHIVE = "tipjar_review_archive"
REVIEWS = {REVIEW_APPROVE: TipStatus.APPROVED, REVIEW_NEEDS_UPDATE: TipStatus.NEEDS_UPDATE,
           REVIEW_ARCHIVE: TipStatus.ARCHIVED}
"""A trainer's review buttons on a digest, and the state each one gives the tip."""

GAP_ANSWER = "tipjar_gap_answer"
GAP_DISMISS = "tipjar_gap_dismiss"
GAP_ACTIONS = frozenset({GAP_ANSWER, GAP_DISMISS})
"""A trainer's buttons on a question nobody could answer."""
