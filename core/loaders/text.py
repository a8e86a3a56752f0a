"""Plain-text reports in the encodings Chinese files really use."""

from __future__ import annotations

from core.document import DocumentError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of a Chinese text file; return (text, encoding used)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:4096]:
        raise DocumentError("这不是文本文件（含有二进制内容）。")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise DocumentError("无法识别文件的文字编码（不是 UTF-8 或 GB18030）。") from None
