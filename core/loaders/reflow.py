"""Turning laid-out lines (PDF, OFD) back into paragraphs.

Page layout breaks lines wherever the margin falls, including inside a term
(行政\\n复议). Lines are joined back into paragraphs — without a space between
Chinese characters — and a new paragraph starts at a heading (一、 （一） 1.),
after a line ending a sentence (。！？：；), after a clearly short line, or
where the font size changes clearly (title → body).
Running headers, footers and page numbers are dropped first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零〇"
HEADING_RE = re.compile(
    rf"^\s*(?:第[{_CN_NUM}\d]+[章节部分条篇]|[{_CN_NUM}]+\s*[、.．]|[（(]\s*[{_CN_NUM}]+\s*[）)]"
    rf"|\d{{1,2}}\s*[、.．](?!\d)|[（(]\d{{1,2}}[）)]|[①-⑳]|附件\s*\d*\s*[:：]?$)"
)
_SENTENCE_END = tuple("。！？：；!?;:")
_CLOSERS = "”’」』）)】"

# Page furniture: page numbers in their common Chinese and plain forms.
PAGE_NUMBER_RE = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[/／,，]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页"
    r"|[-—–－‒―~～·•]*\s*\d{1,4}\s*[-—–－‒―~～·•]*|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|page\s*\d+(?:\s*of\s*\d+)?|[-—–－]\s*[ivxIVX]{1,5}\s*[-—–－]|[ivx]{1,5}|[IVX]{1,5})$",
    re.IGNORECASE,
)
EDGE_LINES = 2  # lines at the top and bottom of a page (stream order) that may be furniture
EDGE_ZONE = 0.09  # share of the page height at the top and bottom that may hold furniture


@dataclass
class Line:
    """One laid-out line. Geometry is optional; y grows downwards from the page top."""

    text: str
    page: int
    x0: float | None = None
    x1: float | None = None
    y: float | None = None
    size: float | None = None


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _edge_indexes(lines: list[Line], page_height: float | None) -> set[int]:
    n = len(lines)
    edges = set(range(min(EDGE_LINES, n))) | set(range(max(0, n - EDGE_LINES), n))
    if page_height:
        for i, line in enumerate(lines):
            if line.y is not None and (line.y < page_height * EDGE_ZONE or line.y > page_height * (1 - EDGE_ZONE)):
                edges.add(i)
    return edges


def drop_page_furniture(pages: list[list[Line]], page_heights: list[float | None] | None = None) -> list[list[Line]]:
    """Remove page numbers and running headers/footers (edge lines repeated on most pages)."""
    heights = page_heights or [None] * len(pages)
    edges = [_edge_indexes(lines, h) for lines, h in zip(pages, heights)]
    counts: Counter[str] = Counter()
    for lines, edge in zip(pages, edges):
        counts.update({_furniture_key(lines[i].text) for i in edge})
    n_pages = len(pages)
    if n_pages >= 3:
        repeated = {k for k, c in counts.items() if c >= max(3, n_pages * 0.5)}
    elif n_pages == 2:
        repeated = {k for k, c in counts.items() if c == 2 and len(k) <= 40}
    else:
        repeated = set()
    out: list[list[Line]] = []
    for lines, edge in zip(pages, edges):
        kept = []
        for i, line in enumerate(lines):
            stripped = line.text.strip()
            if i in edge and (PAGE_NUMBER_RE.match(stripped) or _furniture_key(stripped) in repeated):
                continue
            kept.append(line)
        out.append(kept)
    return out


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class _ShortLineJudge:
    """Decides whether a line stops clearly before the right margin."""

    def __init__(self, pages: list[list[Line]]):
        all_lines = [line for lines in pages for line in lines]
        widths = [display_width(line.text.strip()) for line in all_lines]
        long_widths = [w for w in widths if w >= 10]
        self.full_width = _percentile(long_widths, 0.9) if long_widths else 0
        self.right: dict[int, float] = {}
        self.size: dict[int, float] = {}
        for lines in pages:
            geo = [line for line in lines if line.x1 is not None and line.size]
            if len(geo) >= 3:
                page = geo[0].page
                self.right[page] = _percentile([line.x1 for line in geo], 0.9)  # type: ignore[misc]
                self.size[page] = _percentile([line.size for line in geo], 0.5)  # type: ignore[misc]

    def is_short(self, line: Line) -> bool:
        if line.x1 is not None and line.page in self.right:
            return line.x1 < self.right[line.page] - 2.5 * self.size[line.page]
        if not self.full_width:
            return True
        return display_width(line.text.strip()) < self.full_width * 0.8


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _size_changes(previous: Line, line: Line) -> bool:
    """A clear change of font size (title → body, heading → text) starts a new paragraph."""
    if not previous.size or not line.size:
        return False
    return max(previous.size, line.size) > 1.25 * min(previous.size, line.size)


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def lines_to_paragraphs(pages: list[list[Line]]) -> list[tuple[str, int]]:
    """Join lines into (paragraph, page of its first line)."""
    judge = _ShortLineJudge(pages)
    paragraphs: list[tuple[str, int]] = []
    current = ""
    current_page = 0
    previous: Line | None = None
    for lines in pages:
        for line in lines:
            text = line.text.strip()
            if not text:
                continue
            starts_new = (
                previous is None
                or HEADING_RE.match(text) is not None
                or _ends_sentence(previous.text.strip())
                or judge.is_short(previous)
                or _size_changes(previous, line)
            )
            if starts_new:
                if current:
                    paragraphs.append((current, current_page))
                current, current_page = text, line.page
            else:
                current = _join(current, text)
            previous = line
    if current:
        paragraphs.append((current, current_page))
    return paragraphs
