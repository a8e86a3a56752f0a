"""Sentences and tokens over a `Document`'s normalised text.

Sentences end at 。！？； (and at paragraph ends); each keeps its character
offsets into `Document.text`. Tokens come from jieba and are used for
similarity only — phrases are matched on the text itself, because jieba will
not keep a term with punctuation (“双随机、一公开”) as one token.
"""

from __future__ import annotations

import re
import struct
import sys
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
        if not jieba.dt.initialized:
            load_dictionary(jieba.dt)
        jieba.initialize()  # does nothing when the dictionary came from our cache
        _jieba = jieba
    return _jieba


_DICT_CACHE = "jieba-dictionary"


def _dictionary_key(dt) -> str | None:
    """What jieba's prefix dictionary is built from: jieba's version and its dict.txt; None for a
    dictionary other than jieba's own (jieba.set_dictionary), which is left to jieba."""
    import os

    import jieba

    if dt.dictionary is not None:
        return None
    try:
        st = os.stat(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"))
    except OSError:
        return None
    return f"jieba-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}-{sys.byteorder}"


def load_dictionary(dt) -> bool:
    """Set jieba's prefix dictionary (FREQ, total) from the user cache (core/user_cache.py).

    jieba keeps the same dictionary in its own cache, read with marshal, which takes
    three to four times as long as rebuilding the dict from the word list and an
    array of counts, as stored here. On a miss jieba initialises the usual way and
    the result is stored for the next start. The dictionary is the very one jieba
    builds (tests/test_user_cache.py compares them). Returns True when it came from the cache.
    """
    from fzreview.core import user_cache

    key = _dictionary_key(dt)
    if key is None:
        return False
    with dt.lock:
        if dt.initialized:
            return False
        entry = user_cache.load(_DICT_CACHE, key)
        loaded = _decode_dictionary(entry) if entry is not None else None
        if loaded is not None:
            dt.FREQ, dt.total = loaded
            dt.initialized = True
            return True
    dt.initialize()
    user_cache.store(_DICT_CACHE, key, _encode_dictionary(dt.FREQ, dt.total))
    return False


def _encode_dictionary(freq: dict, total: int) -> bytes:
    from array import array

    words = "\n".join(freq).encode("utf-8")
    counts = array("q", freq.values())
    return struct.pack("<qqq", total, len(freq), len(words)) + words + counts.tobytes()


def _decode_dictionary(data: bytes) -> tuple[dict, int] | None:
    from array import array

    try:
        total, n, n_bytes = struct.unpack_from("<qqq", data)
        start = struct.calcsize("<qqq")
        words = data[start:start + n_bytes].decode("utf-8").split("\n")
        counts = array("q")
        counts.frombytes(data[start + n_bytes:])
    except (struct.error, UnicodeDecodeError, ValueError):
        return None
    if len(words) != n or len(counts) != n or n == 0:
        return None
    return dict(zip(words, counts.tolist())), total


_KEEP_TOKEN = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z]{2,}")


def content_tokens(text: str) -> list[str]:
    """jieba tokens worth comparing: words of two or more Chinese characters or Latin letters."""
    return [t for t in tokenizer().lcut(text) if _KEEP_TOKEN.fullmatch(t)]
