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
- the page's own source and date line (来源：… 发布日期：2025-01-27) is kept, cleaned of the
  furniture around it (浏览次数, 字号, 打印 …), so the report's facts can be read from it
  (core/facts.py); it is checked before anything is dropped as chrome;
- paragraphs that are web-page chrome (分享到, 扫一扫, 无障碍, 长者模式, 登录, 您当前的位置,
  字号 大 中 小, 打印本页, 关闭窗口, 备案号 …) are dropped.
"""

from __future__ import annotations

import re

_FULLWIDTH_ASCII: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
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
    r"(?:您|你)?(?:当前|现在)?的?(?:所在)?位置[:：].*|(?:浏览次数|访问量|点击率|点击数|阅读次数)[:：].{0,30}"
    r")$"
)
# Words of page furniture; a short paragraph made only of them (and punctuation) is chrome:
# 无障碍版长者助手登录, 字号：大 中 小, 【打印本页】【关闭窗口】, 分享到：微信 微博.
_CHROME_WORDS_RE = re.compile(
    r"无障碍(?:浏览|阅读|版)?|长者(?:模式|版)?|关怀版|适老化|读屏|助手|智能问答|登录|注册|个人中心|简体|繁體|繁体|English|"
    r"字号|字体|[大中小]|默认|打印(?:本页|正文|此页)?|关闭(?:本页|窗口)?|收藏(?:本页)?|分享到?|微信|微博|QQ空间|"
    r"朋友圈|纠错|返回顶部|首页|搜索|扫一扫|放大|缩小|视力保护色|[【】\[\]<>《》>›»|/:：、，,.\s]"
)
# The page's own date and source line: 发布时间：2023-02-10 15:34 来源：留下街道 点击率：
_PAGE_LINE_RE = re.compile(r"(?:发布|公开|发文|成文|印发)?(?:日期|时间)[:：]\s*\d{4}|(?:信息)?来源[:：]|发布机构[:：]")
_PAGE_LABEL_RE = re.compile(r"(?:(?:发布|公开|发文|成文|印发)?(?:日期|时间)|(?:信息)?来源|发布机构|作者|责任编辑)[:：]")
_PAGE_NOISE_RE = re.compile(r"(?:浏览次数|访问量|点击率|点击数|阅读次数|访问次数)[:：]?\s*\d*|【?\s*(?:字号|字体)[^】]*】?|"
                            r"[【\[]?\s*(?:打印|关闭|收藏|分享到?)[^】\]]*[】\]]?")
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


def page_line(line: str) -> str | None:
    """The page's own date/source line, cleaned of the furniture around it; None if it is not one."""
    if len(line) > 120 or not _PAGE_LINE_RE.search(line):
        return None
    cleaned = _SPACES_RE.sub(" ", _PAGE_NOISE_RE.sub(" ", line)).strip(" ：:|")
    if not _PAGE_LINE_RE.search(cleaned):
        return None
    # One space before each label, so 来源：三乡镇 and 发布日期 stay apart.
    out, last = [], 0
    for m in _PAGE_LABEL_RE.finditer(cleaned):
        out.append(cleaned[last:m.start()].rstrip(" "))
        last = m.start()
    out.append(cleaned[last:])
    return " ".join(x for x in out if x)


def is_chrome(line: str) -> bool:
    """True for a paragraph that is website furniture (navigation, share bar …)."""
    if _NO_WORD_RE.match(line):
        return True
    if len(line) > 60:
        return False
    return bool(_CHROME_RE.match(line)) or not _CHROME_WORDS_RE.sub("", line)


def normalize_paragraphs(items: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """Normalise (text, page) paragraphs; drop empty ones and web chrome.

    A raw paragraph containing newlines is split into several paragraphs.
    """
    out: list[tuple[str, int | None]] = []
    for raw, page in items:
        for piece in raw.split("\n"):
            text = normalize_line(piece)
            if not text:
                continue
            kept = page_line(text)  # facts first: the date/source line is read before chrome goes
            if kept is not None:
                out.append((kept, page))
            elif not is_chrome(text):
                out.append((text, page))
    return out
