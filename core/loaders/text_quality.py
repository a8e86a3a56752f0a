"""Is extracted text real Chinese? And repairing one known kind of mojibake.

A PDF with a scrambled ToUnicode map extracts as confident-looking rare
characters (犌犕／犜 for GM/T); a mis-detected encoding does the same. Real
report text is almost entirely made of the ~3,500 common characters, so the
share of those among all Chinese characters separates the two cleanly.
"""

from __future__ import annotations

import re

_HANZI_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# pypdf writes an unmapped glyph as its name, e.g. "/G21".
_GLYPH_NAME_RE = re.compile(r"/(?:G|g|cid|uni)[0-9A-Fa-f]{2,5}")

MIN_HANZI_FOR_VERDICT = 30
GARBLED_BELOW = 0.35
SUSPECT_BELOW = 0.6


def common_share(text: str) -> tuple[int, float]:
    """(number of Chinese characters, share of them that are common characters)."""
    from fzreview.core.loaders.common_hanzi import COMMON_HANZI

    hanzi = _HANZI_RE.findall(text)
    if not hanzi:
        return 0, 0.0
    common = sum(1 for ch in hanzi if ch in COMMON_HANZI)
    return len(hanzi), common / len(hanzi)


def glyph_name_count(text: str) -> int:
    return len(_GLYPH_NAME_RE.findall(text))


def quality(text: str) -> str:
    """'ok', 'suspect' or 'garbled' for a whole document's extracted text."""
    n_hanzi, share = common_share(text)
    glyphs = glyph_name_count(text)
    if n_hanzi < MIN_HANZI_FOR_VERDICT:
        return "garbled" if glyphs >= 20 and glyphs > n_hanzi else "ok"
    # Unmapped glyph names count as uncommon characters.
    share = share * n_hanzi / (n_hanzi + glyphs)
    if share < GARBLED_BELOW:
        return "garbled"
    if share < SUSPECT_BELOW:
        return "suspect"
    return "ok"


# --- Latin-1 mojibake of GBK bytes -------------------------------------------
# A PDF font declared WinAnsi whose string bytes are really GBK extracts as
# Latin-1/cp1252 characters ("¶Ô¹ú·À" for 对国防). Mapping each character back to
# its byte and decoding the bytes as GBK recovers the text.

_LATIN1_HIGH_RE = re.compile(r"[\u00a0-\u00ff]")


def _char_to_byte(ch: str) -> int | None:
    code = ord(ch)
    if code < 0x100:
        return code
    try:
        encoded = ch.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 1 else None


def looks_like_gbk_mojibake(text: str) -> bool:
    visible = [ch for ch in text if not ch.isspace()]
    if len(visible) < 8 or _HANZI_RE.search(text):
        return False
    high = len(_LATIN1_HIGH_RE.findall(text))
    return high / len(visible) > 0.4


def repair_gbk_mojibake(text: str) -> str | None:
    """Re-read Latin-1 mojibake as GBK; None when that does not give real Chinese."""
    lines_out: list[str] = []
    for line in text.split("\n"):
        # Spaces between two high-byte pieces were inserted by the extractor
        # between glyph runs; they are not in the original bytes.
        pieces = line.split(" ")
        buf = bytearray()
        prev_high = False
        for index, piece in enumerate(pieces):
            if not piece:
                continue
            maybe = [_char_to_byte(ch) for ch in piece]
            raw = [b for b in maybe if b is not None]
            if len(raw) != len(maybe):
                return None
            cur_high = raw[0] >= 0x80
            if index and buf and not (prev_high and cur_high):
                buf.append(0x20)
            buf.extend(raw)
            prev_high = raw[-1] >= 0x80
        lines_out.append(bytes(buf).decode("gb18030", errors="replace"))
    repaired = "\n".join(lines_out)
    n_hanzi, share = common_share(repaired)
    if n_hanzi < 4 or share < SUSPECT_BELOW or repaired.count("\ufffd") > n_hanzi // 10:
        return None
    return repaired
