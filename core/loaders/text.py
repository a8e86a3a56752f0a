"""Plain-text reports in the encodings Chinese files really use.

Order: byte-order mark, then strict UTF-8, then the Chinese legacy encodings
(GBK/GB18030, Big5) decoded strictly and judged by how Chinese the result is,
then charset-normalizer restricted to those encodings. Plain detection over all
code pages must never run: it reads short or mostly-ASCII GBK as Korean.
"""

from __future__ import annotations

import re

from fzreview.core.document import DocumentError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "utf-32"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
# charset-normalizer names of the encodings Chinese text files use.
_CHINESE_CODECS = ["gb18030", "big5", "utf_16_le", "utf_16_be"]

_REPLACEMENT_RUN_RE = re.compile("\ufffd+")

UNDECODABLE_MESSAGE = "无法识别文件的文字编码（不是 UTF-8、GBK/GB18030、Big5 或 UTF-16），请用记事本另存为 UTF-8 后再打开。"
BINARY_TEXT_MESSAGE = "这不是文本文件（含有二进制内容），无法读取。"


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when bytes look like BOM-less UTF-16.

    Mostly-ASCII UTF-16 has a zero in every other byte. Chinese UTF-16 has no
    zeros at all: there the sample must decode strictly to text that is almost
    all common Chinese characters, Chinese punctuation and plain ASCII.
    """
    sample = data[:8192]
    half = max(len(sample) // 2, 1)
    odd, even = sample[1::2].count(0) / half, sample[0::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    if len(sample) < 16 or len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        if _looks_like_chinese_utf16(sample[: len(sample) // 2 * 2], codec):
            return codec
    return None


_PLAUSIBLE_RE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7\t\n\r\x20-\x7e]")


def _looks_like_chinese_utf16(sample: bytes, codec: str) -> bool:
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        # The sample may end inside a surrogate pair: retry without the last code unit.
        try:
            text = sample[:-2].decode(codec)
        except UnicodeDecodeError:
            return False
    if not text:
        return False
    plausible = len(_PLAUSIBLE_RE.findall(text)) / len(text)
    if plausible <= 0.95:  # UTF-8 or GBK bytes read as UTF-16: no need to weigh the characters
        return False
    from fzreview.core.loaders.text_quality import common_share

    n_hanzi, share = common_share(text)
    return n_hanzi >= 4 and share > 0.8


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _legacy_chinese(data: bytes) -> tuple[str, str] | None:
    """Strict GBK/GB18030 and Big5 decodings, the more Chinese-looking one wins."""
    from fzreview.core.loaders.text_quality import common_share

    candidates: list[tuple[float, str, str]] = []
    for codec, label in (("gbk", "gbk"), ("gb18030", "gb18030"), ("big5", "big5")):
        text = _strict(data, codec)
        if text is None:
            continue
        if label == "gb18030" and any(c[1] == "gbk" for c in candidates):
            continue  # GBK is a subset of GB18030: same text, keep the narrower name.
        n_hanzi, share = common_share(text)
        # Big5 text read as GBK gives rare and private-use characters; GBK read
        # as Big5 rarely decodes at all.
        private = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
        score = share * n_hanzi / (n_hanzi + 2 * private) if n_hanzi + private else 0.5
        candidates.append((score, label, text))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[0], c[1] != "big5"))
    return best[2], best[1]


def decode_text(data: bytes, warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode bytes of a Chinese text file; return (text, encoding used).

    Messages about a lossy decoding are appended to `warnings` when given.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                text = data.decode(codec, errors="replace")
                damaged = len(_REPLACEMENT_RUN_RE.findall(text))
                if warnings is not None:
                    warnings.append(
                        f"文件以 {label.upper()} 标记开头，但其中有 {damaged} 处无法按该编码识别的字节，"
                        "已用“\ufffd”代替，请核对相关文字。"
                    )
            return text.lstrip("\ufeff"), label
    utf16 = utf16_without_bom(data)
    if utf16:
        text = _strict(data, utf16)
        if text is not None:
            return text, utf16
    if b"\x00" in data[:8192]:
        raise DocumentError(BINARY_TEXT_MESSAGE)
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    legacy = _legacy_chinese(data)
    if legacy is not None:
        return legacy
    return _detect_damaged(data, warnings)


def _detect_damaged(data: bytes, warnings: list[str] | None) -> tuple[str, str]:
    """Bytes no codec decodes strictly (UTF-16 without BOM, a few damaged bytes)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CHINESE_CODECS).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    # A UTF-8 or GBK file with a few damaged bytes: keep it when the damage is small.
    def damaged_spots(text: str) -> int:
        return len(_REPLACEMENT_RUN_RE.findall(text))

    best_text, best_codec = min(
        ((data.decode(codec, errors="replace"), codec) for codec in ("utf-8", "gb18030")),
        key=lambda pair: damaged_spots(pair[0]),
    )
    damaged = damaged_spots(best_text)
    if damaged > max(3, len(best_text) // 200):
        raise DocumentError(UNDECODABLE_MESSAGE)
    if warnings is not None:
        warnings.append(
            f"文件中有 {damaged} 处无法识别的字节（按 {best_codec.upper()} 编码读取），已用“\ufffd”代替，请核对相关文字。"
        )
    return best_text, best_codec
