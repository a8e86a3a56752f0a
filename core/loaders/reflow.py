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


# Ragged-right text: fewer than this share of the lines that go on (no sentence end) reach the right margin.
RAGGED_SHARE = 0.4
# In ragged-right text a line that goes on is joined unless it stops before this share of the text width.
RAGGED_SHORT = 0.5


class _ShortLineJudge:
    """Decides whether a line stops clearly before the right margin.

    Justified text (the usual 公文 layout) fills every line but a paragraph's last, so a line
    that stops short ends its paragraph. Ragged-right text (left-aligned, or lines broken by hand
    at varying widths) stops short everywhere; there a line that does not end a sentence runs on
    unless it is very short, and a paragraph starts where a line is indented (首行缩进).
    """

    def __init__(self, pages: list[list[Line]]):
        all_lines = [line for lines in pages for line in lines]
        widths = [display_width(line.text.strip()) for line in all_lines]
        long_widths = [w for w in widths if w >= 10]
        self.full_width = _percentile(long_widths, 0.9) if long_widths else 0
        self.right: dict[int, float] = {}
        self.left: dict[int, float] = {}
        self.size: dict[int, float] = {}
        for lines in pages:
            geo = [line for line in lines if line.x1 is not None and line.x0 is not None and line.size]
            if len(geo) >= 3:
                page = geo[0].page
                self.right[page] = _percentile([line.x1 for line in geo], 0.9)  # type: ignore[misc]
                self.left[page] = _percentile([line.x0 for line in geo], 0.1)  # type: ignore[misc]
                self.size[page] = _percentile([line.size for line in geo], 0.5)  # type: ignore[misc]
        self.ragged = self._is_ragged(all_lines)
        self.indented = self.ragged and self._paragraphs_indented(all_lines)

    def _is_ragged(self, lines: list[Line]) -> bool:
        """Most lines that run on (no sentence end) stop clearly before the right margin."""
        running = [line for line in lines if line.text.strip() and not _ends_sentence(line.text.strip())
                   and line.x1 is not None and line.page in self.right
                   and display_width(line.text.strip()) >= 10]
        if len(running) < 8:
            return False
        reaching = sum(1 for line in running
                       if (line.x1 or 0.0) >= self.right[line.page] - 1.5 * self.size[line.page])
        return reaching / len(running) < RAGGED_SHARE

    def _paragraphs_indented(self, lines: list[Line]) -> bool:
        """Paragraphs start with a first-line indent: some lines (not most) are set in by about two characters."""
        geo = [line for line in lines if line.text.strip() and line.x0 is not None and line.page in self.left]
        if len(geo) < 8:
            return False
        indented = sum(1 for line in geo if self.starts_paragraph(line, any_layout=True)
                       and not self.stands_alone(line, any_layout=True))
        return 0.05 <= indented / len(geo) <= 0.6

    def is_short(self, line: Line) -> bool:
        if line.x1 is not None and line.page in self.right:
            if self.ragged and line.x0 is not None:
                left, right = self.left[line.page], self.right[line.page]
                return line.x1 < left + RAGGED_SHORT * (right - left)
            return line.x1 < self.right[line.page] - 2.5 * self.size[line.page]
        if not self.full_width:
            return True
        return display_width(line.text.strip()) < self.full_width * 0.8

    def starts_paragraph(self, line: Line, any_layout: bool = False) -> bool:
        """In ragged-right text, an indented line (first-line indent, centred or right-aligned) starts one."""
        if not (self.ragged or any_layout) or line.x0 is None or line.page not in self.left:
            return False
        return line.x0 > self.left[line.page] + 1.5 * self.size[line.page]

    def stands_alone(self, line: Line, any_layout: bool = False) -> bool:
        """In ragged-right text, a line set in well beyond a first-line indent (a centred title, a
        right-aligned signature or date) is a paragraph of its own."""
        if not (self.ragged or any_layout) or line.x0 is None or line.page not in self.left:
            return False
        return line.x0 > self.left[line.page] + 4 * self.size[line.page]


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def _size_changes(previous: Line, line: Line) -> bool:
    """A clear change of font size (title → body, heading → text) starts a new paragraph."""
    if not previous.size or not line.size:
        return False
    return max(previous.size, line.size) > 1.25 * min(previous.size, line.size)


_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        if left[-1].isdigit() and right[0].isdigit() and _HAN_RE.search(left[-40:]):
            return left + right  # Chinese text wraps anywhere, also inside a number (9|52件)
        return f"{left} {right}"
    return left + right


def _starts_new(judge: _ShortLineJudge, previous: Line | None, line: Line, text: str) -> bool:
    if previous is None or HEADING_RE.match(text) is not None or _size_changes(previous, line):
        return True
    before = previous.text.strip()
    if judge.indented:
        # Ragged-right text whose paragraphs start with an indent: the indent is the paragraph mark;
        # a line that happens to end at 。 runs on. A short unindented line is a heading of its own.
        return (judge.starts_paragraph(line) or judge.stands_alone(previous) or judge.stands_alone(line)
                or (_ends_sentence(before) and judge.is_short(line) and not _ends_sentence(text)))
    return (_ends_sentence(before) or judge.is_short(previous)
            or judge.starts_paragraph(line) or judge.stands_alone(previous))


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
            if _starts_new(judge, previous, line, text):
                if current:
                    paragraphs.append((current, current_page))
                current, current_page = text, line.page
            else:
                current = _join(current, text)
            previous = line
    if current:
        paragraphs.append((current, current_page))
    return paragraphs
