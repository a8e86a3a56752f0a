"""How sure the automatic judgement is, in plain words for a reviewer (no scores)."""

from __future__ import annotations

from fzreview.core.analysis import ItemResult

HIGH, MEDIUM = 0.8, 0.6


def status_confidence(item: ItemResult) -> float:
    """The estimated probability that the automatic status holds.

    `score` is the estimated probability that the report addresses the item, so
    for an item judged missing the confidence is its complement.
    """
    p = min(1.0, max(0.0, float(item.score)))
    return 1.0 - p if item.status == "missing" else p


def confidence_words(p: float) -> str:
    return "较高" if p >= HIGH else "中等" if p >= MEDIUM else "较低"


def confidence_line(item: ItemResult) -> str:
    """自动判断把握：较高（估计 91%）"""
    p = status_confidence(item)
    return f"自动判断把握：{confidence_words(p)}（估计 {p:.0%}）"
