"""Text normalisation shared by every loader.

Reports arrive with full-width digits, half-width Chinese punctuation typed on
an English keyboard, web-page chrome from government sites, and stray
whitespace. Normalising once, before any offsets are taken, means the matcher,
the evidence spans and the highlighted view all agree on one text.

Rules (per paragraph):
- full-width ASCII letters, digits and symbols become half-width (１２ → 12);
  Chinese punctuation (，。、；：（）“”《》) is kept;
- ASCII punctuation used inside Chinese text becomes Chinese punctuation
  (`2024年,在` → `2024年，在`, `(一)` → `（一）`); numbers keep theirs (`1,300`);
- zero-width and control characters are removed, runs of whitespace become one
  space, and spaces between two Chinese characters are removed;
- paragraphs that are web-page chrome (分享到, 扫一扫, 无障碍, 备案号 …) are dropped.
"""

from __future__ import annotations

import re

_FULLWIDTH_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Keep these full-width forms: they are the normal Chinese punctuation.
for _ch in "，；：（）！？％":
    _FULLWIDTH_ASCII.pop(ord(_ch), None)
_FULLWIDTH_ASCII[0x3000] = 0x20  # ideographic space
_FULLWIDTH_ASCII[0xFF05] = ord("%")  # ％ → %  (figures read better half-width)
_FULLWIDTH_ASCII[0x00A0] = 0x20
for _cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD):
    _FULLWIDTH_ASCII[_cp] = None
for _cp in list(range(0x00, 0x09)) + [0x0B, 0x0C] + list(range(0x0E, 0x20)) + [0x7F]:
    _FULLWIDTH_ASCII[_cp] = None

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201f\u2014\u2026"
_CJK_RE = re.compile(f"[{_CJK}]")
_PUNCT_MAP = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# ASCII punctuation with a Chinese character on either side.
_ASCII_PUNCT_RE = re.compile(f"(?<=[{_CJK}])[,;:?!]|[,;:?!](?=[{_CJK}])")
_PAREN_RE = re.compile(r"\(([^()\n]{0,80})\)")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")
_CJK_SPACE_RE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_PUNCT_SPACE_RE = re.compile(r"(?<=[，。；：、！？（）“”《》]) | (?=[，。；：、！？（）“”《》])")
_DQUOTE_RE = re.compile(r'"([^"\n]{1,60})"')

# Paragraphs that are page furniture of government websites, not report text.
_CHROME_RE = re.compile(
    r"^(?:"
    r"无障碍(?:浏览|阅读)?|长者模式|关怀版|分享到[:：]?.*|扫一扫.*|打印本页|关闭(?:本页|窗口)|"
    r"【?\s*(?:字体|字号)[:：]?.*|【?(?:打印|关闭|收藏)】?.*|"
    r"(?:主办|承办|协办)单位[:：].*|.*备案号.*|网站标识码.*|.*公网安备.*|"
    r"您访问的链接即将离开.*|是否继续[？?]?|当前位置[:：].*|首页\s*[>›].*|"
    r"(?:上一篇|下一篇)[:：].*|.*(?:门户网站|人民政府网)|相关链接|网站地图|联系我们|"
    r"(?:发布机构|信息来源|来源|浏览次数|访问量)[:：].{0,30}"
    r")$"
)
_NO_WORD_RE = re.compile(r"^[\W_]*$")


def _to_fullwidth_parens(match: re.Match[str]) -> str:
    inner = match.group(1)
    start, end = match.span()
    text = match.string
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if _CJK_RE.search(inner) or _CJK_RE.match(before or " ") or _CJK_RE.match(after or " "):
        return f"（{inner}）"
    return match.group(0)


def normalize_line(line: str) -> str:
    """Normalise one paragraph of text (no newlines inside)."""
    line = line.translate(_FULLWIDTH_ASCII)
    line = _SPACES_RE.sub(" ", line).strip()
    if not line:
        return ""
    line = _CJK_SPACE_RE.sub("", line)
    if _CJK_RE.search(line):
        line = _ASCII_PUNCT_RE.sub(lambda m: _PUNCT_MAP[m.group(0)], line)
        line = _PAREN_RE.sub(_to_fullwidth_parens, line)
        line = _DQUOTE_RE.sub(lambda m: f"“{m.group(1)}”", line)
        line = _PUNCT_SPACE_RE.sub("", line)
    line = line.lstrip("•·●▪◆■□►")
    return line.strip()


def is_chrome(line: str) -> bool:
    """True for a paragraph that is website furniture (navigation, share bar …)."""
    if _NO_WORD_RE.match(line):
        return True
    return len(line) <= 60 and bool(_CHROME_RE.match(line))


def normalize_paragraphs(items: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Normalise (text, page) paragraphs; drop empty ones and web chrome.

    A raw paragraph containing newlines is split into several paragraphs.
    """
    out: list[tuple[str, int | None]] = []
    for raw, page in items:
        for piece in raw.split("\n"):
            text = normalize_line(piece)
            if text and not is_chrome(text):
                out.append((text, page))
    return out
