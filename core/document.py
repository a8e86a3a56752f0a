"""The document model every loader produces.

A `Document` holds the *normalised* text of a report. Every offset used anywhere
else in the app (paragraphs, sentences, evidence, findings) indexes this text.
Loaders never hand raw text to the matcher: they build a list of paragraph
strings (with page numbers when known) and call `Document.from_paragraphs`,
which normalises each paragraph and joins them with newlines.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from fzreview.core.normalize import normalize_paragraphs


class DocumentError(Exception):
    """A report that cannot be used. `str(err)` is a message for the reviewer (Chinese)."""


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def valid_unicode(text: str) -> tuple[str, int]:
    """`text` with lone surrogates (which no file can store) replaced by U+FFFD, and how many.

    A PDF's character map or a damaged file can yield them; left in, they make
    every later save fail. One code point replaces one, so offsets stay valid.
    """
    count = len(_SURROGATE_RE.findall(text))
    return (_SURROGATE_RE.sub(REPLACEMENT, text), count) if count else (text, 0)


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    page: int | None = None

    def text(self, doc_text: str) -> str:
        return doc_text[self.start:self.end]


@dataclass
class Document:
    text: str
    paragraphs: list[Paragraph]
    source_path: str = ""
    source_format: str = "txt"
    encoding: str | None = None
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    title: str = ""
    # "text": read from the file's own text; "ocr": recognised from page images (a scanned PDF).
    source_kind: str = "text"
    ocr_confidence: list[float | None] = field(default_factory=list)  # per page, for source_kind "ocr"

    @classmethod
    def from_paragraphs(
        cls,
        raw_paragraphs: list[str] | list[tuple[str, int | None]],
        *,
        source_path: str | Path = "",
        source_format: str = "txt",
        encoding: str | None = None,
        sha256: str = "",
        warnings: list[str] | None = None,
        title: str = "",
    ) -> Document:
        """Normalise raw paragraphs (str, or (str, page)) into a Document.

        Blank paragraphs and web-page chrome are dropped by the normaliser.
        Raises DocumentError when nothing readable is left.
        """
        items: list[tuple[str, int | None]] = [
            (p, None) if isinstance(p, str) else (p[0], p[1]) for p in raw_paragraphs
        ]
        cleaned = normalize_paragraphs(items)
        parts: list[str] = []
        paragraphs: list[Paragraph] = []
        pos = 0
        for text, page in cleaned:
            paragraphs.append(Paragraph(pos, pos + len(text), page))
            parts.append(text)
            pos += len(text) + 1
        text = "\n".join(parts)
        if not text.strip():
            raise DocumentError("文件中没有可读的文字内容（文件为空或只有空白）。")
        warnings = list(warnings or [])
        text, bad = valid_unicode(text)
        if bad:
            warnings.append(f"文件中有 {bad} 个无效的文字编码（无法显示或保存的字符），已用“{REPLACEMENT}”代替，请对照原文核对。")
        doc = cls(
            text=text,
            paragraphs=paragraphs,
            source_path=str(source_path),
            source_format=source_format,
            encoding=encoding,
            sha256=sha256,
            warnings=warnings,
        )
        doc.title = valid_unicode(title)[0] or guess_title(doc)
        return doc

    @classmethod
    def from_text(cls, raw: str, **kwargs) -> Document:
        """Split raw text into paragraphs at line breaks and normalise it."""
        return cls.from_paragraphs(raw.splitlines(), **kwargs)

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph containing `offset` (binary search)."""
        lo, hi = 0, len(self.paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.paragraphs[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo


def mean_confidence(per_page: list[float | None]) -> float | None:
    """The OCR confidence of a document: the mean over its pages that had text."""
    known = [c for c in per_page if c is not None]
    return sum(known) / len(known) if known else None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def guess_title(doc: Document) -> str:
    """The report's own title: a short early paragraph that names the report."""
    for para in doc.paragraphs[:12]:
        line = para.text(doc.text).strip()
        if 6 <= len(line) <= 60 and "报告" in line and not line.endswith(("。", "：", ":")):
            return line
    return ""
