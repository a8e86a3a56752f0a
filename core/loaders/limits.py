"""Size and time limits for reading a report, and the budget that enforces them.

A real annual report is a few dozen pages and some tens of thousands of
characters. Anything far beyond that is a wrong file or a hostile one (zip
bomb, endless PDF), so every loader stops early with a clear message.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from fzreview.core.document import DocumentError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 64 * MIB
    max_chars: int = 1_000_000
    # Lines of a text file, laid-out lines of a PDF/OFD, paragraphs of a Word file or web page.
    max_lines: int = 50_000
    max_pages: int = 500
    max_zip_members: int = 5_000
    max_unzipped_bytes: int = 256 * MIB
    # One XML part (document.xml, an OFD page): its size and its number of tags.
    max_xml_bytes: int = 64 * MIB
    max_xml_tags: int = 1_000_000
    # A zip member larger than this must not be compressed more than max_zip_ratio : 1.
    zip_ratio_floor_bytes: int = 4 * MIB
    max_zip_ratio: float = 200.0
    max_seconds: float = 120.0
    convert_timeout: float = 120.0


DEFAULT_LIMITS = Limits()


def _fmt_count(n: int) -> str:
    return f"{n:,}"


class Budget:
    """Counts characters and watches the clock while one file is read."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.chars = 0
        self.lines = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def take(self, text: str) -> str:
        self.chars += len(text)
        if self.chars > self.limits.max_chars:
            raise DocumentError(
                f"文件中的文字超过 {_fmt_count(self.limits.max_chars)} 字，远超一份年度报告的篇幅，已停止读取。"
                "请确认选择的是报告文件。"
            )
        return text

    def count_lines(self, n: int = 1) -> None:
        self.lines += n
        if self.lines > self.limits.max_lines:
            raise DocumentError(
                f"文件超过 {_fmt_count(self.limits.max_lines)} 行（段），远超一份年度报告的篇幅，已停止读取。"
                "请确认选择的是报告文件。"
            )

    def check_pages(self, pages: int) -> None:
        if pages > self.limits.max_pages:
            raise DocumentError(
                f"文件有 {_fmt_count(pages)} 页，超过 {_fmt_count(self.limits.max_pages)} 页的上限，"
                "不像一份年度报告，已拒绝打开。"
            )

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise DocumentError(
                f"读取文件用时超过 {int(self.limits.max_seconds)} 秒，文件可能过大或结构异常，已停止读取。"
            )
