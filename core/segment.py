"""Sentences and tokens over a `Document`'s normalised text.

Sentences end at 。！？； (and at paragraph ends); each keeps its character
offsets into `Document.text`. Tokens come from jieba and are used for
similarity only — phrases are matched on the text itself, because jieba will
not keep a term with punctuation (“双随机、一公开”) as one token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fzreview.core.document import Document

_SENT_END = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’）」』]*|[^。！？；!?;]+$")
_LONG = 160  # a sentence longer than this is split again at commas


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    text: str


def split_sentences(doc: Document) -> list[Sentence]:
    out: list[Sentence] = []
    text = doc.text
    for index, para in enumerate(doc.paragraphs):
        chunk = text[para.start:para.end]
        for m in _SENT_END.finditer(chunk):
            s, e = m.span()
            piece = m.group(0)
            lead = len(piece) - len(piece.lstrip())
            s += lead
            piece = piece.strip()
            if not piece:
                continue
            if len(piece) > _LONG:
                for sub_s, sub_e in _split_long(piece):
                    out.append(Sentence(para.start + s + sub_s, para.start + s + sub_e, index,
                                        piece[sub_s:sub_e]))
            else:
                out.append(Sentence(para.start + s, para.start + s + len(piece), index, piece))
    return out


def _split_long(piece: str) -> list[tuple[int, int]]:
    """Cut an over-long sentence at commas into pieces of about _LONG characters."""
    spans = []
    start = 0
    while len(piece) - start > _LONG:
        cut = piece.rfind("，", start + _LONG // 3, start + _LONG)
        if cut < 0:
            cut = start + _LONG - 1
        spans.append((start, cut + 1))
        start = cut + 1
    spans.append((start, len(piece)))
    return spans


_jieba = None


def tokenizer():
    """jieba, imported and initialised once (its dictionary load is the slow part)."""
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba = jieba
    return _jieba


_KEEP_TOKEN = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{2,}")


def content_tokens(text: str) -> list[str]:
    """jieba tokens worth comparing: words of two or more Chinese characters or Latin letters."""
    return [t for t in tokenizer().lcut(text) if _KEEP_TOKEN.fullmatch(t)]
