"""Web pages saved from a government site: the article body, its title and date.

The charset comes from the BOM or the meta tag, but bytes that are valid UTF-8
are read as UTF-8 whatever the meta tag says (sites declare gb2312 and serve
UTF-8). Page furniture is removed by tag (nav, header, footer, script …) and by
class/id (nav, share, breadcrumb, footer …); the article is the block holding
most Chinese prose (scored by Chinese characters and punctuation, links
discounted). The page title and a publication-date line are kept as the first
paragraphs, since timeliness checks use the date.
"""

from __future__ import annotations

import re

from fzreview.core.document import Document, DocumentError
from fzreview.core.loaders.limits import Budget
from fzreview.core.loaders.text import decode_text

_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CODEC_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "big5": "big5hkscs", "x-big5": "big5hkscs",
}

_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "nav", "header",
    "footer", "aside", "form", "button", "select", "input", "textarea", "map", "audio", "video",
    "canvas", "link", "meta", "head",
}
# class/id markers of page furniture: anywhere in the name, or as a whole word.
_FURNITURE_ANYWHERE_RE = re.compile(
    r"share|breadcrumb|crumbs|footer|copyright|qrcode|erweima|toolbar|sidebar|jiathis|wza|barrierfree|"
    r"accessib|pagination|advert|friendlink|skipnav",
    re.IGNORECASE,
)
_FURNITURE_WORD_RE = re.compile(
    r"(?:^|[\s_\-])(?:nav\w*|menu\w*|foot|crumb|login|search\w*|comments?|ewm|pager|ads?|banner|position|"
    r"location|dqwz|skip|top-?bar|related|recommend\w*|yqlj|tools?)(?:$|[\s_\-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "tr", "table", "tbody", "thead", "pre", "blockquote", "dd", "dt", "dl", "center", "hr", "address",
    "figure", "figcaption", "caption",
}
_PROSE_TAGS = {"p", "div", "td", "pre", "section", "article", "span", "font", "li", "blockquote"}
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_PUNCT_RE = re.compile(r"[，。；：、！？]")
_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")

_DATE_LABEL_RE = re.compile(
    r"(发布日期|发布时间|发文日期|成文日期|印发日期|日期|时间)\s*[:：]?\s*"
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_META_DATE_NAMES = ("pubdate", "publishdate", "article:published_time", "dc.date", "firstpublishedtime", "date")
_DATE_ID_RE = re.compile(r"pub\w*time|pub\w*date|publish|fbsj|fbrq|(?:^|[\s_\-])time(?:$|[\s_\-])|(?:^|[\s_\-])date(?:$|[\s_\-])",
                         re.IGNORECASE)
_TITLE_SPLIT_RE = re.compile(r"\s*(?:_|\||｜| - | — |--|——)\s*")


def decode_html(data: bytes, warnings: list[str]) -> tuple[str, str]:
    """Decode a saved web page: BOM, then UTF-8 if valid, then the declared charset, then detection."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data, warnings)
    head = data[:8192]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    declared = match.group(1).decode("ascii").lower() if match else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if declared and declared not in ("utf-8", "utf8") and not data.isascii():
            warnings.append(f"网页声明的编码是 {declared}，但内容实际是 UTF-8，已按 UTF-8 读取。")
        return text, "utf-8"
    if declared:
        codec = _CODEC_ALIASES.get(declared, declared)
        try:
            return data.decode(codec), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_text(data, warnings)


def _class_id(element) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}".strip()


def _cjk_len(text: str) -> int:
    return len(_CJK_RE.findall(text))


def _clean_tree(root) -> None:
    total = max(_cjk_len(root.text_content()), 1)
    doomed = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _DROP_TAGS:
            doomed.append(element)
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style or element.get("hidden") is not None:
            doomed.append(element)
            continue
        marker = _class_id(element)
        if marker and tag not in ("body", "html") and (
                _FURNITURE_ANYWHERE_RE.search(marker) or _FURNITURE_WORD_RE.search(marker)):
            # Never drop a block holding most of the page's Chinese text: that is the article.
            if _cjk_len(element.text_content()) < 0.4 * total:
                doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


def _own_text(element) -> str:
    """Text of an element excluding nested block elements."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag not in _BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _link_text_len(element) -> int:
    return sum(_cjk_len(a.text_content()) for a in element.iter("a"))


def _best_blocks(root) -> list:
    """The container holding most Chinese prose, plus its prose-rich siblings."""
    scores: dict = {}
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in _PROSE_TAGS:
            continue
        own = _own_text(element)
        cjk = _cjk_len(own)
        if cjk < 10:
            continue
        score = cjk + 5 * len(_PUNCT_RE.findall(own))
        parent = element.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + score
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + score / 2
    if not scores:
        return [root]
    for element in list(scores):
        text_len = max(_cjk_len(element.text_content()), 1)
        scores[element] *= 1 - min(_link_text_len(element) / text_len, 1.0)
    best = max(scores, key=lambda element: scores[element])
    top = scores[best]
    parent = best.getparent()
    if parent is None:
        return [best]
    return [child for child in parent if child is best or scores.get(child, 0) >= max(20, top * 0.2)]


def _flatten(element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        out.append("\n")
    block = tag in _BLOCK_TAGS
    if block:
        out.append("\n")
    if element.text:
        out.append(element.text if tag == "pre" else _SPACE_RE.sub(" ", element.text))
    for child in element:
        _flatten(child, out)
        if child.tail:
            out.append(_SPACE_RE.sub(" ", child.tail))
    if tag in ("td", "th"):
        out.append(" ")
    if block:
        out.append("\n")


def _page_title(root) -> str:
    candidates = []
    for name in ("ArticleTitle", "articletitle", "og:title"):
        for meta in root.iter("meta"):
            if (meta.get("name") or meta.get("property") or "") == name and meta.get("content"):
                candidates.append(meta.get("content"))
    head_title = ""
    for title in root.iter("title"):
        head_title = _SPACE_RE.sub(" ", title.text_content()).strip()
        break
    for h1 in root.iter("h1"):
        text = _SPACE_RE.sub(" ", h1.text_content()).strip()
        if text and _CJK_RE.search(text) and (not head_title or text in head_title or len(text) >= 6):
            candidates.append(text)
            break
    if head_title:
        pieces = [p for p in _TITLE_SPLIT_RE.split(head_title) if p]
        candidates.append(max(pieces[:2], key=len) if pieces else head_title)
    for candidate in candidates:
        candidate = _SPACE_RE.sub(" ", candidate).strip()
        if 2 <= len(candidate) <= 120:
            return candidate
    return ""


_SOURCE_LABEL_RE = re.compile(r"(?:信息)?来源\s*[:：]\s*([\u4e00-\u9fff]{2,30})")


def _date_line(root, page_text: str) -> str:
    """The page's date line, with the page's own source (来源：…) when it gives one."""
    line = _date_only(root, page_text)
    source = _SOURCE_LABEL_RE.search(page_text)
    if source:
        line = (line + " " if line else "") + f"来源：{source.group(1)}"
    return line


def _date_only(root, page_text: str) -> str:
    match = _DATE_LABEL_RE.search(page_text)
    if match and match.group(1) in ("发布日期", "发布时间", "发文日期", "成文日期", "印发日期"):
        label, y, m, d = match.groups()
        return f"{label}：{y}-{int(m):02d}-{int(d):02d}"
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in _META_DATE_NAMES:
            found = _DATE_RE.search(meta.get("content") or "")
            if found:
                y, m, d = found.groups()
                return f"发布日期：{y}-{int(m):02d}-{int(d):02d}"
    for element in root.iter():
        if isinstance(element.tag, str) and _DATE_ID_RE.search(_class_id(element)):
            found = _DATE_RE.search(element.text_content())
            if found:
                y, m, d = found.groups()
                return f"发布时间：{y}-{int(m):02d}-{int(d):02d}"
    if match:
        _, y, m, d = match.groups()
        return f"发布日期：{y}-{int(m):02d}-{int(d):02d}"
    return ""


def load_html(data: bytes, *, budget: Budget, source_path: str, sha256: str,
              warnings: list[str]) -> Document:
    import lxml.html
    from lxml import etree

    text, encoding = decode_html(data, warnings)
    text = _XML_INVALID_RE.sub("", _XML_DECL_RE.sub("", text, count=1))  # lxml refuses control characters
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True,
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise DocumentError("网页文件内容无法解析（可能不是网页或已损坏）。") from None
    title = _page_title(root)
    date_line = _date_line(root, _SPACE_RE.sub(" ", root.text_content()))
    body = root.find("body")
    if body is None:
        body = root
    _clean_tree(body)
    out: list[str] = []
    for block in _best_blocks(body):
        _flatten(block, out)
        out.append("\n")
    paragraphs = [line for line in "".join(out).split("\n") if line.strip()]
    budget.count_lines(len(paragraphs))
    for line in paragraphs:
        budget.take(line)
    if not paragraphs:
        raise DocumentError("网页中没有找到正文文字（页面可能只有导航、图片或需要脚本加载的内容）。")
    head: list[str] = []
    squeezed = [re.sub(r"\s", "", p) for p in paragraphs[:6]]
    if title and re.sub(r"\s", "", title) not in squeezed:
        head.append(title)
    date_part = _DATE_RE.search(date_line)
    day = date_part.group(0) if date_part else ""
    if date_line and not (day and any(day in p or day.replace("-", "年", 1) in p for p in squeezed)) \
            and not any(date_line.replace(" ", "") in p for p in squeezed):
        head.append(date_line)
    return Document.from_paragraphs(
        head + paragraphs, source_path=source_path, source_format="html", encoding=encoding, sha256=sha256,
        warnings=warnings, title=title,
    )
