"""The rules bids are scored under, written once: the tender's scale, criteria weights, a score's range.

Scoring bids (``scores.py``, ``moderation.py``), and importing a file or checking a database (``integrity.py``) ask
these, so a score the panel could never give is refused in all of them alike; the limits are those
the tender service (``tender.py``) puts on the scale and the weights. Answers are lists of plain
phrases, empty when all is well.
"""

from __future__ import annotations

#: How many bids are scored out of, at least and at most (a tender's scoring scale).
SCALE_LIMITS = (1, 10)
#: The scale when a commission has no tender yet; a new tender starts at it too.
DEFAULT_SCALE_MAX = 5
#: The lowest score a panellist can give on any scale.
LOWEST_SCORE = 0
#: A criterion's weight, in whole percent.
WEIGHT_LIMITS = (0, 100)


def scale_problems(scoring_scale_max: int) -> list[str]:
    """Whether a tender's scoring scale is one the tender service accepts."""
    low, high = SCALE_LIMITS
    if low <= scoring_scale_max <= high:
        return []
    return [f"bids are scored out of {scoring_scale_max}; the scale goes from {low} to {high}"]


def weight_problems(weight: int) -> list[str]:
    """Whether a criterion's weight is a percentage the tender service accepts."""
    low, high = WEIGHT_LIMITS
    return [] if low <= weight <= high else [f"weight {weight}% is not from {low} to {high}"]


def score_problems(value: int, scale_max: int) -> list[str]:
    """Whether a panellist's (or the panel's moderated) score is on the scale bids are scored out of."""
    if LOWEST_SCORE <= value <= scale_max:
        return []
    return [f"{value} is off the scoring scale {LOWEST_SCORE} to {scale_max}"]
