"""The action ids of the buttons Tipjar posts, shared by the Slack and Teams renderings and their handlers.

The ids travel in posted messages and come back with each click, so they outlive a deployment: a digest
posted last week is still answered with these values.
"""
from __future__ import annotations

from bot.model import TipStatus

REVIEW_APPROVE = "tipjar_review_approve"
REVIEW_NEEDS_UPDATE = "tipjar_review_needs_update"
REVIEW_ARCHIVE = "tipjar_review_archive"
REVIEW_EDIT = "tipjar_review_edit"
GAP_ANSWER = "tipjar_gap_answer"
GAP_DISMISS = "tipjar_gap_dismiss"
REVIEWS = {REVIEW_APPROVE: TipStatus.APPROVED, REVIEW_NEEDS_UPDATE: TipStatus.NEEDS_UPDATE,
           REVIEW_ARCHIVE: TipStatus.ARCHIVED}
"""The review buttons, on Slack and Teams alike, and the state each one gives the tip."""
