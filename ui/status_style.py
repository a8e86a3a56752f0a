"""Colours, names and icons of automatic statuses and reviewer verdicts.

Icons differ by shape as well as colour (filled disc = covered, half disc =
partial, ring = missing, grey dash = not applicable) so they read without colour.
They are drawn with QPainter at several sizes, so they stay sharp on high-DPI screens.
"""

from __future__ import annotations

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, STATUS_NAMES
from fzreview.core.review import NOT_APPLICABLE, VERDICT_NAMES

STATUS_COLORS = {COVERED: "#2e7d32", PARTIAL: "#d98200", MISSING: "#c62828", NOT_APPLICABLE: "#8a8a8a"}
MUTED_COLOR = "#9a9a9a"
UNREVIEWED_NAME = "未审"
NOTE_MARK = "✎"
STALE_MARK = "⚠"

_icons: dict[tuple[str, bool], object] = {}


def status_name(status: str) -> str:
    return STATUS_NAMES.get(status, status)


def verdict_name(verdict: str | None) -> str:
    return VERDICT_NAMES.get(verdict, UNREVIEWED_NAME) if verdict else UNREVIEWED_NAME


def color(status: str | None, *, muted: bool = False):
    from PySide6.QtGui import QColor

    if muted or status is None:
        return QColor(MUTED_COLOR)
    return QColor(STATUS_COLORS.get(status, MUTED_COLOR))


def tint(status: str | None, strength: float, base=None):
    """The status colour blended into `base` (default white); strength in [0, 1]."""
    from PySide6.QtGui import QColor

    c = color(status)
    b = base or QColor("#ffffff")
    s = max(0.0, min(1.0, strength))
    return QColor(round(b.red() + (c.red() - b.red()) * s),
                  round(b.green() + (c.green() - b.green()) * s),
                  round(b.blue() + (c.blue() - b.blue()) * s))


def status_icon(status: str | None, *, muted: bool = False):
    """A QIcon for a status or verdict (None → empty icon)."""
    from PySide6.QtGui import QIcon

    if status is None:
        return QIcon()
    key = (status, muted)
    if key not in _icons:
        icon = QIcon()
        for size in (12, 16, 20, 24, 32, 48, 64):
            icon.addPixmap(_draw(status, size, muted))
        _icons[key] = icon
    return _icons[key]


def _draw(status: str, size: int, muted: bool):
    from PySide6.QtCore import QLineF, QRectF, Qt
    from PySide6.QtGui import QPainter, QPainterPath, QPen, QPixmap

    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = color(status, muted=muted)
    pen_w = max(1.0, size / 8)
    r = QRectF(pen_w, pen_w, size - 2 * pen_w, size - 2 * pen_w)
    p.setPen(QPen(c, pen_w))
    if status == COVERED:
        p.setBrush(c)
        p.drawEllipse(r)
    elif status == PARTIAL:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(r)
        half = QPainterPath()
        half.moveTo(r.center())
        half.arcTo(r, 90, 180)
        half.closeSubpath()
        p.fillPath(half, c)
    elif status == MISSING:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(c, max(1.5, size / 5.5)))
        inset = size / 10
        p.drawEllipse(r.adjusted(inset / 2, inset / 2, -inset / 2, -inset / 2))
    else:  # not applicable
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(r)
        p.drawLine(QLineF(r.left() + r.width() * 0.25, r.center().y(),
                          r.right() - r.width() * 0.25, r.center().y()))
    p.end()
    return pm
